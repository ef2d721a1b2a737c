// Copy a share link with one tap. Without this script the button stays hidden and the
// read-only field still lets the link be selected and copied by hand.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copyTarget);
  var status = document.getElementById(button.dataset.copyTarget + "-status");
  if (!field || !navigator.clipboard) {
    return;
  }
  button.hidden = false;
  field.addEventListener("focus", function () {
    field.select();
  });
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      if (status) {
        status.textContent = button.dataset.labelDone;
      }
    });
  });
});
