// The narrative editor, enhanced: insert the chosen placeholder at the cursor, and refresh each section's preview
// while typing. The preview replaces the placeholders listed by the server (`narrative-phrases`: "{key}" → text)
// and nothing else; it writes text nodes only. Without this script the server renders the preview after a save.
(function () {
  "use strict";
  var data = document.getElementById("narrative-phrases");
  var phrases = data ? JSON.parse(data.textContent) : {};
  var braces = /\{[^{}\n]{0,80}\}/g;

  function renderPreview(area) {
    var box = document.querySelector('[data-preview-for="' + area.id + '"] .preview-body');
    if (!box) { return; }
    box.textContent = "";
    var lines = area.value.replace(/\r\n/g, "\n").split("\n").filter(function (l) { return l.trim(); });
    if (!lines.length) {
      var empty = document.createElement("p");
      empty.className = "mb-1 text-body-secondary";
      empty.textContent = "(để trống: báo cáo dùng câu mặc định)";
      box.appendChild(empty);
      return;
    }
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.className = "mb-1";
      var position = 0;
      line.replace(braces, function (typed, offset) {
        p.appendChild(document.createTextNode(line.slice(position, offset)));
        if (Object.prototype.hasOwnProperty.call(phrases, typed)) {
          p.appendChild(document.createTextNode(phrases[typed]));
        } else {
          var bad = document.createElement("mark");
          bad.className = "text-danger";
          bad.title = "Không có số liệu này: kiểm tra mã";
          bad.textContent = typed;
          p.appendChild(bad);
        }
        position = offset + typed.length;
        return typed;
      });
      p.appendChild(document.createTextNode(line.slice(position)));
      box.appendChild(p);
    });
  }

  var last = null;
  document.querySelectorAll("textarea.narrative-text").forEach(function (area) {
    area.addEventListener("focus", function () { last = area; });
    area.addEventListener("input", function () { renderPreview(area); });
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
    renderPreview(area);
  });
})();
