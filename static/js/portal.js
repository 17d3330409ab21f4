// Small behaviours shared by every page, attached by data attributes (no inline script:
// the Content Security Policy allows only the portal's own files).
document.body.classList.remove("no-js");
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
});
document.addEventListener("click", function (event) {
  if (event.target.matches("input[data-select-on-click]")) { event.target.select(); }
});
// A table wider than its box scrolls inside it: the box takes the keyboard focus, so that
// the arrow keys scroll it (WCAG 2.1.1), and is named after the table's caption if any.
document.querySelectorAll(".table-responsive").forEach(function (box) {
  if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
    box.tabIndex = 0;
    var caption = box.querySelector("caption");
    if (caption) {
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption.textContent.trim());
    }
  }
});
// The menus (<details data-menu>: the bar's groups, a board row's actions) open and close
// without script; this only keeps one open at a time and closes it on a click elsewhere or
// Escape (focus back on its summary), as a menu button does.
(function () {
  var groups = document.querySelectorAll("details[data-menu]");
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) { if (other !== group) { other.open = false; } });
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) { if (!group.contains(event.target)) { group.open = false; } });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    groups.forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
}());
document.querySelectorAll("[data-width-percent]").forEach(function (element) {
  element.style.width = element.getAttribute("data-width-percent") + "%";
});

// Long forms (every page still works without this):
// - a textarea with data-char-count="N" shows how many characters are used of N (a line
//   break counts as one, as on the server);
// - inside an element with data-warn-unsaved, the browser warns before leaving the page
//   while a form has changes not yet sent (typing in one section of the application and
//   clicking another in the side menu).
(function () {
  "use strict";

  function charCount(textarea) {
    var max = parseInt(textarea.getAttribute("data-char-count"), 10);
    var counter = document.createElement("div");
    counter.className = "form-text char-count";
    counter.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", counter);
    function update() {
      var used = textarea.value.replace(/\r\n/g, "\n").length;
      counter.textContent = used.toLocaleString() + " / " + max.toLocaleString();
      counter.classList.toggle("text-danger", used > max);
      counter.classList.toggle("fw-semibold", used > max);
    }
    textarea.addEventListener("input", update);
    update();
  }

  function warnUnsaved(container) {
    var dirty = false;
    var message = container.getAttribute("data-warn-unsaved") || "";
    container.addEventListener("input", function () { dirty = true; });
    container.addEventListener("change", function () { dirty = true; });
    container.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return undefined; }
      event.preventDefault();
      event.returnValue = message;  // older browsers show a text; current ones their own
      return message;
    });
  }

  document.querySelectorAll("textarea[data-char-count]").forEach(charCount);
  document.querySelectorAll("[data-warn-unsaved]").forEach(warnUnsaved);
}());

// A form sent back with errors (rit_portal/form_errors.py): the summary at the top of the
// page takes the focus, so that a screen reader reads it and the keyboard starts from it;
// each of its links moves the focus to its field and shows the field's label or legend
// (the browser would only scroll the input itself to the top edge).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    var label = legend || document.querySelector("label[for='" + field.id + "']") || field;
    label.scrollIntoView();
    field.focus({ preventScroll: true });
  });
}());
