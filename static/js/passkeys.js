// Passkeys: the buttons appear only where the browser can make and use them (WebAuthn with its
// JSON helpers). Without this script, or in an older browser, they stay hidden and the page
// works with the password. Each button names the route that gives the options and the one that
// takes the answer; the fields of its form go along (name, address, password).
(function () {
  var credentials = window.PublicKeyCredential;
  if (!credentials || !credentials.parseCreationOptionsFromJSON || !credentials.parseRequestOptionsFromJSON) {
    return;
  }
  var token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          throw new Error(data.error || "");
        }
        return data;
      });
    });
  }

  function ask(kind, options) {
    if (kind === "login") {
      return navigator.credentials.get({publicKey: credentials.parseRequestOptionsFromJSON(options)});
    }
    return navigator.credentials.create({publicKey: credentials.parseCreationOptionsFromJSON(options)});
  }

  document.querySelectorAll("[data-passkey]").forEach(function (button) {
    var place = button.closest("[data-passkey-place]");
    var error = place.querySelector("[data-passkey-error]");
    place.hidden = false;
    document.querySelectorAll("[data-passkey-unsupported]").forEach(function (note) {
      note.hidden = true;
    });
    button.addEventListener("click", function () {
      var fields = {};
      if (button.form) {
        new FormData(button.form).forEach(function (value, name) {
          if (name !== "csrf_token") {
            fields[name] = value;
          }
        });
      }
      error.hidden = true;
      post(button.dataset.optionsUrl, fields)
        .then(function (options) { return ask(button.dataset.passkey, options); })
        .then(function (credential) {
          fields.credential = credential.toJSON();
          fields.next = button.dataset.next || "";
          return post(button.dataset.url, fields);
        })
        .then(function (answer) { window.location.assign(answer.redirect); })
        .catch(function (problem) {
          // The server's refusals carry their own words; a cancelled prompt (a DOMException),
          // a lost connection or a limit reached get the page's.
          var said = !(problem instanceof DOMException) && problem.message;
          error.textContent = said || error.dataset.failed;
          error.hidden = false;
          error.focus();
        });
    });
  });
})();
