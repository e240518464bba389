// The static export's search page (templates/talks/static_search.html): Pagefind's
// interface over the index of this page's language, which Pagefind picks from <html lang>.
// The header's search box sends ?q=; that query runs at once.
(function () {
  "use strict";

  function start() {
    const element = document.querySelector("[data-static-search]");
    if (!element || typeof window.PagefindUI !== "function") {
      return;
    }
    const ui = new window.PagefindUI({
      element: element,
      showImages: false,
      showSubResults: false,
      resetStyles: false,
    });
    const query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
