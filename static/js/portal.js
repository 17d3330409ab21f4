// Small behaviours shared by every page, attached by data attributes (no inline script:
// the Content Security Policy allows only the portal's own files).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
document.addEventListener("click", function (event) {
  if (event.target.matches("input[data-select-on-click]")) { event.target.select(); }
});
document.querySelectorAll("[data-width-percent]").forEach(function (element) {
  element.style.width = element.getAttribute("data-width-percent") + "%";
});
