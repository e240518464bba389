/* The photo upload page: many files at once, each with its own progress bar and error.

   Without this script, templates/photos/upload.html is a plain form posting every file in
   one request. With it, files picked or dropped start at once: each is POSTed alone to the
   form's data-file-url (a few at a time, data-parallel), with the gallery, credit and
   "publish" chosen when it was added, and the CSRF token from the form. The server answers
   JSON: {"ok": true, "photo": {...}} or {"error": "..."} (photos/upload.py). */
(function () {
  "use strict";

  var form = document.querySelector("form.photo-upload");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var gallery = form.querySelector("select[name=gallery]");
  var credit = form.querySelector("input[name=credit]");
  var publish = form.querySelector("input[name=publish]");
  var dropZone = form.querySelector("[data-drop-zone]");
  var results = document.querySelector("[data-results]");
  var list = results.querySelector("[data-list]");
  var summary = results.querySelector("[data-summary]");
  var labels = form.dataset;
  var maxBytes = Number(labels.maxBytes);
  var parallel = Number(labels.parallel) || 3;

  var queue = [];
  var running = 0;
  var counts = { total: 0, done: 0, failed: 0 };

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function updateSummary() {
    summary.textContent = format(labels.labelSummary, counts);
  }

  function item(file) {
    var row = document.createElement("li");
    row.className = "upload-item is-waiting";
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", format(labels.labelProgress, { name: file.name }));
    var status = document.createElement("span");
    status.className = "upload-status";
    status.textContent = labels.labelWaiting;
    row.append(name, progress, status);
    list.append(row);
    return { row: row, progress: progress, status: status };
  }

  function finish(entry, ok, message) {
    entry.view.row.className = "upload-item " + (ok ? "is-done" : "is-failed");
    entry.view.status.textContent = message;
    if (ok) {
      entry.view.progress.value = 100;
      counts.done += 1;
    } else {
      counts.failed += 1;
    }
    updateSummary();
  }

  function answer(xhr) {
    try {
      return JSON.parse(xhr.responseText);
    } catch (error) {
      return null; // a proxy's HTML error page, an empty body...
    }
  }

  function send(entry) {
    running += 1;
    entry.view.row.className = "upload-item is-uploading";
    entry.view.status.textContent = labels.labelUploading;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", labels.fileUrl);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        entry.view.progress.value = Math.round((event.loaded / event.total) * 100);
      }
    });
    xhr.upload.addEventListener("load", function () {
      // Sent; the server now decodes the photo and stores it.
      entry.view.progress.value = 100;
      entry.view.status.textContent = labels.labelProcessing;
    });
    xhr.addEventListener("load", function () {
      var data = answer(xhr);
      if (xhr.status === 200 && data && data.ok) {
        finish(entry, true, labels.labelDone + " · " + data.photo.status_label);
      } else {
        finish(entry, false, (data && data.error) || labels.labelNetwork);
      }
    });
    ["error", "abort", "timeout"].forEach(function (type) {
      xhr.addEventListener(type, function () {
        finish(entry, false, labels.labelNetwork);
      });
    });
    xhr.addEventListener("loadend", function () {
      running -= 1;
      next();
    });
    xhr.send(entry.data);
  }

  function next() {
    while (running < parallel && queue.length) {
      send(queue.shift());
    }
  }

  function add(files) {
    if (!files.length) {
      return;
    }
    if (!gallery.value) {
      gallery.setCustomValidity(labels.labelNoGallery);
      gallery.reportValidity();
      gallery.focus();
      return;
    }
    results.hidden = false;
    Array.prototype.forEach.call(files, function (file) {
      var entry = { view: item(file) };
      counts.total += 1;
      if (file.size > maxBytes) {
        finish(entry, false, labels.labelTooLarge);
        return;
      }
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      data.append("gallery", gallery.value);
      data.append("credit", credit ? credit.value : "");
      // The batch token and the words for every photo of this upload (photos/forms.py).
      ["batch", "caption_en", "caption_ru", "alt_text_en", "alt_text_ru"].forEach(function (name) {
        if (form.elements[name]) {
          data.append(name, form.elements[name].value);
        }
      });
      if (publish && publish.checked) {
        data.append("publish", "on");
      }
      data.append("files", file, file.name);
      entry.data = data;
      queue.push(entry);
    });
    updateSummary();
    next();
  }

  // Files start as soon as they are chosen, so the submit button has nothing left to do.
  form.querySelector("[data-submit]").hidden = true;
  input.removeAttribute("required");

  gallery.addEventListener("change", function () {
    gallery.setCustomValidity("");
  });

  input.addEventListener("change", function () {
    add(input.files);
    input.value = ""; // choosing the same file again uploads it again
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.files);
    input.value = "";
  });

  dropZone.addEventListener("dragover", function (event) {
    event.preventDefault();
    dropZone.classList.add("is-over");
  });
  dropZone.addEventListener("dragleave", function () {
    dropZone.classList.remove("is-over");
  });
  dropZone.addEventListener("drop", function (event) {
    event.preventDefault();
    dropZone.classList.remove("is-over");
    add(event.dataTransfer.files);
  });
})();
