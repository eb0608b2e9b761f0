// The report page: the jump to the next line without a status opens that line and puts the
// keyboard on its status; a line's box follows the status it was saved with. Without
// JavaScript the page works the same, with every line a plain link target.
(function () {
  "use strict";

  function lineOf(id) {
    var target = id && document.getElementById(id);
    return target && target.closest("details.report-line");
  }

  function openFromHash(focus) {
    var line = lineOf(decodeURIComponent(location.hash.slice(1)));
    if (!line) { return; }
    line.open = true;
    if (focus) {
      var status = line.querySelector("select[name=status]");
      (status || line.querySelector("summary")).focus({ preventScroll: true });
    }
  }

  document.addEventListener("click", function (event) {
    var jump = event.target.closest("a[data-jump]");
    if (!jump) { return; }
    var line = lineOf(jump.getAttribute("href").slice(1));
    if (!line) { return; }
    event.preventDefault();
    history.replaceState(null, "", jump.getAttribute("href"));
    line.open = true;
    line.scrollIntoView({ block: "start" });
    openFromHash(true);
  });

  // A save refused because someone saved in between shows both values; once the officer's
  // own save goes through, that notice and its button have done their work.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || !form.closest) { return; }
    var block = form.closest("details.report-line, #texts");
    if (!block) { return; }
    block.querySelectorAll("[data-conflict]").forEach(function (element) { element.remove(); });
  });

  window.addEventListener("hashchange", function () { openFromHash(false); });
  document.addEventListener("DOMContentLoaded", function () { openFromHash(false); });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-line-state]").forEach(function (state) {
      var line = state.closest("details.report-line");
      if (line) { line.classList.toggle("is-awaiting", state.getAttribute("data-line-state") === "awaiting"); }
    });
  });
})();
