// Show or hide a password field. Without this script the button stays hidden and
// the field works as an ordinary password field.
document.querySelectorAll("[data-show-password]").forEach(function (button) {
  var field = document.getElementById(button.dataset.showPassword);
  if (!field) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    var showing = field.type === "password";
    field.type = showing ? "text" : "password";
    button.setAttribute("aria-pressed", String(showing));
    button.textContent = showing ? button.dataset.labelHide : button.dataset.labelShow;
  });
});
