/* Starred talks, kept in this browser: no account, nothing sent to the server.

   The ids of the starred talks are a JSON array in localStorage ("starred-talks"). Every
   element with data-talk-id gets a star button, cloned from <template id="star-button">
   (talks/includes/stars.html: its translated label is there, in data-label, with
   %(title)s for the talk's title, or in the element's own data-star-label). A button is
   aria-pressed when its talk is starred; the buttons of one talk (a page may list it
   twice) and of other tabs stay in step. Elements with data-star-shown (links to "My
   talks") are shown. Without JavaScript, or where the browser keeps nothing, there are
   no stars and the pages work as before. window.archiveStars lets static/js/my-talks.js
   read the stars and give its own items buttons. */
(function () {
  "use strict";

  var KEY = "starred-talks";
  var template = document.getElementById("star-button");

  function read() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(Number.isInteger) : [];
    } catch (error) {
      return [];
    }
  }

  function storageWorks() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(read()));
      return true;
    } catch (error) {
      return false; // storage off, full, or refused (private modes of some browsers)
    }
  }

  function sync() {
    var ids = read();
    document.querySelectorAll("button[data-star-id]").forEach(function (button) {
      var starred = ids.indexOf(Number(button.dataset.starId)) !== -1;
      button.setAttribute("aria-pressed", starred ? "true" : "false");
    });
    document.dispatchEvent(new CustomEvent("stars-changed", { detail: ids }));
  }

  function toggle(id) {
    var ids = read();
    var index = ids.indexOf(id);
    if (index === -1) {
      ids.push(id);
    } else {
      ids.splice(index, 1);
    }
    window.localStorage.setItem(KEY, JSON.stringify(ids));
    sync();
  }

  function titleOf(element) {
    if (element.dataset.talkTitle) {
      return element.dataset.talkTitle;
    }
    var link = element.querySelector("a");
    return link ? link.textContent.trim() : "";
  }

  function addButton(element) {
    var id = Number(element.dataset.talkId);
    if (!Number.isInteger(id) || element.querySelector("button[data-star-id]")) {
      return;
    }
    var button = template.content.firstElementChild.cloneNode(true);
    button.dataset.starId = String(id);
    button.querySelector(".star-label").textContent =
      element.dataset.starLabel || template.dataset.label.replace("%(title)s", titleOf(element));
    button.addEventListener("click", function () {
      toggle(id);
    });
    element.insertBefore(button, element.firstChild);
  }

  function attach(root) {
    root.querySelectorAll("[data-talk-id]").forEach(addButton);
    sync();
  }

  if (!template || !storageWorks()) {
    return;
  }
  attach(document);
  document.querySelectorAll("[data-star-shown]").forEach(function (element) {
    element.hidden = false;
  });
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      sync();
    }
  });
  window.archiveStars = { read: read, attach: attach };
})();
