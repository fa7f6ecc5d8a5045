"""Turn a lost database connection into a calm Vietnamese 503 page instead of a 500 error.

When PostgreSQL restarts or a backend is terminated in the middle of a request (an import,
a report), the transaction is rolled back by the server: nothing was changed. The user
should be told exactly that and asked to try again. The page is rendered without a request
context, so it touches neither the session, the user nor the menu (all need the database).

Add to MIDDLEWARE (settings.py) right after WhiteNoise:
    "unionreport.core.middleware.DatabaseUnavailableMiddleware",
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("unionreport.db")

DB_UNAVAILABLE_MESSAGE = "Mất kết nối cơ sở dữ liệu, dữ liệu chưa bị thay đổi. Vui lòng thử lại."
RETRY_AFTER_SECONDS = 30


def db_unavailable_response() -> HttpResponse:
    html = render_to_string("core/db_unavailable.html", {"message": DB_UNAVAILABLE_MESSAGE})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable during %s %s: %s", request.method, request.path, exception,
                     extra={"status_code": 503, "path": request.path})
        return db_unavailable_response()
