"""Turn infrastructure faults into calm Vietnamese pages instead of a 500 error.

- The database connection is lost (PostgreSQL restarts, a backend is terminated in the
  middle of an import): the server rolled the transaction back, nothing was changed.
  Answer 503 "Mất kết nối cơ sở dữ liệu, dữ liệu chưa bị thay đổi. Vui lòng thử lại."
- The disk for uploaded files is full (ENOSPC/EDQUOT, or UploadStorageError from
  unionreport.core.storage): the service's transaction rolled back too. Answer 507 and
  say the file was not received.

The page is rendered without a request context, so it touches neither the session, the
user nor the menu (all need the database). Views that can say it better (a message on the
upload page) may catch `UploadStorageError` themselves; this is the safety net.

Add to MIDDLEWARE (settings.py) right after WhiteNoise:
    "unionreport.core.middleware.FaultMiddleware",

`RequestSizeMiddleware` (before anything reads the body: CSRF reads POST) refuses a request whose
Content-Length is above `REQUEST_MAX_BYTES` with a Vietnamese 413 page, without reading the body: a 60 MB
upload is not written to a temporary file first, whatever the proxy in front allows.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from unionreport.core.storage import DISK_FULL_MESSAGE, FULL_ERRNOS, UploadStorageError
from unionreport.lib.formatting import format_int

logger = logging.getLogger("unionreport.faults")

DB_UNAVAILABLE_MESSAGE = "Mất kết nối cơ sở dữ liệu, dữ liệu chưa bị thay đổi. Vui lòng thử lại."
RETRY_AFTER_SECONDS = 30


def _fault_page(*, status: int, title: str, message: str, detail: str) -> HttpResponse:
    html = render_to_string("core/db_unavailable.html", {"title": title, "message": message, "detail": detail})
    response = HttpResponse(html, status=status)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def db_unavailable_response() -> HttpResponse:
    return _fault_page(
        status=503, title="Tạm thời không kết nối được cơ sở dữ liệu", message=DB_UNAVAILABLE_MESSAGE,
        detail="Thao tác vừa rồi (ví dụ nhập báo cáo) chưa được lưu; dữ liệu đã có trước đó vẫn giữ nguyên. "
               "Hãy chờ khoảng nửa phút rồi thực hiện lại; nếu lỗi còn tiếp diễn, báo cho cán bộ quản trị "
               "của LĐLĐ tỉnh.")


def storage_full_response(message: str = DISK_FULL_MESSAGE) -> HttpResponse:
    return _fault_page(
        status=507, title="Chưa nhận được tệp tải lên", message=message,
        detail="Tệp chưa được lưu và số liệu không thay đổi. Bạn có thể tải lên lại sau khi cán bộ quản trị "
               "giải phóng chỗ trống trên máy chủ.")


class FaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable during %s %s: %s", request.method, request.path, exception,
                         extra={"status_code": 503, "path": request.path})
            return db_unavailable_response()
        if isinstance(exception, UploadStorageError):
            logger.error("upload not stored during %s %s: %s", request.method, request.path, exception.original,
                         extra={"status_code": 507, "path": request.path})
            return storage_full_response(exception.messages[0])
        if isinstance(exception, OSError) and exception.errno in FULL_ERRNOS:
            logger.error("disk full during %s %s: %s", request.method, request.path, exception,
                         extra={"status_code": 507, "path": request.path})
            return storage_full_response()
        return None


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty
        if length > settings.REQUEST_MAX_BYTES:
            logger.warning("request body refused during %s %s: %s bytes", request.method, request.path, length,
                           extra={"status_code": 413, "path": request.path})
            return too_large_response()
        return self.get_response(request)


def too_large_response() -> HttpResponse:
    html = render_to_string("413.html", {
        "limit_mb": format_int(settings.REQUEST_MAX_BYTES // (1024 * 1024)),
        "return_mb": format_int(settings.RETURN_MAX_BYTES // (1024 * 1024)),
    })
    response = HttpResponse(html, status=413)
    response["Cache-Control"] = "no-store"
    return response
