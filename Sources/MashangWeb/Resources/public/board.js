// Live dispatch board: the server announces changes over Server-Sent Events; the board reloads its columns.
(function () {
  var board = document.getElementById("board");
  var updated = document.getElementById("board-updated");
  if (!board || !window.EventSource) return;
  var source = new EventSource("/staff/board/events");
  window.mashangBoard = source;
  // At most one reload a second: a busy hour's intakes on every node would otherwise reload it without pause.
  var loading = false, again = false;
  function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    fetch("/staff/board?fragment=1", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        board.innerHTML = html;
        board.setAttribute("data-updates", String(Number(board.getAttribute("data-updates") || "0") + 1));
        updated.textContent = new Date().toLocaleTimeString();
      })
      .catch(function () {})
      .then(function () {
        setTimeout(function () {
          loading = false;
          if (again) { again = false; refresh(); }
        }, 1000);
      });
  }
  // On every (re)connection too: changes made while disconnected are not replayed.
  source.addEventListener("open", refresh);
  source.addEventListener("changed", refresh);
})();
