// Inserts the chosen placeholder at the cursor of the last focused text area (works without it too: copy the code).
(function () {
  "use strict";
  var last = null;
  document.querySelectorAll("textarea.narrative-text").forEach(function (area) {
    area.addEventListener("focus", function () { last = area; });
  });
  var button = document.getElementById("placeholder-insert");
  var select = document.getElementById("placeholder-select");
  if (!button || !select) { return; }
  button.addEventListener("click", function () {
    var area = last || document.querySelector("textarea.narrative-text");
    if (!area) { return; }
    var start = area.selectionStart || 0, end = area.selectionEnd || 0, code = select.value;
    area.value = area.value.slice(0, start) + code + area.value.slice(end);
    area.focus();
    area.selectionStart = area.selectionEnd = start + code.length;
  });
})();
