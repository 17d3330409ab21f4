// Adds a blank cost line in the page (no reload, nothing typed is lost); without
// JavaScript the "Add a row" button saves and comes back with blank rows.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-add-row]");
  const template = document.getElementById("cost-row-template");
  const total = document.getElementById("id_lines-TOTAL_FORMS");
  const rows = document.getElementById("cost-rows");
  if (!button || !template || !total || !rows) return;
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    rows.lastElementChild.querySelector("select, input")?.focus();
  });
  rows.addEventListener("change", (event) => {
    if (event.target.name && event.target.name.endsWith("-DELETE")) {
      event.target.closest(".cost-row").classList.toggle("opacity-50", event.target.checked);
    }
  });
});
