// Bars drawn to scale (the status of plans, who has reported): each segment says its share
// in data-width="37.500" (percent), set here through the DOM. A style="width:…" attribute
// in the page would be refused by the content security policy (eplan/core/security.py).
(function () {
  "use strict";

  function setWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      var percent = parseFloat(element.getAttribute("data-width"));
      if (isFinite(percent)) { element.style.width = Math.max(0, Math.min(percent, 100)) + "%"; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setWidths(document); });
  document.addEventListener("htmx:load", function (event) { setWidths(event.target); });
})();
