// Copy a share link with one tap, or send it with the phone's share sheet. Without this script
// the buttons stay hidden and the read-only field still lets the link be selected and copied by hand.
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

// Hand the link to another app (mail, messages) through the phone's own share sheet, where the
// browser offers one; elsewhere the button stays hidden.
document.querySelectorAll("[data-share-target]").forEach(function (button) {
  var field = document.getElementById(button.dataset.shareTarget);
  if (!field || !navigator.share) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.share({ title: button.dataset.shareTitle, url: field.value }).catch(function () {
      // Closing the share sheet is not an error worth showing.
    });
  });
});
