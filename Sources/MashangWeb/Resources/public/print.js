// Print buttons of the QR sheet and the reports (a script file, not an inline handler, so the Content-Security-Policy
// can forbid those).
(function () {
  ["print-sheet", "print-report"].forEach(function (id) {
    var button = document.getElementById(id);
    if (button) button.addEventListener("click", function () { window.print(); });
  });
})();
