// Keyboard and screen-reader users start where something changed. When a form comes back with
// errors (a whole page, or a part swapped by htmx) focus moves to the first error, which is tied
// to its field. After other swaps the region's data-announce text is read out (e.g. "3 credentials
// shown"); if the swap removed the focused element, focus moves to the new region's heading.
(function () {
  var ERRORS = ".error-summary, .error[role=alert], [role=alert] .error, [aria-invalid=true]";

  function focusOn(element) {
    if (!element.matches("a[href], button, input, select, textarea, summary")) {
      element.tabIndex = -1;
    }
    element.focus();
  }

  function focusFirstError(root) {
    var error = root.querySelector(ERRORS);
    if (error) {
      focusOn(error);
    }
    return error;
  }

  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || !document.contains(active);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (main) {
      focusFirstError(main);
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    // An outerHTML swap replaced the target: find its successor by id.
    var region = (target && target.id && document.getElementById(target.id)) || target;
    if (!region || !document.contains(region) || focusFirstError(region)) {
      return;
    }
    var status = document.getElementById("swap-status");
    if (status && region.dataset.announce) {
      status.textContent = region.dataset.announce;
    }
    if (focusLost()) {
      focusOn(region.querySelector("h1, h2, h3") || region);
    }
  });
})();
