/* The matrix: a page of PAGE rows at a time on screen; printing draws every row the filters select (up to the limit
 * of hyojun.printLimit; past it the page on screen, and the print note says so), and the filters are printed in words
 * (#m-conditions), so that a printout never passes a part for the whole. */
(function () {
  "use strict";
  var PAGE = Number(document.getElementById("m-body").getAttribute("data-page-size"));
  var STATUSES = JSON.parse(document.getElementById("statuses").textContent);
  var cache = {};
  // rows: [area data, row] pairs; query: the search text they were filtered by
  var state = {page: 0, rows: [], printing: false, query: ""};
  var areaSel = document.getElementById("m-area"), groupSel = document.getElementById("m-group");
  var only = document.getElementById("m-only"), q = document.getElementById("m-q");
  var table = document.getElementById("matrix-table"), body = document.getElementById("m-body");
  var status = document.getElementById("m-status");
  var conditions = document.getElementById("m-conditions"), printNote = document.querySelector("#matrix [data-print-limit]");

  function data(key) {
    if (!cache[key]) { cache[key] = JSON.parse(document.getElementById("data-" + key).textContent); }
    return cache[key];
  }
  // The areas shown: the one chosen, or every one (the option 「すべての業務」, value "").
  function areas() {
    var keys = areaSel.value ? [areaSel.value] : Array.prototype.map.call(areaSel.options, function (o) { return o.value; });
    return keys.filter(Boolean).map(data);
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function chip(text, tone) { return el("span", {"class": "chip tone-" + tone}, text); }
  // The search covers ID, 名称, 要件 and each vendor's answer, 代替案 and 備考, as the gap report's does; a row's
  // folded text is made once, while the reader is still reading (below) or on its first search.
  var hays = new WeakMap();
  function hay(r) {
    var folded = hays.get(r);
    if (folded === undefined) {
      var parts = [r[0], r[1], r[8]];
      r[7].forEach(function (c) { parts.push(c[1], c[3], c[4]); });
      folded = hyojun.fold(parts.join("\u0001"));
      hays.set(r, folded);
    }
    return folded;
  }
  function matches(r, words) { return !words.length || hyojun.hasAll(hay(r), words); }
  function describe() {
    var parts = [];
    if (areaSel.options.length > 1 && areaSel.value) { parts.push(areaSel.getAttribute("data-label") + "：" + areaSel.selectedOptions[0].textContent); }
    var g = groupSel.selectedOptions[0];
    if (g.value) { parts.push("大項目：" + g.textContent + (g.parentNode.label ? "（" + g.parentNode.label + "）" : "")); }
    if (only.checked) { parts.push("差異・要確認がある行のみ"); }
    if (q.value.trim()) { parts.push("検索：「" + q.value.trim() + "」"); }
    conditions.textContent = parts.length ? "条件 — " + parts.join("／") : "条件 — なし（全件）";
  }
  // The rows the filters select, from the first page; filter() shows them, printing draws them its own way (once).
  function select() {
    var g = groupSel.value, words = hyojun.words(q.value);
    state.query = q.value;
    state.rows = [];
    areas().forEach(function (d) {
      d.rows.forEach(function (r) {
        if ((!only.checked || r[5] || r[6]) && (g === "" || d.key + ":" + r[2] === g) && matches(r, words)) {
          state.rows.push([d, r]);
        }
      });
    });
    state.page = 0;
    describe();
  }
  function filter() { select(); draw(); }
  // A summary 「要件」「詳細」 with, for a screen reader, whose it is: a page holds hundreds of them.
  function summary(text, whose) {
    var s = el("summary", null, text);
    s.appendChild(el("span", {"class": "visually-hidden"}, "（" + whose + "）"));
    return s;
  }
  // A vendor's cell: its status, its answer's line and the details (label, index in the cell's data) it has
  var DETAILS = [["対応時期", 2], ["代替案", 3], ["備考", 4], ["回答セル", 5]], REF = 5;
  function answerLine(c) { return "回答: " + (c[1] || "（なし）") + "／得点 " + c[6]; }
  function classLine(r) { return r[3] + (r[4] ? "（要求オプション・優先度 " + r[4] + "）" : ""); }
  function cell(c, whose) {
    var st = STATUSES[c[0]];
    var td = el("td", {"class": "cell", "data-status": st[0]});
    td.appendChild(chip(st[1], st[2]));
    td.appendChild(el("span", {"class": "raw"}, answerLine(c)));
    // an answer to another version: what changed since (第1.0版 では標準オプション機能, 第1.0版 にない要件)
    if (c[7]) { td.appendChild(el("span", {"class": "since"}, c[7])); }
    if (c[2] || c[3] || c[4] || c[5]) {
      var det = el("details"), dl = el("dl");
      det.appendChild(summary("詳細", whose));
      DETAILS.forEach(function (p) {
        if (!c[p[1]]) { return; }
        dl.appendChild(el("dt", null, p[0]));
        // a cell's address wraps whole (.mono), not inside it (機能要件回 / 答!D166)
        dl.appendChild(el("dd", p[1] === REF ? {"class": "mono"} : null, c[p[1]]));
      });
      det.appendChild(dl);
      td.appendChild(det);
    }
    return td;
  }
  // The rows draw() shows: every one while printing, else the page's
  function drawn() { return state.printing ? state.rows : state.rows.slice(state.page * PAGE, (state.page + 1) * PAGE); }
  function draw() {
    var n = state.rows.length, pages = Math.max(1, Math.ceil(n / PAGE)), several = areas().length > 1;
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    var start = state.printing ? 0 : state.page * PAGE, slice = drawn();
    var frag = document.createDocumentFragment(), lastGroup = "";
    slice.forEach(function (pair) {
      var d = pair[0], r = pair[1];
      if (d.key + ":" + r[2] !== lastGroup) {
        lastGroup = d.key + ":" + r[2];
        var gr = el("tr", {"class": "group"});
        gr.appendChild(el("th", {"scope": "rowgroup", "colspan": String(4 + d.vendors.length)},
          several ? d.area + "／" + d.groups[r[2]] : d.groups[r[2]]));
        frag.appendChild(gr);
      }
      var tr = el("tr", {"data-id": r[0], "class": r[5] ? "differ" : ""});
      tr.appendChild(el("td", {"class": "id"}, r[0]));
      var name = el("td", {"class": "req"});
      name.appendChild(el("span", null, r[1]));
      if (r[8]) {
        var det = el("details");
        det.appendChild(summary("要件", r[0]));
        det.appendChild(el("p", null, r[8]));
        name.appendChild(det);
      }
      tr.appendChild(name);
      tr.appendChild(el("td", null, classLine(r)));
      var marks = el("td", {"class": "marks"});
      if (r[5]) { marks.appendChild(chip("差異", "warn")); }
      if (r[6]) { marks.appendChild(chip("要確認", "bad")); }
      if (!r[5] && !r[6]) { marks.appendChild(el("span", {"class": "muted"}, "—")); }
      tr.appendChild(marks);
      r[7].forEach(function (c, j) { tr.appendChild(cell(c, r[0] + "・" + d.vendors[j])); });
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    document.querySelectorAll(".m-page input").forEach(function (input) { input.max = pages; input.value = state.page + 1; });
    document.querySelectorAll(".m-pages").forEach(function (s) { s.textContent = pages; });
    document.querySelectorAll(".pager button").forEach(function (b) {
      var step = Number(b.getAttribute("data-step"));
      b.disabled = step < 0 ? state.page === 0 : state.page >= pages - 1;
    });
    var what = areaSel.selectedOptions[0].textContent + ": " + n + " 件";
    status.textContent = state.printing ? what + "（すべて表示）"
      : what + "中 " + (n ? start + 1 : 0) + "–" + (start + slice.length) + " 件目を表示";
  }
  // Print: how wide the requirement's column is, and which rows may break across pages, from the rows printed. No
  // one width suits: 住民記録's requirements run to 1,300 characters, 介護保険's to 70, and a vendor's cell holds its
  // status, answer and cell address (a remark at times). At a fixed 14em a long requirement filled a page by itself
  // (663 requirements of 4 vendors: 234 pages); at 32em 8 vendors' cells held a word a line (介護保険: 313 pages).
  // So the requirement's column takes the share of the page's width that makes the rows' heights, estimated from
  // their text, the least; and a row taller than a third of a page may break (kept whole, it left the page before it
  // part blank). In rem of the printed page (10pt, base.css): its width (A4 landscape less the margins), the fixed
  // columns' widths (ID, 実装区分, 差異・要確認: bid.css) and 実装区分's, a cell's padding, a third of a page.
  var PRINT = {page: 77.4, fixed: 4.6 + 4.8 + 4.2, cls: 4.8, pad: .6, tall: 16};
  // The width in em of a text: a full-width character 1, a space .3, another narrow one about half
  function ems(s) {
    var w = 0;
    for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); w += c === 32 ? .3 : c < 0x1100 ? .55 : 1; }
    return w;
  }
  function lines(width, room) { return Math.max(1, Math.ceil(width / room)); }
  // What a row lays out (rem): the height of its columns of fixed width, the widths of its requirement's texts
  // (.85rem, a line 1.6 times that), and of each vendor's lines (.8rem) as [label, text, address]: the status (a chip)
  // and the answer, the change since the version answered, each detail. A cell's address that does not fit beside its label goes below it whole (.mono).
  function extent(r) {
    var marks = (r[5] ? 1 : 0) + (r[6] ? 1 : 0);
    return {fixed: Math.max(lines(ems(classLine(r)) * .85, PRINT.cls - PRINT.pad) * .85 * 1.6, marks * 1.45),
            req: [r[1], r[8]].filter(Boolean).map(function (t) { return ems(t) * .85; }),
            cells: r[7].map(function (c) {
              return [[ems(STATUSES[c[0]][1]) * .8 + 1.7, ems(answerLine(c)) * .8, false]].concat(
                c[7] ? [[0, ems(c[7]) * .8, false]] : [],  // what changed since the version answered: a line of its own
                DETAILS.filter(function (p) { return c[p[1]]; }).map(function (p) {
                  return [(ems(p[0]) + 1) * .8, ems(c[p[1]]) * .8, p[1] === REF];
                }));
            })};
  }
  function height(x, req, room) {
    var h = Math.max(x.fixed, x.req.reduce(function (n, w) { return n + lines(w, req); }, 0) * .85 * 1.6);
    x.cells.forEach(function (parts) {
      var n = parts.reduce(function (k, p) {
        return k + (p[2] && p[0] + p[1] > room ? 1 + lines(p[1], room) : lines(p[0] + p[1], room));
      }, 0);
      h = Math.max(h, n * .8 * 1.6 + .15); // .15: a chip's border
    });
    return h + .4; // the cells' padding
  }
  function fitPrint() {
    var rows = drawn().map(function (pair) { return extent(pair[1]); });
    var vendors = areas()[0].vendors.length, best = null;
    for (var share = .15; share < .62; share += .05) {
      var req = PRINT.page * share - PRINT.pad, room = (PRINT.page * (1 - share) - PRINT.fixed) / vendors - PRINT.pad;
      var heights = rows.map(function (x) { return height(x, req, room); });
      var total = heights.reduce(function (t, y) { return t + y; }, 0);
      if (!best || total < best.total) { best = {share: share, heights: heights, total: total}; }
    }
    table.style.setProperty("--m-name", Math.round(best.share * 100) + "%");
    body.querySelectorAll("tr[data-id]").forEach(function (tr, k) {
      tr.classList.toggle("m-long", best.heights[k] > PRINT.tall);
    });
  }
  function loadArea() {
    var list = areas();
    groupSel.replaceChildren(el("option", {"value": ""}, "すべて"));
    list.forEach(function (d) {
      var parent = list.length > 1 ? groupSel.appendChild(el("optgroup", {"label": d.area})) : groupSel;
      d.groups.forEach(function (g, i) { parent.appendChild(el("option", {"value": d.key + ":" + i}, g)); });
    });
    filter();
  }
  // A word typed letter by letter redraws the rows at its first letter and then once the typing pauses, not at every
  // letter (each redraw lays out a page of cells); an edit on its own (an IME's commit, a paste) shows at once.
  var PAUSE = 150, pause = null;
  function edited() {
    if (pause === null) { filter(); } else { clearTimeout(pause); }
    pause = setTimeout(function () {
      pause = null;
      if (q.value !== state.query) { filter(); }
    }, PAUSE);
  }
  areaSel.addEventListener("change", loadArea);
  groupSel.addEventListener("change", filter);
  only.addEventListener("change", filter);
  hyojun.onEdit(q, edited);
  // A step of ±Infinity goes to the first or the last page: draw() clamps the page.
  document.querySelectorAll(".pager button").forEach(function (b) {
    b.addEventListener("click", function () {
      var step = Number(b.getAttribute("data-step"));
      state.page += step;
      draw();
      // On the last (first) page the buttons that go on (back) are disabled: the keyboard goes to the one that goes
      // back (on), not to the page's top.
      if (b.disabled) { b.parentNode.querySelector("[data-step='" + (step > 0 ? -1 : 1) + "']").focus(); }
    });
  });
  // A page by number (Enter, or leaving the box); a number out of range goes to the first or the last page, an empty
  // box shows the page again.
  document.querySelectorAll(".m-page input").forEach(function (input) {
    input.addEventListener("change", function () {
      if (!isNaN(input.valueAsNumber)) { state.page = Math.round(input.valueAsNumber) - 1; }
      draw();
    });
  });
  // A search still waiting for the pause applies first: the printout holds, and states, what the box says.
  window.addEventListener("beforeprint", function () {
    var searched = pause !== null && q.value !== state.query;
    if (searched) { select(); }
    var n = state.rows.length;
    if (n <= hyojun.printLimit(printNote)) {
      state.printing = true;
      draw();
    } else {
      if (searched) { draw(); }  // the page on screen, printed, is the search's first
      hyojun.printPart(printNote, n, Math.min(PAGE, n - state.page * PAGE), state.page * PAGE + 1);
    }
    fitPrint();
  });
  window.addEventListener("afterprint", function () {
    if (state.printing) { state.printing = false; draw(); }
  });
  loadArea();
  // Fold every row's search text while the reader is still reading, so that the first search is as quick as the rest:
  // a few rows at a time, in the browser's idle moments, so that a click right after opening waits for none of it.
  var idle = window.requestIdleCallback || function (then) { return setTimeout(then, 0); };
  var unfolded = [].concat.apply([], areas().map(function (d) { return d.rows; }));
  idle(function fold(deadline) {
    while (unfolded.length && (!deadline || deadline.timeRemaining() > 0)) { hay(unfolded.pop()); }
    if (unfolded.length) { idle(fold); }
  });
}());
