// "Scan a QR code" on the import page: the phone's rear camera in the page, its frames read by
// jsQR (static/vendor/jsQR.js, copied from npm at set-up). An offer opens its confirmation page,
// a verifier's request its own (what would be sent, Send or Decline); any other text goes into
// the paste field for the learner to check and add. Without script, or without a camera API,
// the button stays hidden and the photo upload does the same job.
// The camera is asked for only when the button is pressed, and released on Stop, on a hit, when
// the form is swapped by htmx and when the page is left.
(function () {
  "use strict";
  var stream = null;
  var timer = null;
  var canvas = document.createElement("canvas");
  var FRAME_MS = 200; // five frames a second find a code quickly and spare a phone's battery
  var SIDE = 640; // frames are read at most this wide: enough for a code that fills a third

  function canScan() {
    return Boolean(
      window.jsQR && navigator.mediaDevices && navigator.mediaDevices.getUserMedia
    );
  }

  function element(id) {
    return document.getElementById(id);
  }

  function say(text) {
    var status = element("qr-scan-status");
    if (status) {
      status.textContent = text;
    }
  }

  function showButtons(scanning) {
    var start = element("qr-scan-start");
    var stop = element("qr-scan-stop");
    var video = element("qr-scan-video");
    if (start) start.hidden = scanning || !canScan();
    if (stop) stop.hidden = !scanning;
    if (video) video.hidden = !scanning;
  }

  function stop() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
    if (stream !== null) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    var video = element("qr-scan-video");
    if (video) video.srcObject = null;
    showButtons(false);
  }

  // As looks_like_offer (wallet/credentials/openid4vci/offer.py) tells an offer from other text.
  function isOffer(text) {
    var head = text.trim().slice(0, 200);
    return head.indexOf("openid-credential-offer:") === 0 ||
      head.indexOf("credential_offer=") !== -1 || head.indexOf("credential_offer_uri=") !== -1;
  }

  // As looks_like_request (wallet/credentials/openid4vp/request.py) tells a verifier's request.
  function isRequest(text) {
    var head = text.trim().slice(0, 300);
    var scheme = head.split(":", 1)[0].toLowerCase();
    return ["openid4vp", "eudi-openid4vp", "haip-vp"].indexOf(scheme) !== -1 ||
      head.indexOf("client_id=") !== -1;
  }

  function found(text) {
    var box = element("qr-scan");
    stop();
    var query = text.indexOf("?") === -1 ? text.trim() : text.slice(text.indexOf("?") + 1);
    if (isOffer(text)) {
      window.location.assign(box.dataset.offerUrl + "?" + query);
      return;
    }
    if (isRequest(text)) {
      window.location.assign(box.dataset.presentUrl + "?" + query);
      return;
    }
    var pasted = element("credential");
    pasted.value = text;
    say(box.dataset.foundText);
    pasted.focus();
  }

  function readFrame(video) {
    if (video.readyState < 2 || !video.videoWidth) return;
    var scale = Math.min(1, SIDE / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var frame = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(frame.data, frame.width, frame.height, {
      inversionAttempts: "attemptBoth" // a code drawn light on dark is read too
    });
    if (code && code.data) found(code.data);
  }

  function start() {
    var box = element("qr-scan");
    var video = element("qr-scan-video");
    say(box.dataset.looking);
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (opened) {
        stream = opened;
        video.srcObject = opened;
        showButtons(true);
        return video.play();
      })
      .then(function () {
        timer = window.setInterval(function () { readFrame(video); }, FRAME_MS);
      })
      .catch(function () {
        stop();
        say(box.dataset.noCamera);
      });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    if (target.closest("#qr-scan-start")) start();
    else if (target.closest("#qr-scan-stop")) stop();
  });
  document.addEventListener("DOMContentLoaded", function () { showButtons(false); });
  // The import form is swapped whole by htmx: the new form gets its button, the old camera goes.
  document.addEventListener("htmx:beforeSwap", stop);
  document.addEventListener("htmx:afterSettle", function () { showButtons(false); });
  window.addEventListener("pagehide", stop);
})();
