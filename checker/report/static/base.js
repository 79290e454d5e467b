/* Every report: mark that scripts run (so the screen may hold back long tables' later rows, base.css), and show
 * those rows when asked. In <head>, so that the rule applies before any of the rows are laid out. */
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
}());
