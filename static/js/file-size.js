// Refuse a file that is too large before it is sent: on a slow network, waiting for a large
// upload only to hear "too large" costs minutes. The server checks again whatever comes.
// Listens on the document, so a form swapped in by htmx is covered too.
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) {
    return;
  }
  var file = input.files && input.files[0];
  var tooLarge = Boolean(file && file.size > Number(input.dataset.maxBytes));
  var shown = document.getElementById(input.dataset.errorTarget);
  input.setAttribute("aria-invalid", tooLarge ? "true" : "false");
  if (shown) {
    var message = document.createElement("p");
    message.className = "error";
    message.textContent = input.dataset.tooLarge;
    shown.replaceChildren.apply(shown, tooLarge ? [message] : []);
  }
  if (tooLarge) {
    input.value = "";
  }
});
