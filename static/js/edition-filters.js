/* The edition page's filters by track and language, without a page reload.

   The server renders the whole schedule and a hidden <form data-talk-filters="ID"> whose
   selects list the tracks and languages present. This script shows the form and, on each
   change, toggles the `hidden` attribute of the talks (li[data-track][data-language]) inside
   the element #ID, then hides time slots and days left empty, and says how many talks are
   shown. No styles are set from here: the site's CSP allows no inline style. */
(function () {
  "use strict";

  function setHidden(element, hidden) {
    if (element.hidden !== hidden) {
      element.hidden = hidden;
    }
  }

  function setUp(form) {
    var schedule = document.getElementById(form.dataset.talkFilters);
    if (!schedule) {
      return;
    }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var talks = Array.prototype.slice.call(schedule.querySelectorAll("li[data-language]"));
    var slots = Array.prototype.slice.call(schedule.querySelectorAll(".slot"));
    var days = Array.prototype.slice.call(schedule.querySelectorAll(".schedule-day"));
    var status = form.querySelector("[data-filter-status]");

    function apply() {
      var wanted = {};
      selects.forEach(function (select) {
        if (select.value) {
          wanted[select.dataset.filter] = select.value;
        }
      });
      var shown = 0;
      talks.forEach(function (talk) {
        var match = Object.keys(wanted).every(function (name) {
          return talk.dataset[name] === wanted[name];
        });
        setHidden(talk, !match);
        if (match) {
          shown += 1;
        }
      });
      slots.forEach(function (slot) {
        setHidden(slot, !slot.querySelector("li[data-language]:not([hidden])"));
      });
      days.forEach(function (day) {
        var empty = !day.querySelector(".slot:not([hidden])");
        setHidden(day, empty);
        var heading = day.getAttribute("aria-labelledby");
        var link = heading && document.querySelector('.on-this-page a[href="#' + heading + '"]');
        if (link) {
          setHidden(link.parentElement, empty);
        }
      });
      if (status) {
        var filtered = Object.keys(wanted).length > 0;
        status.textContent = filtered
          ? status.dataset.template
              .replace("%(shown)s", String(shown))
              .replace("%(total)s", String(talks.length))
          : "";
      }
    }

    selects.forEach(function (select) {
      select.addEventListener("change", apply);
    });
    // A reset button puts the selects back to "all"; filter once they are.
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    // Browsers restore the selects' values on back/forward navigation.
    window.addEventListener("pageshow", apply);
    form.hidden = false;
    apply();
  }

  function init() {
    document.querySelectorAll("form[data-talk-filters]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
