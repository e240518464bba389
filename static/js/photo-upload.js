/* The photo upload page: many files, a few at a time, each resumable, each with its own
   progress bar, message and Retry button.

   Without this script, templates/photos/upload.html is a plain form posting every file in
   one request. With it, each file goes through the resumable protocol of photos/chunked.py:
   its SHA-256 is computed here, an upload is started (POST data-start-url), the chunks the
   server lacks are PUT with a Content-Range, then the upload is completed, and the server
   answers with the photo or a message saying why not. Files picked before a gallery is
   chosen wait for it.

   The list survives a reload: each file's name, size, SHA-256, upload id and state are kept
   in localStorage (under data-queue-key, one list per person), not the files themselves (a
   day's photos are gigabytes, and a browser may drop IndexedDB data under storage
   pressure). After a reload the page asks the server how each unfinished upload stands:
   those that landed show as uploaded, the others ask to be picked again, and a file picked
   or dropped again is matched by name, size and SHA-256, so it goes on from its last chunk
   and never becomes a second photo. */
(function () {
  "use strict";

  var form = document.querySelector("form.photo-upload");
  if (!form || !(window.crypto && window.crypto.subtle && window.localStorage)) {
    return; // the plain form works without any of this
  }
  var input = form.querySelector("input[type=file]");
  var gallery = form.querySelector("select[name=gallery]");
  var galleryNote = form.querySelector("[data-gallery-note]");
  var dropZone = form.querySelector("[data-drop-zone]");
  var results = document.querySelector("[data-results]");
  var list = results.querySelector("[data-list]");
  var summary = results.querySelector("[data-summary]");
  var overall = results.querySelector("[data-overall]");
  var resumeNote = results.querySelector("[data-resume-note]");
  var clear = results.querySelector("[data-clear]");
  var labels = form.dataset;
  var maxBytes = Number(labels.maxBytes);
  var parallel = Number(labels.parallel) || 3;
  var RETRIES = 4; // after the first attempt, with delays of 1, 2, 4, 8 seconds
  var BACKOFF_MS = 1000;
  var FINISHED = ["done", "refused"];

  var entries = [];
  var queue = [];
  var active = 0;
  var state = load();

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(labels.queueKey)) || {};
    } catch (error) {
      return {};
    }
  }

  function save() {
    var kept = ["name", "size", "sha256", "id", "gallery", "status", "message", "sent"];
    state.entries = entries.map(function (entry) {
      var saved = {};
      kept.forEach(function (key) {
        saved[key] = entry[key];
      });
      return saved;
    });
    try {
      localStorage.setItem(labels.queueKey, JSON.stringify(state));
    } catch (error) {
      // Storage full or refused: uploads go on; only resuming after a reload is lost.
    }
  }

  function urlOf(template, id) {
    return template.replace("00000000-0000-0000-0000-000000000000", id);
  }

  /* --- The list on the page ------------------------------------------------------- */

  function view(entry) {
    var row = document.createElement("li");
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = entry.name;
    var progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", format(labels.labelProgress, { name: entry.name }));
    var status = document.createElement("span");
    status.className = "upload-status";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "button-secondary upload-retry";
    retry.textContent = labels.labelRetry;
    retry.setAttribute("aria-label", format(labels.labelRetryName, { name: entry.name }));
    retry.hidden = true;
    retry.addEventListener("click", function () {
      enqueue(entry);
    });
    row.append(name, progress, status, retry);
    list.append(row);
    entry.view = { row: row, progress: progress, status: status, retry: retry };
  }

  var CLASSES = {
    done: "is-done",
    refused: "is-failed",
    failed: "is-failed",
    waiting: "is-waiting",
    "needs-gallery": "is-waiting",
    "needs-file": "is-waiting",
  };

  function show(entry, status, message) {
    entry.status = status;
    entry.message = message;
    entry.view.row.className = "upload-item " + (CLASSES[status] || "is-uploading");
    entry.view.status.textContent = message;
    entry.view.retry.hidden = !(status === "failed" && entry.file);
    if (status === "done") {
      entry.sent = entry.size;
    }
    entry.view.progress.value = entry.size ? Math.round((entry.sent / entry.size) * 100) : 0;
    save();
    update();
  }

  function count(status) {
    return entries.filter(function (entry) {
      return entry.status === status;
    }).length;
  }

  function update() {
    var done = count("done");
    var failed = count("refused") + count("failed");
    summary.textContent = format(labels.labelSummary, {
      done: done,
      total: entries.length,
      failed: failed,
    });
    var bytes = 0;
    var sent = 0;
    entries.forEach(function (entry) {
      bytes += entry.size;
      sent += FINISHED.indexOf(entry.status) >= 0 ? entry.size : entry.sent || 0;
    });
    overall.value = bytes ? Math.round((sent / bytes) * 100) : 0;
    var waiting = count("needs-gallery");
    galleryNote.hidden = !waiting;
    galleryNote.textContent = waiting ? format(labels.labelGalleryNote, { count: waiting }) : "";
    var lost = count("needs-file");
    resumeNote.hidden = !lost;
    resumeNote.textContent = lost ? format(labels.labelResumeNote, { count: lost }) : "";
    clear.hidden = done + count("refused") === 0;
    results.hidden = entries.length === 0;
    overall.hidden = entries.length === 0;
  }

  /* --- Talking to the server ------------------------------------------------------ */

  function headers(json) {
    var values = {
      Accept: "application/json",
      "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
    };
    if (json) {
      values["Content-Type"] = "application/json";
    }
    return values;
  }

  function requestJSON(method, url, body) {
    return fetch(url, {
      method: method,
      headers: headers(body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    }).then(
      function (response) {
        return response.json().then(
          function (data) {
            return { status: response.status, data: data };
          },
          function () {
            return { status: response.status, data: null }; // a proxy's HTML error page
          }
        );
      },
      function () {
        return { status: 0, data: null }; // offline, connection reset
      }
    );
  }

  function putChunk(entry, upload, index) {
    var start = index * upload.chunk_size;
    var end = Math.min(start + upload.chunk_size, entry.size);
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", urlOf(labels.chunkUrl, upload.id));
      var values = headers(false);
      Object.keys(values).forEach(function (name) {
        xhr.setRequestHeader(name, values[name]);
      });
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.setRequestHeader("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + entry.size);
      xhr.upload.addEventListener("progress", function (event) {
        entry.view.progress.value = Math.round(((entry.sent + event.loaded) / entry.size) * 100);
      });
      xhr.addEventListener("loadend", function () {
        var data = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch (error) {
          data = null;
        }
        resolve({ status: xhr.status, data: data });
      });
      xhr.send(entry.file.slice(start, end));
    });
  }

  function transient(answer) {
    var completing = answer.status === 409 && answer.data && answer.data.state === "completing";
    return answer.status === 0 || answer.status === 429 || answer.status >= 500 || completing;
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  // One request, tried again with a growing delay while the failure looks passing.
  function withRetries(entry, attempt) {
    function go(tries) {
      return attempt().then(function (answer) {
        if (!transient(answer) || tries >= RETRIES) {
          return answer;
        }
        var delay = BACKOFF_MS * Math.pow(2, tries);
        show(entry, entry.status, format(labels.labelRetrying, { seconds: delay / 1000 }));
        return sleep(delay).then(function () {
          return go(tries + 1);
        });
      });
    }
    return go(0);
  }

  function sha256(file) {
    return file.arrayBuffer().then(function (buffer) {
      return crypto.subtle.digest("SHA-256", buffer).then(function (digest) {
        return Array.from(new Uint8Array(digest), function (byte) {
          return byte.toString(16).padStart(2, "0");
        }).join("");
      });
    });
  }

  function fields(entry) {
    var body = { gallery: entry.gallery, name: entry.name, size: entry.size, sha256: entry.sha256 };
    ["batch", "credit", "caption_en", "caption_ru", "alt_text_en", "alt_text_ru"].forEach(
      function (name) {
        if (form.elements[name]) {
          body[name] = form.elements[name].value;
        }
      }
    );
    body.publish = Boolean(form.elements.publish && form.elements.publish.checked);
    return body;
  }

  /* --- One file's way in ---------------------------------------------------------- */

  function settle(entry, answer) {
    var data = answer.data || {};
    if (answer.status === 200 && data.ok) {
      var label = data.photo ? labels.labelDone + " · " + data.photo.status_label : labels.labelDone;
      show(entry, "done", label);
    } else if (transient(answer)) {
      show(entry, "failed", data.error || labels.labelNetwork);
    } else {
      show(entry, "refused", data.error || labels.labelNetwork);
    }
  }

  // The upload to continue: the one this file started, or a new (or resumed) one.
  function upload(entry) {
    var known = entry.id
      ? withRetries(entry, function () {
          return requestJSON("GET", urlOf(labels.chunkUrl, entry.id));
        })
      : Promise.resolve({ status: 404 });
    return known.then(function (answer) {
      if (answer.status !== 404) {
        return answer;
      }
      return withRetries(entry, function () {
        return requestJSON("POST", labels.startUrl, fields(entry));
      });
    });
  }

  function sendChunks(entry, data) {
    var received = data.received;
    var missing = [];
    for (var index = 0; index * data.chunk_size < entry.size; index += 1) {
      if (received.indexOf(index) < 0) {
        missing.push(index);
      }
    }
    entry.sent = (received.length && Math.min(received.length * data.chunk_size, entry.size)) || 0;
    return missing.reduce(function (previous, index) {
      return previous.then(function (failure) {
        if (failure) {
          return failure;
        }
        return withRetries(entry, function () {
          return putChunk(entry, data, index);
        }).then(function (answer) {
          if (answer.status !== 200) {
            return answer;
          }
          entry.sent = Math.min(entry.sent + data.chunk_size, entry.size);
          show(entry, "uploading", labels.labelUploading);
          return null;
        });
      });
    }, Promise.resolve(null));
  }

  function complete(entry, resyncs) {
    show(entry, "checking", labels.labelProcessing);
    return withRetries(entry, function () {
      return requestJSON("POST", urlOf(labels.completeUrl, entry.id));
    }).then(function (answer) {
      // Chunks missing after all (a purge, a lost write): send them, once more at most.
      var receiving = answer.status === 409 && answer.data && answer.data.state === "receiving";
      return receiving && resyncs < 1 ? run(entry, resyncs + 1) : settle(entry, answer);
    });
  }

  function run(entry, resyncs) {
    var hashed = entry.sha256 ? Promise.resolve(entry.sha256) : sha256(entry.file);
    show(entry, "uploading", entry.sha256 ? labels.labelUploading : labels.labelHashing);
    return hashed
      .then(function (digest) {
        entry.sha256 = digest;
        return upload(entry);
      })
      .then(function (answer) {
        var data = answer.data || {};
        var started = answer.status === 200 || answer.status === 201;
        if (started && data.state === "completing") {
          entry.id = data.id; // another request is making the photo: wait for its answer
          return complete(entry, resyncs);
        }
        if (!started || data.state !== "receiving") {
          return settle(entry, answer);
        }
        entry.id = data.id;
        show(entry, "uploading", labels.labelUploading);
        return sendChunks(entry, data).then(function (failure) {
          return failure ? settle(entry, failure) : complete(entry, resyncs);
        });
      });
  }

  function pump() {
    while (active < parallel && queue.length) {
      var entry = queue.shift();
      active += 1;
      run(entry, 0)
        .catch(function () {
          settle(entry, { status: 0, data: null });
        })
        .finally(function () {
          active -= 1;
          pump();
        });
    }
  }

  function enqueue(entry) {
    if (!entry.id && !entry.gallery && !gallery.value) {
      show(entry, "needs-gallery", labels.labelWaitGallery);
      return;
    }
    entry.gallery = entry.gallery || gallery.value;
    show(entry, "waiting", labels.labelWaiting);
    queue.push(entry);
    pump();
  }

  /* --- Files picked, dropped, or picked again after a reload ---------------------- */

  function adopt(file) {
    var same = entries.filter(function (entry) {
      return entry.name === file.name && entry.size === file.size;
    });
    if (!same.length) {
      return Promise.resolve(null);
    }
    return sha256(file).then(function (digest) {
      var match = same.find(function (entry) {
        return entry.sha256 === digest || !entry.sha256;
      });
      if (match && !match.file && match.status === "needs-file") {
        match.file = file;
        match.sha256 = digest;
        enqueue(match);
      }
      return match || { fresh: digest };
    });
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      adopt(file).then(function (match) {
        if (match && !match.fresh) {
          return; // this file is in the list already: landed, refused or on its way
        }
        var entry = { name: file.name, size: file.size, file: file, sent: 0 };
        entry.sha256 = match ? match.fresh : "";
        entries.push(entry);
        view(entry);
        if (file.size > maxBytes) {
          show(entry, "refused", labels.labelTooLarge);
          return;
        }
        enqueue(entry);
      });
    });
  }

  // After a reload: ask the server how the unfinished uploads stand.
  function restore() {
    var unfinished = (state.entries || []).filter(function (saved) {
      return FINISHED.indexOf(saved.status) < 0;
    });
    // A list left finished starts a new batch (another card, another day); one left
    // unfinished goes on in its own.
    if (state.batch && form.elements.batch && unfinished.length) {
      form.elements.batch.value = state.batch; // the same camera clock batch goes on
      gallery.value = gallery.value || state.gallery || "";
    }
    state.batch = form.elements.batch ? form.elements.batch.value : "";
    (state.entries || []).forEach(function (saved) {
      var entry = Object.assign({ sent: 0 }, saved);
      entries.push(entry);
      view(entry);
      if (FINISHED.indexOf(entry.status) >= 0) {
        show(entry, entry.status, entry.message);
        return;
      }
      show(entry, "needs-file", labels.labelPickAgain);
      if (!entry.id) {
        return;
      }
      requestJSON("GET", urlOf(labels.chunkUrl, entry.id)).then(function (answer) {
        var data = answer.data || {};
        if (answer.status === 200 && data.state !== "receiving" && data.state !== "completing") {
          settle(entry, { status: data.ok ? 200 : 400, data: data });
        }
      });
    });
    update();
  }

  form.querySelector("[data-submit]").hidden = true;
  input.removeAttribute("required");

  gallery.addEventListener("change", function () {
    state.gallery = gallery.value;
    save();
    if (gallery.value) {
      entries
        .filter(function (entry) {
          return entry.status === "needs-gallery";
        })
        .forEach(enqueue);
    }
  });

  input.addEventListener("change", function () {
    add(input.files);
    input.value = "";
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.files);
    input.value = "";
  });

  clear.addEventListener("click", function () {
    entries = entries.filter(function (entry) {
      var finished = FINISHED.indexOf(entry.status) >= 0;
      if (finished) {
        entry.view.row.remove();
      }
      return !finished;
    });
    save();
    update();
    input.focus();
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

  restore();
})();
