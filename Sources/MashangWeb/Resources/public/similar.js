// Progressive enhancement of the new-ticket form: while the category, area or description changes, ask the server
// for similar open tickets and show them, so a duplicate can be handled on the existing ticket. Without JavaScript,
// the "check" button does the same through a normal request.
(function () {
  var form = document.getElementById("new-ticket");
  var target = document.getElementById("similar");
  if (!form || !target || !window.fetch) return;
  var timer = null;
  function refresh() {
    var data = new FormData(form);
    var params = new URLSearchParams();
    ["category", "area", "description", "latitude", "longitude", "system"].forEach(function (name) {
      params.set(name, data.get(name) || "");
    });
    fetch("/staff/similar?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) target.innerHTML = html; });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(refresh, 400); }
  ["category", "area"].forEach(function (name) { form.elements[name].addEventListener("change", schedule); });
  form.elements["description"].addEventListener("input", schedule);
  // "Use my location" fills hidden fields, which fire no event: the location part says when it changed.
  document.addEventListener("mashang:location", schedule);
})();
