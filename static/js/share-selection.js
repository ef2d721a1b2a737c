// The wallet's "Share" button waits until a credential is ticked; the words beside it say why.
// Without this script the button always works, and the form it opens asks for a choice.
(function () {
  var form = document.getElementById("share-selection");
  if (!form) {
    return;
  }
  var chosen = "[name=credential_ids]:checked, input[type=hidden][name=credential_ids]";
  function update() {
    // A ticked credential from another page travels as a hidden field until "Show more" brings
    // its card (ticked): from then on the box alone says whether it goes.
    form.querySelectorAll("input[type=hidden][name=credential_ids]").forEach(function (carried) {
      if (form.querySelector("input[type=checkbox][name=credential_ids][value='" + carried.value + "']")) {
        carried.remove();
      }
    });
    var button = form.querySelector(".selection-bar button[type=submit]");
    if (button) {
      button.disabled = !form.querySelector(chosen);
    }
  }
  form.addEventListener("change", update);
  // htmx replaces the bar after each change: the new button needs the same rule.
  document.body.addEventListener("htmx:afterSettle", update);
  update();
})();
