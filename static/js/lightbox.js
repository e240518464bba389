/* The gallery lightbox: opens a gallery page's photos in a modal <dialog>.

   Progressive enhancement: without this script each grid item is a plain link to its photo
   page. With it, a click opens the <dialog data-lightbox> of the page on that photo: a copy
   of the grid's <picture> (its srcset lets the browser pick a large rendition), the title,
   credit and position from the item's data- attributes, a link to the photo page and a
   download link. Left and right arrows (and swipes on touch screens) move between the
   photos of the page, Escape closes; Tab stays inside the dialog; focus goes back to the
   photo it was opened from. The address bar shows the open photo's page, with
   history.replaceState, so a copied URL is its permalink. */
(function () {
  "use strict";

  var SWIPE_DISTANCE = 50; // pixels a finger must travel sideways to change photo

  function init(grid, dialog) {
    var items = Array.prototype.slice.call(grid.querySelectorAll("[data-lightbox-item]"));
    var part = function (name) {
      return dialog.querySelector("[data-lightbox-" + name + "]");
    };
    var image = part("image");
    var title = part("title");
    var position = part("position");
    var credit = part("credit");
    var permalink = part("permalink");
    var download = part("download");
    var previous = part("previous");
    var next = part("next");
    var current = -1;
    var returnUrl = null;
    var swipeStart = null;

    function link(index) {
      return items[index].querySelector("a");
    }

    function show(index) {
      current = index;
      var item = items[index];
      var picture = link(index).firstElementChild;
      image.replaceChildren();
      if (picture) {
        var copy = picture.cloneNode(true);
        // The grid asks for thumbnails; here the photo fills the screen.
        copy.querySelectorAll("source, img").forEach(function (element) {
          element.setAttribute("sizes", "100vw");
        });
        var img = copy.querySelector("img");
        if (img) {
          img.removeAttribute("loading");
        }
        image.appendChild(copy);
      }
      title.textContent = item.dataset.title;
      // A caption shown in the other language (it has none in the page's) says which.
      if (item.dataset.titleLang) {
        title.lang = item.dataset.titleLang;
      } else {
        title.removeAttribute("lang");
      }
      position.textContent = item.dataset.position;
      credit.textContent = item.dataset.credit || "";
      credit.hidden = !item.dataset.credit;
      permalink.setAttribute("href", link(index).getAttribute("href"));
      if (item.dataset.download) {
        download.href = item.dataset.download;
        download.textContent = item.dataset.downloadLabel;
        download.hidden = false;
      } else {
        download.removeAttribute("href");
        download.hidden = true;
      }
      previous.disabled = index === 0;
      next.disabled = index === items.length - 1;
      history.replaceState(history.state, "", link(index).getAttribute("href"));
    }

    function move(step) {
      var index = current + step;
      if (current < 0 || index < 0 || index >= items.length) {
        return;
      }
      // A disabled button cannot keep the focus: keep it on the one that still works.
      var focused = document.activeElement;
      show(index);
      if (focused && focused.disabled) {
        (step < 0 ? next : previous).focus();
      }
    }

    function open(index) {
      returnUrl = location.href;
      show(index);
      dialog.showModal();
      part("close").focus();
    }

    function focusable() {
      return Array.prototype.filter.call(
        dialog.querySelectorAll("a[href], button:not([disabled])"),
        function (element) {
          return !element.hidden;
        }
      );
    }

    items.forEach(function (item, index) {
      link(index).addEventListener("click", function (event) {
        // Let a middle click or Ctrl/Cmd click open the photo page in a new tab.
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return;
        }
        event.preventDefault();
        open(index);
      });
    });

    previous.addEventListener("click", function () {
      move(-1);
    });
    next.addEventListener("click", function () {
      move(1);
    });
    part("close").addEventListener("click", function () {
      dialog.close();
    });

    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") {
        event.preventDefault();
        move(-1);
      } else if (event.key === "ArrowRight") {
        event.preventDefault();
        move(1);
      } else if (event.key === "Tab") {
        // A modal dialog makes the page inert, but Tab can still leave for the browser's
        // own controls; wrap around inside the dialog instead.
        var targets = focusable();
        var first = targets[0];
        var last = targets[targets.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
      // Escape: the browser closes a modal <dialog> by itself ("cancel", then "close").
    });

    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        dialog.close();
      }
    });

    dialog.addEventListener("close", function () {
      if (returnUrl) {
        history.replaceState(history.state, "", returnUrl);
      }
      var from = current >= 0 ? link(current) : null;
      current = -1;
      image.replaceChildren();
      if (from) {
        // After the browser's own restore (to the thumbnail that opened the dialog): the
        // one of the photo last shown is where the visitor is in the gallery now.
        from.focus();
      }
    });

    // Swipes: pointer events cover touch, pen and mouse drags alike. The image area sets
    // touch-action: pan-y in CSS, so sideways moves reach us instead of scrolling.
    image.addEventListener("pointerdown", function (event) {
      swipeStart = { x: event.clientX, y: event.clientY };
    });
    image.addEventListener("pointercancel", function () {
      swipeStart = null;
    });
    image.addEventListener("pointerup", function (event) {
      if (!swipeStart) {
        return;
      }
      var dx = event.clientX - swipeStart.x;
      var dy = event.clientY - swipeStart.y;
      swipeStart = null;
      if (Math.abs(dx) >= SWIPE_DISTANCE && Math.abs(dx) > Math.abs(dy)) {
        move(dx < 0 ? 1 : -1);
      }
    });
    // Dragging an <img> would start the browser's own drag and drop instead of a swipe.
    image.addEventListener("dragstart", function (event) {
      event.preventDefault();
    });
  }

  function start() {
    var grid = document.querySelector("[data-lightbox-grid]");
    var dialog = document.querySelector("dialog[data-lightbox]");
    if (grid && dialog && typeof dialog.showModal === "function") {
      init(grid, dialog);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
