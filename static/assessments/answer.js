/* Indicator page: live character count, and autosave retries with backoff.
   htmx posts the form 1 s after typing stops (hx-trigger on #answer-form). */
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var textarea = form.querySelector("textarea[name=text]");
  var count = document.getElementById("char-count");
  var live = document.getElementById("char-count-live");
  var max = textarea ? parseInt(textarea.getAttribute("maxlength"), 10) || 4000 : 4000;
  var announceTimer = null;

  function updateCount() {
    if (!textarea || !count) { return; }
    var used = textarea.value.length;
    count.textContent = used + " of " + max + " characters used";
    // Announce politely once typing pauses, not on every key.
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      if (live) { live.textContent = (max - used) + " characters left"; }
    }, 1500);
  }
  if (textarea) {
    textarea.addEventListener("input", updateCount);
    updateCount();
  }

  var firstDelay = 2000;
  var delay = firstDelay;
  var retryTimer = null;

  function scheduleRetry() {
    status.textContent = "Not saved — retrying";
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { htmx.trigger(form, "km-retry"); }, delay);
    delay = Math.min(delay * 2, 60000);
  }

  form.addEventListener("htmx:sendError", scheduleRetry);
  form.addEventListener("htmx:timeout", scheduleRetry);
  form.addEventListener("htmx:responseError", function (event) {
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (code === 403) {
      status.textContent = "Not saved: this answer is read-only now. Reload the page.";
    } else if (code === 0 || code === 429 || code >= 500) {
      scheduleRetry();
    } else {
      status.textContent = "Not saved. Use the Save button.";
    }
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      delay = firstDelay;
      clearTimeout(retryTimer);
    }
  });
  // Never lose typing: warn before leaving while a save is waiting or failing.
  var pending = false;
  form.addEventListener("input", function () { pending = true; });
  form.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) { pending = false; }
  });
  form.addEventListener("submit", function () { pending = false; });
  window.addEventListener("beforeunload", function (event) {
    if (pending) { event.preventDefault(); event.returnValue = ""; }
  });
})();
