// Poll the batch's progress; reload once it has finished so the table shows every status.
(function () {
  var card = document.getElementById("batch-progress");
  if (!card || card.dataset.finished === "1") { return; }
  var bar = card.querySelector(".progress-bar");
  var done = card.querySelector("[data-role=done]");
  function poll() {
    fetch(card.dataset.progressUrl, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (p) {
        bar.style.width = p.percent + "%"; bar.textContent = p.percent + "%";
        card.querySelector(".progress").setAttribute("aria-valuenow", p.percent);
        done.textContent = p.done;
        if (p.finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
