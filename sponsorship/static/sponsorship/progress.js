// Follow a job's progress (a letter batch, a board job) from its JSON ({percent, done,
// finished}); reload the page once it has stopped, so that it shows every outcome.
// The element: [data-progress-url] holding a .progress > .progress-bar and [data-role=done];
// data-finished="1" when there is nothing to follow.
(function () {
  var card = document.querySelector("[data-progress-url]");
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
