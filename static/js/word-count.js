// Live word counters for text areas with data-max-words. The server enforces the limit;
// this only tells the writer as they type. Counts like the server: each CJK character is
// a word, and so is each run of other non-space characters.
(function () {
  "use strict";
  var WORD = /[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+/g;
  var template = document.getElementById("word-count-text");
  var text = template ? template.innerHTML.trim() : "{count} / {max}";

  function update(area, output) {
    var count = (area.value.match(WORD) || []).length;
    var max = parseInt(area.getAttribute("data-max-words"), 10);
    output.textContent = text.replace("{count}", count).replace("{max}", max);
    output.classList.toggle("over", count > max);
  }

  document.querySelectorAll("textarea[data-max-words]").forEach(function (area) {
    var output = document.getElementById(area.id + "-count");
    if (!output) { return; }
    area.addEventListener("input", function () { update(area, output); });
    update(area, output);
  });
})();
