// /ask: where the browser offers the W3C Digital Credentials API, a button asks a wallet on this
// device through it, with the same signed request the QR code leads to (OpenID4VP,
// "openid4vp-v1-signed"), and posts the wallet's answer to the same response endpoint. Without
// the API the button stays hidden: the QR code, the link and "Check again" work as they are.
(function () {
  'use strict';
  var button = document.querySelector('[data-dc-request]');
  if (!button || !('DigitalCredential' in window) || !navigator.credentials) return;
  var allows = window.DigitalCredential.userAgentAllowsProtocol;
  var protocol = 'openid4vp-v1-signed';
  if (typeof allows === 'function' && !allows.call(window.DigitalCredential, protocol)) return;
  var status = document.getElementById('dc-status');

  function say(text) { if (status) status.textContent = text; }

  function asForm(data) {
    var body = new URLSearchParams();
    Object.keys(data || {}).forEach(function (name) {
      var value = data[name];
      body.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    });
    return body;
  }

  button.hidden = false;
  button.addEventListener('click', function () {
    say('');
    navigator.credentials.get({
      mediation: 'required',
      digital: {requests: [{protocol: protocol, data: {request: button.dataset.dcRequest}}]}
    }).then(function (credential) {
      var data = credential.data;
      if (typeof data === 'string') data = JSON.parse(data);
      var posted = {method: 'POST', body: asForm(data), credentials: 'omit'};
      return fetch(button.dataset.dcResponse, posted);
    }).then(function (answer) {
      if (answer.ok) window.location.reload();
      else say(button.dataset.dcRefused);
    }).catch(function () { say(button.dataset.dcFailed); });
  });
}());
