/* Scoring that survives a dropped connection.
 *
 * Each tap saves at once with fetch(). Until the server confirms, the score is
 * kept in localStorage (one key per application, member and round). A score
 * whose save failed (offline) or that waits from an earlier visit shows "Not
 * saved yet"; one merely on its way shows nothing, so the page does not move
 * under the next tap when the answer arrives. Pending scores are sent again
 * when the browser comes back online, on a timer, and when the page is opened
 * again.
 * Each score carries the time it was chosen, so an old replay never wins over
 * a newer score.
 */
(function () {
  "use strict";
  var form = document.getElementById("score-form");
  if (!form) { return; }
  var saveUrl = form.getAttribute("data-save-url");
  var storageKey = form.getAttribute("data-storage-key");
  var csrfInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var statusBox = document.getElementById("sync-status");
  var finishLink = document.getElementById("finish-link");
  var inFlight = {};
  var stuck = {};  // ids whose last save failed, or that wait from an earlier visit
  var RETRY_MS = 5000;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey)) || {}; } catch (e) { return {}; }
  }
  function store(pending) {
    try { window.localStorage.setItem(storageKey, JSON.stringify(pending)); } catch (e) { /* private mode: memory only */ }
  }
  var pending = load();

  function fieldsetFor(id) { return form.querySelector('fieldset[data-indicator="' + id + '"]'); }

  function mark(id, unsaved, error) {
    var fs = fieldsetFor(id);
    if (!fs) { return; }
    var note = fs.querySelector(".score-unsaved");
    var err = fs.querySelector(".score-error");
    if (note) { note.hidden = !unsaved; }
    if (err) { err.hidden = !error; err.textContent = error || ""; }
  }

  function updateStatus() {
    var ids = Object.keys(pending);
    var count = ids.filter(function (id) { return stuck[id]; }).length;
    if (!statusBox) { return; }
    if (ids.length === 0) {
      statusBox.textContent = "All scores saved";
      statusBox.classList.remove("is-pending");
    } else if (count === 0) {
      statusBox.textContent = "Saving…";
      statusBox.classList.remove("is-pending");
    } else {
      statusBox.textContent = (count === 1 ? "1 score is" : count + " scores are") +
        " not saved yet. They will send when you are back online.";
      statusBox.classList.add("is-pending");
    }
  }

  function send(id) {
    var item = pending[id];
    if (!item || inFlight[id]) { return; }
    inFlight[id] = true;
    fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ indicator: Number(id), value: item.value, client_ts: item.ts, comment: item.comment || "" })
    }).then(function (response) {
      if (response.ok) { return response.json().then(function (data) { return { ok: true, data: data }; }); }
      if (response.status === 409 || response.status === 400 || response.status === 404) {
        return response.json().then(function (data) { return { ok: false, refused: true, data: data }; },
          function () { return { ok: false, refused: true, data: {} }; });
      }
      throw new Error("Not saved");
    }).then(function (result) {
      inFlight[id] = false;
      delete stuck[id];
      var current = pending[id];
      if (result.ok) {
        // Only clear it if no newer tap happened while this one was in flight.
        if (current && current.ts === item.ts) { delete pending[id]; }
        store(pending);
        mark(id, !!pending[id], "");
        if (pending[id]) { send(id); }
      } else {
        if (current && current.ts === item.ts) { delete pending[id]; }
        store(pending);
        mark(id, false, (result.data && result.data.error) || "This score was not accepted.");
      }
      updateStatus();
    }).catch(function () {
      inFlight[id] = false;
      stuck[id] = true;
      mark(id, true, "");
      updateStatus();
    });
  }

  function flush() { Object.keys(pending).forEach(send); }

  function choose(input) {
    var fs = input.closest("fieldset[data-indicator]");
    if (!fs) { return; }
    var id = fs.getAttribute("data-indicator");
    var box = fs.querySelector("textarea.score-comment");
    pending[id] = { value: Number(input.value), ts: Date.now(), comment: box ? box.value : "" };
    store(pending);
    mark(id, !!stuck[id], "");
    updateStatus();
    send(id);
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target) { return; }
    if (target.type === "radio") { choose(target); }
    if (target.classList && target.classList.contains("score-comment")) {
      // A comment travels with its score: it is sent once a score is chosen.
      var chosen = target.closest("fieldset[data-indicator]").querySelector("input[type=radio]:checked");
      if (chosen) { choose(chosen); }
    }
  });

  // With JavaScript the "Save my scores" button just sends anything waiting.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    flush();
    updateStatus();
  });

  if (finishLink) {
    finishLink.addEventListener("click", function (event) {
      if (Object.keys(pending).length > 0) {
        event.preventDefault();
        flush();
        if (statusBox) {
          statusBox.textContent = "Wait: some scores are not saved yet. Try again when you are back online.";
          statusBox.classList.add("is-pending");
        }
      }
    });
  }

  // Show what is still waiting from last time (the page may have been reloaded offline).
  Object.keys(pending).forEach(function (id) {
    var fs = fieldsetFor(id);
    if (!fs) { delete pending[id]; return; }
    var radio = fs.querySelector('input[type=radio][value="' + pending[id].value + '"]');
    if (radio) { radio.checked = true; }
    var box = fs.querySelector("textarea.score-comment");
    if (box && pending[id].comment) { box.value = pending[id].comment; }
    stuck[id] = true;
    mark(id, true, "");
  });
  store(pending);
  updateStatus();
  flush();

  window.addEventListener("online", flush);
  window.setInterval(function () { if (Object.keys(pending).length) { flush(); } }, RETRY_MS);
})();
