// The wallet's "Share" button waits until a credential is ticked; the words beside it say why.
// Without this script the button always works, and the form it opens asks for a choice.
(function () {
  var form = document.getElementById("share-selection");
  if (!form) {
    return;
  }
  function update() {
    var button = form.querySelector(".selection-bar button[type=submit]");
    if (button) {
      button.disabled = !form.querySelector("[name=credential_ids]:checked");
    }
  }
  form.addEventListener("change", update);
  // htmx replaces the bar after each change: the new button needs the same rule.
  document.body.addEventListener("htmx:afterSettle", update);
  update();
})();
