// The dispatch form: the department list offers only the chosen organisation's departments (without this script they
// stay grouped by organisation, and the server refuses a department of another one).
(function () {
  const form = document.getElementById("action-dispatch");
  if (!form) return;
  const organization = form.querySelector("select[name=organization]");
  const department = form.querySelector("select[name=department]");
  if (!organization || !department) return;
  function offer() {
    for (const group of department.querySelectorAll("optgroup")) {
      const mine = group.dataset.organization === organization.value;
      group.hidden = !mine;
      for (const option of group.querySelectorAll("option")) option.disabled = !mine;
    }
    if (department.selectedOptions.length && department.selectedOptions[0].disabled) department.value = "";
  }
  organization.addEventListener("change", offer);
  offer();
})();
