/* "These are our scores" survives a dropped connection.
 *
 * Without this script the button is a plain form post. With it, the confirmation is
 * sent with fetch(): if the connection is down, the page says so at once, keeps the
 * confirmation and sends it again when the browser is back online (and on a timer).
 * Once the server has answered, the page is loaded again to show what is stored and the
 * server's message (it refuses a confirmation of a sheet that changed meanwhile, and
 * says why).
 */
(function () {
  "use strict";
  var RETRY_MS = 5000;
  var status = document.getElementById("confirm-status");
  var forms = document.querySelectorAll("form[data-confirm]");
  if (!status || !forms.length) { return; }
  var waiting = null;
  var timer = null;

  function say(text) { status.textContent = text; status.hidden = !text; }

  function send(form) {
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      // Not followed here: following it would read, and so use up, the message the
      // server keeps for the next page (done, or why not).
      redirect: "manual"
    }).then(function () {
      waiting = null;
      window.clearInterval(timer);
      window.location.assign(window.location.href);
    }).catch(function () {
      waiting = form;
      if (button) { button.disabled = false; }
      say("No internet. Your yes is not sent yet. Keep this page open: " +
          "we will send it when the internet is back.");
      if (!timer) { timer = window.setInterval(retry, RETRY_MS); }
    });
  }

  function retry() { if (waiting) { say("Sending your yes again…"); send(waiting); } }

  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form);
    });
  });
  window.addEventListener("online", retry);
})();
