// The QR sheet's print button (a script file, not an inline handler, so the Content-Security-Policy can forbid those).
(function () {
  var button = document.getElementById("print-sheet");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
