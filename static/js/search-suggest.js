// Suggestions while typing in the header's search box (form[data-suggest-url]).
//
// The box becomes an ARIA 1.2 combobox with a listbox popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/):
// focus stays in the input, aria-activedescendant names the highlighted option, arrow keys
// move, Enter follows the highlighted suggestion, Escape closes. With nothing highlighted
// Enter submits the form, which is also all the box does without this script.
// The site's CSP forbids inline styles: only the hidden attribute and classes change here.
(() => {
  "use strict";

  const DEBOUNCE_MS = 200;
  const MIN_LENGTH = 2; // as talks.search.MIN_SUGGEST_LENGTH

  function setUp(form) {
    const input = form.querySelector("input[name=q]");
    const endpoint = form.dataset.suggestUrl;
    if (!input || !endpoint) {
      return;
    }
    const listbox = document.createElement("ul");
    listbox.id = `${input.id}-suggestions`;
    listbox.className = "suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", form.dataset.labelListbox || "");
    listbox.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.append(listbox, status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    let options = [];
    let active = -1;
    let timer = 0;
    let controller = null;

    function isOpen() {
      return !listbox.hidden;
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      options.forEach((option) => {
        option.classList.remove("is-active");
        option.setAttribute("aria-selected", "false");
      });
    }

    function open() {
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function highlight(index) {
      if (active >= 0) {
        options[active].classList.remove("is-active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      const option = options[active];
      option.classList.add("is-active");
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    // The translated names of the kinds come from data-label-speaker and friends.
    function kindLabel(kind) {
      const key = `label${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
      return form.dataset[key] || kind;
    }

    function render(suggestions) {
      options = suggestions.map((suggestion, index) => {
        const option = document.createElement("li");
        option.id = `${listbox.id}-${index}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = suggestion.url;
        const label = document.createElement("span");
        label.className = "suggestion-label";
        label.textContent = suggestion.label;
        const kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = [kindLabel(suggestion.kind), suggestion.detail]
          .filter(Boolean)
          .join(" · ");
        option.append(label, kind);
        return option;
      });
      listbox.replaceChildren(...options);
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (options.length) {
        open();
        const template = form.dataset.labelCount || "%(count)s";
        status.textContent = template.replace("%(count)s", String(options.length));
      } else {
        close();
        status.textContent = "";
      }
    }

    async function load(prefix) {
      if (controller) {
        controller.abort(); // a newer prefix wins; its answer is the only one shown
      }
      controller = new AbortController();
      const url = new URL(endpoint, window.location.href);
      url.searchParams.set("q", prefix);
      // The page's language, which its address chose (/ru/...): the suggestions link
      // pages in it, whatever the language cookie says (conference/web/language.py).
      if (document.documentElement.lang) {
        url.searchParams.set("lang", document.documentElement.lang);
      }
      try {
        const response = await fetch(url, {
          signal: controller.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) {
          throw new Error(`suggestions answered ${response.status}`);
        }
        const data = await response.json();
        // Answers for an older text, or arriving after the focus left, are not shown.
        if (input.value.trim() === prefix && document.activeElement === input) {
          render(data.suggestions || []);
        }
      } catch (error) {
        if (error.name !== "AbortError") {
          render([]); // suggestions are a convenience: the form still works
        }
      }
    }

    function follow(option) {
      window.location.assign(option.dataset.url);
    }

    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      const prefix = input.value.trim();
      if (prefix.length < MIN_LENGTH) {
        if (controller) {
          controller.abort();
        }
        render([]);
        return;
      }
      timer = window.setTimeout(() => load(prefix), DEBOUNCE_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (event.isComposing) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
          if (options.length) {
            event.preventDefault();
            open();
            highlight(active + 1 < options.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          if (options.length) {
            event.preventDefault();
            open();
            highlight(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            follow(options[active]);
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          }
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
    // Keep the focus in the input while a pointer picks an option.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) {
        follow(option);
      }
    });
  }

  document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
})();
