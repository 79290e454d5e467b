/* Every report: mark that scripts run (so the screen may hold back long tables' later rows, base.css), show
 * those rows when asked, and print folded <details> open. In <head>, so that the rule applies before any of the
 * rows are laid out. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-show-rows]") : null;
    if (!button) { return; }
    var bar = button.closest(".rows-more");
    var later = bar.previousElementSibling.querySelector("tbody.rows-later");
    if (later) { later.classList.remove("rows-later"); }
    bar.remove();
  });
  // A closed <details> prints as its summary alone (CSS cannot open it): open every one for the printout and
  // close them again after. Registered once the page is parsed, so that this runs after the reports' own
  // beforeprint handlers, which may draw more rows (and <details>) for print.
  var opened = [];
  document.addEventListener("DOMContentLoaded", function () {
    window.addEventListener("beforeprint", function () {
      opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
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
