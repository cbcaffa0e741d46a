// Small improvements where JavaScript runs; every page works without them.
(function () {
  "use strict";

  // After a form comes back with errors, take the focus to their summary (base.html puts it
  // first in <main>), so that a screen reader reads it and a keyboard starts from it.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
    // A link in the summary focuses its field and shows the field's label or legend too.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
      var label = legend || (field.labels && field.labels[0]) || field;
      label.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // Escape closes the compact menu and gives the focus back to its button.
  var menu = document.querySelector(".site-menu");
  if (menu) {
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }
})();
