// The progress page of a background job (jobs/_progress.html): when the polled fragment
// says the file is ready, open it once. The document's address now answers with the file:
// a PDF replaces the page, a workbook downloads and the page stays with its link.
document.addEventListener("htmx:afterSettle", function () {
  var ready = document.querySelector("[data-job-ready]:not([data-job-opened])");
  if (!ready) {
    return;
  }
  ready.setAttribute("data-job-opened", "");
  window.location.assign(ready.href);
});
