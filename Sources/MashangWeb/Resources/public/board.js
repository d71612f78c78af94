// Live dispatch board: the server announces changes over Server-Sent Events; the board reloads its columns.
(function () {
  var board = document.getElementById("board");
  var updated = document.getElementById("board-updated");
  if (!board || !window.EventSource) return;
  var source = new EventSource("/staff/board/events");
  window.mashangBoard = source;
  function refresh() {
    fetch("/staff/board?fragment=1", { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        board.innerHTML = html;
        board.setAttribute("data-updates", String(Number(board.getAttribute("data-updates") || "0") + 1));
        updated.textContent = new Date().toLocaleTimeString();
      });
  }
  // On every (re)connection too: changes made while disconnected are not replayed.
  source.addEventListener("open", refresh);
  source.addEventListener("changed", refresh);
})();
