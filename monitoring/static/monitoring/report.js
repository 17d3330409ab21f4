// The annual report's page follows its job: the progress bar moves, and the page reloads
// once the report is ready or has failed (no inline script: CSP allows only these files).
(function () {
  var box = document.querySelector("[data-report-progress]");
  if (!box) { return; }
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector("[role=progressbar]");
  function poll() {
    fetch(box.getAttribute("data-report-progress"), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.done) { window.location.reload(); return; }
        bar.style.width = state.progress + "%";
        bar.textContent = state.progress + "%";
        meter.setAttribute("aria-valuenow", state.progress);
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
