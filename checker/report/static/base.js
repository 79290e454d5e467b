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
    }
  };
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-show-rows]") : null;
    if (!button) { return; }
    var bar = button.closest(".rows-more");
    var later = bar.previousElementSibling.querySelector("tbody.rows-later");
    var focused = bar.contains(document.activeElement);
    bar.remove();
    if (later) {
      later.classList.remove("rows-later");
      if (focused) { hyojun.focusRow(later.rows[0]); }
    }
  });
  // A closed <details> prints as its summary alone where CSS cannot open it (browsers before ::details-content:
  // base.css): open every one for the printout (not those that do not print) and close them again after. Registered
  // once the page is parsed, so that this runs after the reports' own beforeprint handlers, which may draw more rows
  // (and <details>) for print.
  var opened = [];
  document.addEventListener("DOMContentLoaded", function () {
    window.addEventListener("beforeprint", function () {
      opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open]):not(.no-print)"), function (d) {
        d.open = true;
        return true;
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  });
}());
