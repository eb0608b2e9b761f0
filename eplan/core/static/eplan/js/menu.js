// The phone menu: a disclosure button folds the site menu away on small screens.
// Loaded in <head> without defer, so the "js" class is on <html> before the first paint
// and a phone never shows the long menu for a moment before it folds. Without this file
// the menu simply stays open (see eplan.css, "Header").
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function setOpen(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }

  // Delegated, because the button does not exist yet when this runs.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-menu-toggle]");
    if (!button) { return; }
    setOpen(button, button.getAttribute("aria-expanded") !== "true");
  });

  // Escape inside the open menu closes it and puts the keyboard back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var button = document.querySelector('[data-menu-toggle][aria-expanded="true"]');
    if (!button) { return; }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    var focus = document.activeElement;
    if (focus !== button && !(menu && menu.contains(focus))) { return; }
    setOpen(button, false);
    button.focus();
  });
})();
