/* Click-to-load video players for talk pages.

   The page renders <a class="video-facade" data-embed-url="..." data-embed-title="..."> to
   the video on its own site, over a local poster, so nothing is requested from the video
   site while the page loads. This script turns each such link into a button; pressing it
   replaces the button with the player's <iframe>. The embed URLs are built on the server
   (talks/video.py) and allowed by the page's Content-Security-Policy (frame-src). */
(function () {
  "use strict";

  // Only what a player needs: YouTube, Vimeo and PeerTube run scripts in their own origin,
  // open the video on their site in a new tab, and go full screen.
  var SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups " +
    "allow-popups-to-escape-sandbox";
  var ALLOW = "autoplay; encrypted-media; fullscreen; picture-in-picture";

  function player(link) {
    var iframe = document.createElement("iframe");
    iframe.className = "video-player";
    iframe.title = link.dataset.embedTitle;
    iframe.setAttribute("sandbox", SANDBOX);
    iframe.setAttribute("allow", ALLOW);
    iframe.setAttribute("allowfullscreen", "");
    // Created on a click, in view: load it now.
    iframe.setAttribute("loading", "eager");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.src = link.dataset.embedUrl;
    return iframe;
  }

  function upgrade(link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.setAttribute("aria-label", link.getAttribute("aria-label"));
    while (link.firstChild) {
      button.appendChild(link.firstChild);
    }
    button.addEventListener("click", function () {
      var iframe = player(link);
      button.replaceWith(iframe);
      iframe.focus();
    });
    link.replaceWith(button);
  }

  function init() {
    document.querySelectorAll("a.video-facade[data-embed-url]").forEach(upgrade);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
