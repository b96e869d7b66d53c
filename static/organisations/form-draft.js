/*
 * Keeps a copy of what someone types in this browser (localStorage) so nothing is lost
 * if the session times out, the page is closed or the connection drops. The copy is
 * put back when the form is opened again, and thrown away once the server has saved it
 * (the next page carries a data-draft-clear marker).
 */
(function () {
  "use strict";
  var PREFIX = "kitemark-draft:";
  var SKIP = { hidden: true, password: true, file: true, submit: true, button: true };

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "test", "1");
      s.removeItem(PREFIX + "test");
      return s;
    } catch (e) {
      return null;
    }
  }

  var store = storage();
  if (!store) {
    return;
  }

  document.querySelectorAll("[data-draft-clear]").forEach(function (marker) {
    store.removeItem(PREFIX + marker.getAttribute("data-draft-clear"));
  });

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.type] && el.name !== "csrfmiddlewaretoken";
    });
  }

  function read(form) {
    var data = {};
    fields(form).forEach(function (el) {
      data[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    return data;
  }

  function write(form, data) {
    fields(form).forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(data, el.name)) {
        return;
      }
      if (el.type === "checkbox") {
        el.checked = Boolean(data[el.name]);
      } else {
        el.value = data[el.name];
      }
    });
  }

  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft-key");
    var status = form.querySelector("[data-draft-status]");
    var saved = store.getItem(key);
    var original = read(form);

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    if (saved && form.getAttribute("data-draft-restore") === "true") {
      try {
        var draft = JSON.parse(saved);
        if (JSON.stringify(draft) !== JSON.stringify(original)) {
          write(form, draft);
          say("We have put back what you typed last time. It is not saved yet.");
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "btn btn-link p-0 ms-2 align-baseline";
          discard.textContent = "Start again instead";
          discard.addEventListener("click", function () {
            store.removeItem(key);
            write(form, original);
            discard.remove();
            say("We have put back the saved details.");
          });
          if (status) {
            status.appendChild(discard);
          }
        }
      } catch (e) {
        store.removeItem(key);
      }
    }

    var timer = null;
    function keep() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          store.setItem(key, JSON.stringify(read(form)));
        } catch (e) {
          /* Storage full or blocked: the server still keeps what is submitted. */
        }
      }, 300);
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
  });
})();
