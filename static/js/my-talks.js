/* The "My talks" page: the talks starred in this browser (static/js/stars.js), read from
   /talks.json?ids=… (public talks only), listed by edition, each with its star button so
   that it can be unstarred here; and a link to them all as one calendar file
   (/talks.ics?ids=…). Text comes from the server (the talks) or from the page's
   data-label-* attributes (the interface's words); everything is put in as text, never
   as HTML. Runs after stars.js (both deferred, in this order). */
(function () {
  "use strict";

  var root = document.querySelector("[data-my-talks]");
  var stars = window.archiveStars;
  if (!root || !stars) {
    return;
  }
  // The server reads at most this many ids (talks.readers.lists.MAX_IDS).
  var MAX_IDS = 200;
  var status = root.querySelector("[data-my-talks-status]");
  var empty = root.querySelector("[data-my-talks-empty]");
  var download = root.querySelector("[data-my-talks-download]");
  var list = root.querySelector("[data-my-talks-list]");

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function link(href, text, lang) {
    var made = element("a", "", text);
    made.href = href;
    if (lang) {
      made.lang = lang;
    }
    return made;
  }

  function item(talk) {
    var li = element("li");
    li.dataset.talkId = String(talk.id);
    var article = element("article", "talk-item");
    var heading = element("h3", "talk-item-title");
    heading.appendChild(link(talk.url, talk.title, talk.language));
    article.appendChild(heading);
    if (talk.subtitle) {
      var subtitle = element("p", "talk-item-subtitle", talk.subtitle);
      subtitle.lang = talk.language;
      article.appendChild(subtitle);
    }
    if (talk.speakers.length) {
      var credits = element("ul", "credits");
      talk.speakers.forEach(function (name) {
        credits.appendChild(element("li", "", name));
      });
      article.appendChild(credits);
    }
    var facts = element("ul", "facts-inline");
    [talk.when, talk.room].forEach(function (fact) {
      if (fact) {
        facts.appendChild(element("li", "", fact));
      }
    });
    article.appendChild(facts);
    li.appendChild(article);
    return li;
  }

  function render(talks) {
    var editions = [];
    talks.forEach(function (talk) {
      var last = editions[editions.length - 1];
      if (!last || last.url !== talk.edition.url) {
        last = { url: talk.edition.url, name: talk.edition.name, talks: [] };
        editions.push(last);
      }
      last.talks.push(talk);
    });
    editions.forEach(function (edition) {
      var section = element("section", "my-talks-edition");
      var heading = element("h2");
      heading.appendChild(link(edition.url, edition.name));
      section.appendChild(heading);
      var talkList = element("ul", "talk-list");
      edition.talks.forEach(function (talk) {
        talkList.appendChild(item(talk));
      });
      section.appendChild(talkList);
      list.appendChild(section);
    });
    stars.attach(list);
  }

  function update(ids) {
    empty.hidden = ids.length > 0;
    download.hidden = ids.length === 0;
    download.querySelector("a").href =
      root.dataset.icsUrl + "?ids=" + ids.slice(0, MAX_IDS).join(",");
  }

  root.hidden = false;
  var ids = stars.read();
  update(ids);
  document.addEventListener("stars-changed", function (event) {
    update(event.detail);
  });
  if (!ids.length) {
    return;
  }
  var query = "?ids=" + ids.slice(0, MAX_IDS).join(",");
  fetch(root.dataset.jsonUrl + query, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      return response.json();
    })
    .then(function (data) {
      render(data.talks);
    })
    .catch(function () {
      status.textContent = root.dataset.labelError;
    });
})();
