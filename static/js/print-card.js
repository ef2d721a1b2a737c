// A Print button on the interview card. Without this script the button stays hidden and the
// browser's own Print command prints the same page.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
