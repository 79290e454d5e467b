/* Heat map filters: by prefecture, by name, at-risk only. Rows are hidden, never removed. */
(function () {
  "use strict";
  var table = document.getElementById("heat-table");
  if (!table) { return; }
  var pref = document.getElementById("filter-pref");
  var name = document.getElementById("filter-name");
  var risk = document.getElementById("filter-risk");
  var count = document.getElementById("filter-count");
  var bodies = Array.prototype.slice.call(table.tBodies);
  function apply() {
    var p = pref ? pref.value : "";
    var q = name.value.trim();
    var onlyRisk = risk.checked;
    var shown = 0;
    bodies.forEach(function (body) {
      var prefOk = !p || body.getAttribute("data-pref") === p;
      body.hidden = !prefOk;
      if (!prefOk) { return; }
      Array.prototype.forEach.call(body.rows, function (row) {
        var ok = (!q || row.cells[0].textContent.indexOf(q) !== -1) && (!onlyRisk || row.hasAttribute("data-risk"));
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
    });
    count.textContent = shown + " 団体";
  }
  if (pref) { pref.addEventListener("change", apply); }
  name.addEventListener("input", apply);
  risk.addEventListener("change", apply);
}());
