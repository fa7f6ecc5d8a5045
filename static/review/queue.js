// The queue's "Chọn tất cả": shown only with JavaScript (without it, rows are ticked one by one).
(function () {
  var box = document.querySelector("[data-select-all]");
  if (!box) { return; }
  box.classList.remove("d-none");
  box.querySelector("input").addEventListener("change", function (event) {
    document.querySelectorAll("input[name=pick]").forEach(function (pick) { pick.checked = event.target.checked; });
  });
})();
