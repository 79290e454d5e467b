/* Heat map filters: by prefecture, by name, at-risk only. Rows are hidden, never removed.
 * Only the first PAGE matching rows are shown on screen, the rest on request: laying out all 1,741 rows of the
 * national map took ~2 s (benchmarks/RESULTS.md, 29). Print shows every matching row (CSS: .paged is screen-only),
 * and, since the form does not print, the filters in words (#filter-state). */
(function () {
  "use strict";
  var PAGE = 200;
  var table = document.getElementById("heat-table");
  if (!table) { return; }
  var pref = document.getElementById("filter-pref");
  var name = document.getElementById("filter-name");
  var risk = document.getElementById("filter-risk");
  var count = document.getElementById("filter-count");
  var more = document.getElementById("heat-more");
  var moreText = document.getElementById("heat-more-text");
  var described = document.getElementById("filter-state");
  var bodies = Array.prototype.slice.call(table.tBodies);
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var fmt = new Intl.NumberFormat("ja-JP");
  var total = rows.length;
  var matching = 0;  // rows the filters leave (filter)
  var limit = PAGE;  // matching rows shown on screen
  var wanted = PAGE;  // matching rows the reader asked for (Infinity: 「すべて表示」)
  // Hides the rows the filters leave out, and says how many are left.
  function filter() {
    var p = pref ? pref.value : "";
    var words = hyojun.words(name.value);  // folded as the other reports' search boxes: 丸森　町, ｶﾞ, 全角の数字
    var onlyRisk = risk.checked;
    matching = 0;
    bodies.forEach(function (body) {
      var prefOk = !p || body.getAttribute("data-pref") === p;
      body.hidden = !prefOk;
      if (!prefOk) { return; }
      Array.prototype.forEach.call(body.rows, function (row) {
        // the name only: the cell's text also holds the prefecture (「大阪」 matched 43 towns, 「県」 every one)
        var ok = (!words.length || hyojun.hasAll(hyojun.fold(row.getAttribute("data-name")), words)) &&
          (!onlyRisk || row.hasAttribute("data-risk"));
        row.hidden = !ok;
        if (ok) { matching += 1; }
      });
    });
    count.textContent = fmt.format(matching) + " 団体";
    var parts = [];
    if (p) { parts.push("都道府県「" + p + "」"); }
    if (words.length) { parts.push("団体名に「" + name.value.trim() + "」を含む"); }
    if (onlyRisk) { parts.push("要注意のみ"); }
    described.textContent = parts.length
      ? "絞り込み: " + parts.join("・") + "（" + fmt.format(matching) + " / " + fmt.format(total) + " 団体）"
      : "絞り込み: なし（全 " + fmt.format(total) + " 団体）";
  }
  // Holds back on screen the matching rows past the first *limit*, and offers the ones not yet asked for. Returns the
  // matching row after the first *shownBefore* (undefined: none).
  function paginate(shownBefore) {
    var n = 0, next = null;
    rows.forEach(function (row) {
      if (row.hidden || row.parentNode.hidden) { return; }
      n += 1;
      if (n === shownBefore + 1) { next = row; }
      row.classList.toggle("paged", n > limit);
    });
    var left = matching - wanted;
    more.hidden = left <= 0;
    if (left > 0) {
      moreText.textContent = "先頭 " + fmt.format(wanted) + " 団体を表示しています（残り " + fmt.format(left) + " 団体。印刷ではすべて）。";
    }
    return next;
  }
  // Shows PAGE more of the rows asked for, and PAGE more at each frame after until they all show: 「すべて表示」 laid out
  // the whole country's rows at once, ~1 s with the map on screen; a frame at a time, the page stays responsive. (A
  // filter meanwhile asks for one page again: the frame still to come stops there.)
  function grow(shownBefore) {
    limit = Math.min(wanted, limit + PAGE);
    var next = paginate(shownBefore);
    if (limit < Math.min(wanted, matching)) { requestAnimationFrame(function () { grow(); }); }
    return next;
  }
  function showMore(asked) {
    var shownBefore = limit, focused = more.contains(document.activeElement);
    wanted = asked;
    var next = grow(shownBefore);
    if (focused && more.hidden && next) { hyojun.focusRow(next); } // the last rows asked for: the bar is gone
  }
  function refilter() {
    limit = wanted = PAGE;
    filter();
    paginate();
  }
  name.form.addEventListener("submit", function (e) { e.preventDefault(); }); // Enter in the name box filters, never navigates
  if (pref) { pref.addEventListener("change", refilter); }
  hyojun.onEdit(name, refilter);
  risk.addEventListener("change", refilter);
  // A cell of a deadline other than the default (「*1」) says it in its title once pointed at; the list under the map
  // says it on paper. Made on demand: written into each such cell, one area's national rule weighed 1,741 titles.
  var notes = {};
  Array.prototype.forEach.call(document.querySelectorAll("#deadline-notes li[data-note]"), function (li) {
    notes[li.getAttribute("data-note")] = li;
  });
  table.addEventListener("mouseover", function (e) {
    var cell = e.target.closest("td");
    var sup = cell && !cell.title && cell.querySelector("sup");
    var li = sup && notes[sup.textContent.slice(1)];
    if (!li) { return; }
    var done = cell.firstChild.nodeValue === "100";  // a done area is not 「251 日超過」 (docs/readiness.md)
    cell.title = li.querySelector(".note-deadline").textContent +
      (done ? "" : "（" + li.querySelector(".note-days").textContent + "）");
  });
  document.getElementById("heat-more-next").addEventListener("click", function () { showMore(limit + PAGE); });
  document.getElementById("heat-more-all").addEventListener("click", function () { showMore(Infinity); });
  filter();
  paginate();
}());
