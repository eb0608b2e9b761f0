// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // A role select carrying data-role-scopes shows only the scope field that role needs.
  function syncScopeFields(select) {
    var scopes = JSON.parse(select.getAttribute("data-role-scopes") || "{}");
    var wanted = scopes[select.value];
    select.form.querySelectorAll("[data-scope]").forEach(function (input) {
      var wrapper = input.closest(".field") || input;
      wrapper.hidden = input.getAttribute("data-scope") !== wanted;
    });
  }

  // data-confirm="question" on a button or a form asks before sending; it replaces
  // onclick="return confirm(…)", which a content security policy without unsafe-inline refuses.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // A submit button marked data-once can be pressed once: a double click sends one request.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) { return; }
    var button = event.target.querySelector("button[data-once]");
    if (!button) { return; }
    if (button.dataset.sent) { event.preventDefault(); return; }
    button.dataset.sent = "1";
    button.setAttribute("aria-disabled", "true");
    button.classList.add("is-sending");
  });

  // A report line asks for the reason only when the item could not be done.
  function syncReason(select) {
    var form = select.form;
    var wanted = select.value === "not_possible";
    form.querySelectorAll("[data-when-not-possible]").forEach(function (field) { field.hidden = !wanted; });
  }

  function init(root) {
    root.querySelectorAll("select[data-line-status]").forEach(function (select) {
      syncReason(select);
      select.addEventListener("change", function () { syncReason(select); });
    });
    root.querySelectorAll("select[data-role-scopes]").forEach(function (select) {
      syncScopeFields(select);
      select.addEventListener("change", function () { syncScopeFields(select); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
