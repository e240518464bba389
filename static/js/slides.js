/* The slides viewer of a talk page (templates/talks/includes/slides.html).

   Progressive enhancement: without this script the page shows every slide as an image,
   one under the other, each at its own #slide-N. With it, one slide shows at a time, with
   previous/next buttons, the left and right arrow keys while the viewer has focus, swipes
   (pointer events), and a strip of thumbnails. The address follows the slide shown
   (#slide-N, by history.replaceState, so moving adds no history entries), and an address
   with #slide-N opens that slide. The images stay lazy: only the slide shown and the one
   after it are asked for. */
(function () {
  "use strict";

  var SWIPE_DISTANCE = 50; // pixels a finger must travel sideways to change slide
  var FRAGMENT = /^#slide-(\d+)$/;

  function init(section) {
    var stage = section.querySelector("[data-slides-stage]");
    var pages = Array.prototype.slice.call(section.querySelectorAll("[data-slides-page]"));
    var controls = section.querySelector("[data-slides-controls]");
    var strip = section.querySelector("[data-slides-strip]");
    var position = section.querySelector("[data-slides-position]");
    var previous = section.querySelector("[data-slides-previous]");
    var next = section.querySelector("[data-slides-next]");
    var thumbs = Array.prototype.slice.call(section.querySelectorAll("[data-slides-thumb]"));
    var current = -1;
    var swipeStart = null;

    function fromFragment(hash) {
      var match = FRAGMENT.exec(hash || "");
      var number = match ? parseInt(match[1], 10) : 0;
      return number >= 1 && number <= pages.length ? number - 1 : -1;
    }

    function load(index) {
      // A hidden lazy image is never fetched: once the reader moves, the slide shown and
      // the next are asked for. Before that the first slide stays lazy, so a page whose
      // slides are below the fold costs no more than its thumbnails in view.
      var img = pages[index] && pages[index].querySelector("img");
      if (img) {
        img.loading = "eager";
      }
    }

    function show(index, updateAddress, moved) {
      if (index < 0 || index >= pages.length || index === current) {
        return;
      }
      current = index;
      pages.forEach(function (page, i) {
        page.hidden = i !== index;
      });
      thumbs.forEach(function (thumb, i) {
        if (i === index) {
          thumb.setAttribute("aria-current", "true");
        } else {
          thumb.removeAttribute("aria-current");
        }
      });
      if (moved) {
        load(index);
        load(index + 1);
      }
      position.textContent = pages[index].dataset.label;
      previous.disabled = index === 0;
      next.disabled = index === pages.length - 1;
      if (updateAddress) {
        history.replaceState(history.state, "", "#" + pages[index].id);
      }
    }

    function move(step) {
      show(current + step, true, true);
    }

    previous.addEventListener("click", function () {
      move(-1);
    });
    next.addEventListener("click", function () {
      move(1);
    });
    stage.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        move(event.key === "ArrowLeft" ? -1 : 1);
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        show(event.key === "Home" ? 0 : pages.length - 1, true, true);
      }
    });
    stage.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "mouse") {
        swipeStart = { x: event.clientX, y: event.clientY };
      }
    });
    stage.addEventListener("pointercancel", function () {
      swipeStart = null;
    });
    stage.addEventListener("pointerup", function (event) {
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
    thumbs.forEach(function (thumb, i) {
      thumb.addEventListener("click", function (event) {
        event.preventDefault();
        show(i, true, true);
        stage.focus();
      });
    });
    // A #slide-N link followed within the page (a search result, a typed address).
    window.addEventListener("hashchange", function () {
      var index = fromFragment(location.hash);
      if (index >= 0) {
        show(index, false, true);
        section.scrollIntoView({ block: "start" });
      }
    });

    stage.tabIndex = 0;
    controls.hidden = false;
    strip.hidden = false;
    section.setAttribute("data-slides-ready", "");
    var opened = fromFragment(location.hash);
    show(opened >= 0 ? opened : 0, false, opened >= 0);
    if (opened >= 0) {
      section.scrollIntoView({ block: "start" });
    }
  }

  document.querySelectorAll("[data-slides]").forEach(init);
})();
