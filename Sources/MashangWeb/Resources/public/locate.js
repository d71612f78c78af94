// "Use my location" on the intake forms: the browser's position (WGS-84, only when the person allows it) fills the
// hidden coordinates, and the server says which grid that is. Optional: without it, or without JavaScript, the form is
// sent with its intake point or chosen area as before.
(function () {
  var field = document.getElementById("location-field");
  if (!field || !navigator.geolocation || !window.fetch) return;
  field.hidden = false;
  var status = document.getElementById("location-status");
  var use = document.getElementById("use-location");
  var clear = document.getElementById("clear-location");
  var inputs = { latitude: document.getElementById("latitude"), longitude: document.getElementById("longitude"),
                 system: document.getElementById("system") };
  function say(text, problem) {
    status.textContent = text;
    field.classList.toggle("invalid", !!problem);
  }
  function set(latitude, longitude) {
    inputs.latitude.value = latitude;
    inputs.longitude.value = longitude;
    inputs.system.value = "wgs84";
    clear.hidden = latitude === "";
    document.dispatchEvent(new Event("mashang:location"));
  }
  use.addEventListener("click", function () {
    say(field.dataset.locating, false);
    navigator.geolocation.getCurrentPosition(function (position) {
      var latitude = position.coords.latitude.toFixed(7), longitude = position.coords.longitude.toFixed(7);
      var query = new URLSearchParams({ latitude: latitude, longitude: longitude, system: "wgs84" });
      fetch(field.dataset.locate + "?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
        .then(function (answer) {
          if (answer.ok) {
            set(latitude, longitude);
            var names = answer.body.lineage.map(function (item) { return item.name; }).join(" · ");
            say(field.dataset.placed.replace("{area}", names), false);
          } else {
            set("", "");
            var fields = (answer.body.error && answer.body.error.fields) || [];
            say(fields.length ? fields[0].message : answer.body.error.message, true);
          }
        })
        .catch(function () { say(field.dataset.unavailable, true); });
    }, function (failure) {
      say(failure.code === 1 ? field.dataset.denied : field.dataset.unavailable, true);
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
  clear.addEventListener("click", function () { set("", ""); say("", false); });
})();
