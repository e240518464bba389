// The moderation page's keys (photos/moderation_views.py): arrows (or j and k) move between
// photos, p publishes and r rejects the photo in focus without reloading the page, x
// selects it for the bulk actions. Without this script every button posts its form.
(function () {
  "use strict";
  var form = document.querySelector("[data-moderation]");
  if (!form) {
    return;
  }
  var items = Array.prototype.slice.call(form.querySelectorAll(".moderation-item"));

  function move(item, step) {
    var next = items[items.indexOf(item) + step];
    if (next) {
      next.focus();
    }
  }

  function send(item, button) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("action", button.value);
    var status = item.querySelector("[data-status]");
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        status.textContent = answer.message;
        if (answer.ok) {
          item.classList.add("is-done");
          move(item, 1);
        }
      })
      .catch(function () {
        button.form.requestSubmit(button);
      });
  }

  form.addEventListener("keydown", function (event) {
    var item = event.target.closest(".moderation-item");
    if (!item || event.target !== item || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var key = event.key.toLowerCase();
    if (key === "arrowright" || key === "arrowdown" || key === "j") {
      move(item, 1);
    } else if (key === "arrowleft" || key === "arrowup" || key === "k") {
      move(item, -1);
    } else if (key === "x") {
      var box = item.querySelector("input[type=checkbox]");
      box.checked = !box.checked;
    } else if (key === "p" || key === "r") {
      send(item, item.querySelector('[data-key="' + key + '"]'));
    } else {
      return;
    }
    event.preventDefault();
  });
})();
