/* Every report: mark that scripts run (so the screen may hold back long tables' later rows, base.css), show
 * those rows when asked, print folded <details> open, and hold what the reports' scripts share (window.hyojun).
 * In <head>, so that the rule applies before any of the rows are laid out. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Shared with the reports' own scripts, which run after this one.
  var hyojun = window.hyojun = {
    // Call *then* on each finished edit of a text box in *target*: not on the keystrokes of an IME composition but
    // on its commit, which Chromium sends as an input event still marked composing, then compositionend (other
    // browsers add an input event after compositionend: a second, identical call).
    onEdit: function (target, then) {
      target.addEventListener("input", function (event) { if (!event.isComposing) { then(event); } });
      target.addEventListener("compositionend", then);
    },
    // Full-width and half-width forms, case: what a Japanese user types should match either way.
    fold: function (text) { return String(text).normalize("NFKC").toLowerCase(); },
    // The words of a search box's text, folded; a row matches when its folded text holds every one (hasAll).
    words: function (query) { return hyojun.fold(query).split(/\s+/).filter(Boolean); },
    hasAll: function (folded, words) {
      for (var k = 0; k < words.length; k++) { if (folded.indexOf(words[k]) < 0) { return false; } }
      return true;
    },
    // Focus *row*'s first control, or the row itself: where the keyboard goes when the button that showed the row
    // disappears (it would fall to the top of the page).
    focusRow: function (row) {
      var target = row.querySelector("a[href], button, summary, input, select") || row;
      if (target === row) { row.tabIndex = -1; }
      target.focus();
    },
    // A table the scripts draw (check, compare) prints every row its filters select up to the limit its print note
    // holds (data-print-limit); past it only the rows on screen, or print took minutes and more memory than an
    // office PC has (4,500 rows of 5 vendors: 941 pages, 78 s, 9 GB; 20,000 rows of a check: failed past 10 GB).
    printLimit: function (note) { return Number(note.getAttribute("data-print-limit")); },
    // Print, above the table, that *count* rows of *total* are printed (the *first*–…th, when known), why, and (the
    // note's own text, written with the report) where the whole table prints from. Hidden again after printing.
    printPart: function (note, total, count, first) {
      var n = new Intl.NumberFormat("ja-JP").format;
      note.firstChild.textContent = "全 " + n(total) + " 件のうち" + (first ? " " + n(first) + "–" + n(first + count - 1) +
        " 件目（" + n(count) + " 件）" : "画面に表示中の " + n(count) + " 件") + "だけを印刷しています。" +
        n(hyojun.printLimit(note)) + " 件を超える表は、印刷に時間とメモリがかかりすぎるため、画面に表示中の行だけを印刷します。";
      note.hidden = false;
    }
  };
  // A long table's later rows (the data_table macro) come in tbodies of 200: 「続きを表示」 shows the next one,
  // 「すべて表示」 every one, the first at once and then one a frame. 3,000 rows shown at once blocked the page for
  // 1–1.5 s; a frame at a time it answers at once and stays responsive while the rest is laid out (content-visibility,
  // which would lay out only the rows on screen, does nothing on table rows).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-show-rows]") : null;
    if (!button) { return; }
    var bar = button.closest(".rows-more"), table = bar.previousElementSibling.querySelector("table");
    var later = Array.prototype.slice.call(table.querySelectorAll("tbody.rows-later"));
    var focused = bar.contains(document.activeElement);
    var shown = later.shift();
    shown.classList.remove("rows-later");
    if (button.getAttribute("data-show-rows") === "all" || !later.length) {
      bar.remove();
      if (focused) { hyojun.focusRow(shown.rows[0]); }
      (function next() {
        if (later.length) {
          requestAnimationFrame(function () { later.shift().classList.remove("rows-later"); next(); });
        }
      }());
      return;
    }
    var left = later.reduce(function (n, body) { return n + body.rows.length; }, 0);
    var total = Array.prototype.reduce.call(table.tBodies, function (n, body) { return n + body.rows.length; }, 0);
    bar.querySelector("[data-rows-shown]").textContent = (total - left).toLocaleString("ja-JP");
    bar.querySelector("[data-rows-left]").textContent = left.toLocaleString("ja-JP");
  });
  // A closed <details> prints as its summary alone where CSS cannot open it (browsers before ::details-content:
  // base.css): open every one for the printout (not those that do not print) and close them again after. Registered
  // once the page is parsed, so that this runs after the reports' own beforeprint handlers, which may draw more rows
  // (and <details>) for print.
  var opened = [];
  document.addEventListener("DOMContentLoaded", function () {
    keyboardScrollBoxes();
    window.addEventListener("beforeprint", function () {
      opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open]):not(.no-print)"), function (d) {
        d.open = true;
        return true;
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
      document.querySelectorAll("[data-print-limit]").forEach(function (note) { note.hidden = true; });
    });
  });
  // A box a wide table scrolls in holds nothing a keyboard could scroll it with (WCAG 2.1.1; axe:
  // scrollable-region-focusable) unless the box is a tab stop. Whether it scrolls depends on the window's width (400 %
  // zoom: 320 px) and on the rows the page's filters and pages show: while it does, it is a tab stop and a region named
  // after its table; once it does not, the keyboard no longer stops on it, from when the focus is elsewhere (a focused
  // box's tab stop taken away, the focus fell to the page's top: a keyboard user's place lost when the window widened).
  // Boxes that scroll at most widths carry all three in the HTML (for a page without scripts too) and are left alone.
  // Print, where no box scrolls, changes nothing.
  function keyboardScrollBoxes() {
    var boxes = Array.prototype.filter.call(document.querySelectorAll(".table-wrap, .hy-wrap"), function (box) {
      return !box.hasAttribute("tabindex");
    });
    var added = boxes.map(function () { return []; });  // the attributes set on each box, to take away again
    var pending = false;
    function scrolls(box) {
      var style = getComputedStyle(box);
      return (/auto|scroll/.test(style.overflowX) && box.scrollWidth > box.clientWidth) ||
        (/auto|scroll/.test(style.overflowY) && box.scrollHeight > box.clientHeight);
    }
    function update() {
      pending = false;
      if (window.matchMedia("print").matches) { return; }
      boxes.forEach(function (box, k) {
        if (scrolls(box) && !added[k].length) {
          var attributes = [["tabindex", "0"], ["role", "region"], ["aria-label", boxName(box)]];
          added[k] = attributes.filter(function (a) {
            return !box.hasAttribute(a[0]) && !(a[0] === "aria-label" && box.hasAttribute("aria-labelledby"));
          }).map(function (a) { box.setAttribute(a[0], a[1]); return a[0]; });
        } else if (added[k].length && !scrolls(box)) {
          if (box === document.activeElement) { box.addEventListener("blur", check, {once: true}); return; }
          added[k].forEach(function (name) { box.removeAttribute(name); });
          added[k] = [];
        }
      });
    }
    // Checked a frame after any box or its table changes size (the window, a filter, 「続きを表示」), once the
    // reports' own observers have set the box's overflow (report.js: .hy-wrap--scroll), and after the focus leaves a
    // box that has stopped scrolling.
    function check() {
      if (!pending) { pending = true; requestAnimationFrame(update); }
    }
    var observer = new ResizeObserver(check);
    boxes.forEach(function (box) {
      observer.observe(box);
      if (box.querySelector("table")) { observer.observe(box.querySelector("table")); }
    });
  }
  // A scroll box's name: its table's caption, when a short title (some explain the table in sentences, which the
  // table's own caption reads out again), else the heading before the box; and that it scrolls.
  function boxName(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    if (!text || text.length > 40 || text.indexOf("。") >= 0) {
      var before = Array.prototype.filter.call(document.querySelectorAll("h1, h2, h3, h4, h5, h6"), function (h) {
        return h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      text = (before.length ? before[before.length - 1].textContent : text || "表").replace(/\s+/g, " ").trim();
    }
    return text + "（スクロールできます）";
  }
}());
