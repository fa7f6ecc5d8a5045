// Upload progress for the return form: sends the same multipart form with XMLHttpRequest and shows a
// <progress> bar; the server answers with a redirect (preview page) which the browser then follows.
// Without JavaScript the plain form posts as usual.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      var input = form.querySelector("input[type=file]");
      var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
      var bar = form.querySelector("[data-progress-bar]");
      var text = form.querySelector("[data-progress-text]");
      if (input && input.files.length && max && input.files[0].size > max) {
        event.preventDefault();
        text.textContent = "Tệp lớn hơn 10 MB. Xóa các dòng, trang tính thừa rồi lưu lại.";
        return;
      }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      bar.classList.remove("d-none");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var percent = Math.round(e.loaded * 100 / e.total);
          bar.value = percent;
          text.textContent = "Đang tải lên: " + percent + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");
        text.textContent = "Đã tải lên, đang kiểm tra tệp…";
      });
      xhr.addEventListener("load", function () {
        window.location.assign(xhr.responseURL || form.action);
      });
      xhr.addEventListener("error", function () {
        if (button) { button.disabled = false; }
        text.textContent = "Không gửi được tệp. Kiểm tra kết nối mạng rồi thử lại.";
      });
      xhr.send(new FormData(form));
    });
  });
})();
