"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py unionreport.wsgi`.

Everything can be overridden from the environment:
  GUNICORN_BIND (default 0.0.0.0:8000, or 0.0.0.0:$PORT), WEB_CONCURRENCY (worker processes,
  default 2 × cores + 1, at most 8), GUNICORN_THREADS (threads per worker, default 4),
  GUNICORN_TIMEOUT (seconds, default 120: a province-wide PDF or a large return import
  may take tens of seconds on a busy December day), FORWARDED_ALLOW_IPS (the reverse
  proxy's address, default 127.0.0.1), GUNICORN_LOG_FORMAT (json or plain; default
  follows LOG_FORMAT, then json).
Logs (access and errors) go to stdout/stderr, one JSON object per line, like Django's.
"""

import json
import logging
import multiprocessing
import os
import time

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


_cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = _int("WEB_CONCURRENCY", min(2 * _cores + 1, 8))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Recycle workers now and then: WeasyPrint and openpyxl keep memory they do not give back.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Import the app once before forking: a broken setting fails at start, not on the first request.
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files on a RAM disk (container file systems can stall on disk writes).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "unionreport"


class JsonAccessLogger(Logger):
    """One JSON object per line on stdout: requests, and gunicorn's own messages (unionreport.core.logging's shape)."""

    def setup(self, cfg):
        super().setup(cfg)
        from unionreport.core.logging import JsonFormatter

        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())
        for handler in self.access_log.handlers:
            handler.setFormatter(logging.Formatter("%(message)s"))

    def access(self, resp, req, environ, request_time):
        if not self.cfg.accesslog:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        payload = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "message": f"{req.method} {req.path} {status}",
            "method": req.method,
            "path": req.path,
            "query": req.query or "",
            "status_code": int(status),
            "bytes": getattr(resp, "sent", 0) or getattr(resp, "response_length", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote": environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR"),
            "agent": environ.get("HTTP_USER_AGENT", ""),
        }
        try:
            self.access_log.info(json.dumps(payload, ensure_ascii=False))
        except Exception:
            self.exception("access log failed")


if os.environ.get("GUNICORN_LOG_FORMAT", os.environ.get("LOG_FORMAT", "json")) == "json":
    logger_class = JsonAccessLogger
