// The static export's search page (templates/talks/static_search.html): Pagefind's
// interface over the search bundles of the archive's editions (conference/static_export/
// search.py), merged; Pagefind searches the index of this page's language (<html lang>).
// The header's search box sends ?q=; that query runs at once.
(function () {
  "use strict";

  function start(element, editions) {
    // Absolute URLs: Pagefind imports its module from the bundle path, which a relative
    // path would resolve against the script's address, not the page's.
    const root = new URL(element.dataset.bundleRoot, document.baseURI);
    const bundles = editions.map((slug) => new URL(slug + "/", root).href);
    if (!bundles.length) {
      return;
    }
    const ui = new window.PagefindUI({
      element: element,
      bundlePath: bundles[0],
      // Results' addresses are from the folder's root, where pagefind/ sits: the export may
      // be served below a path (its base URL), not at a host's root.
      baseUrl: new URL("../", root).pathname,
      mergeIndex: bundles.slice(1).map((bundlePath) => ({ bundlePath: bundlePath })),
      showImages: false,
      showSubResults: false,
      resetStyles: false,
    });
    // Pagefind's box is named by its title only (axe: label-title-only); give it our label.
    const input = element.querySelector("input");
    if (input) {
      input.setAttribute("aria-label", element.dataset.label);
    }
    const query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }

  function load() {
    const element = document.querySelector("[data-static-search]");
    if (!element || typeof window.PagefindUI !== "function") {
      return;
    }
    const list = new URL("bundles.json", new URL(element.dataset.bundleRoot, document.baseURI));
    fetch(list)
      .then((response) => response.json())
      .then((editions) => start(element, editions));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
