// Live word counters for text areas with data-max-words. The server enforces the limit;
// this only tells the writer as they type. Counts exactly as portal/text.py count_words:
// two Chinese characters make one word (rounded up), and any other run of non-space
// characters is a word when it holds a letter or a digit.
(function () {
  "use strict";
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
  var RUN = /[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
  var CHINESE_CHARACTERS_PER_WORD = 2;
  var template = document.getElementById("word-count-text");
  var text = template ? template.innerHTML.trim() : "{count} / {max}";

  function countWords(value) {
    var han = (value.match(HAN) || []).length;
    var runs = (value.match(RUN) || []).filter(function (run) { return LETTER_OR_DIGIT.test(run); });
    return runs.length + Math.ceil(han / CHINESE_CHARACTERS_PER_WORD);
  }
  window.portalCountWords = countWords;  // for the browser test that compares with the server

  function update(area, output) {
    var count = countWords(area.value);
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
