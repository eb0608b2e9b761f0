// The scoring page: an item's reason field opens when it is ticked as not fitting its
// dimension. A closed (disabled) field is not sent, so the form of a plan with hundreds of
// items posts a reason only where one is needed. Without JavaScript the field opens after
// saving, when the page asks for the reason.
(function () {
  "use strict";

  function sync(box, focus) {
    var reason = document.getElementById(box.getAttribute("data-misfit"));
    if (!reason) { return; }
    reason.disabled = !box.checked;
    reason.hidden = !box.checked;
    if (box.checked && focus) { reason.focus(); }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox][data-misfit]")) { sync(event.target, true); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    // A page restored from the browser's cache keeps ticks the server did not render.
    document.querySelectorAll("input[type=checkbox][data-misfit]").forEach(function (box) { sync(box, false); });
  });
})();
