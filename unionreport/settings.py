"""One settings module for demo, tests and production; everything comes from the environment.

Safe defaults make `make demo` work on a fresh clone (SQLite, DEBUG on, local hosts only).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see README).
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
import xstatic.pkg.bootstrap
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def weak_secret_key(key: str) -> str:
    """Why `key` may not sign production sessions ("" when it may): the rule of Django's check --deploy (W009)."""
    if key == _DEMO_SECRET_KEY:
        return "đang dùng khóa demo"
    if len(key) < 50 or len(set(key)) < 5:
        return f"khóa chỉ có {len(key)} ký tự ({len(set(key))} ký tự khác nhau), cần ít nhất 50 (và 5 ký tự khác nhau)"
    if key.startswith("django-insecure"):
        return "khóa do Django tạo cho máy phát triển (django-insecure-…)"
    return ""


DEBUG = env_bool("DEBUG", True)
# The fallback key only exists so the demo runs without configuration; production refuses it, and any key that
# is easy to guess (a guessed key forges sessions: anybody logs in as anybody), at start-up, not at first use.
_DEMO_SECRET_KEY = "demo-only-insecure-key-set-SECRET_KEY-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", _DEMO_SECRET_KEY)
if not DEBUG and (_weak := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY không dùng được khi DEBUG=0: {_weak}. Tạo một khóa mới bằng "
        "python3 -c \"import secrets; print(secrets.token_urlsafe(50))\" và đặt vào SECRET_KEY "
        "(/etc/unionreport.env hoặc .env của Docker), xem docs/production.md.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "unionreport.core",
    "unionreport.units",
    "unionreport.accounts",
    "unionreport.entry",
    "unionreport.notifications",
    "unionreport.members",
    "unionreport.welfare",
    "unionreport.houses",
    "unionreport.movements",
    "unionreport.organisation",
    "unionreport.returns",
    "unionreport.reports",
    "unionreport.dashboard",
    "unionreport.review",
    "unionreport.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A lost database connection or a full disk becomes a Vietnamese "try again" page, nothing half-saved.
    "unionreport.core.middleware.FaultMiddleware",
    # A body above REQUEST_MAX_BYTES is refused (413) before anything reads it (CSRF reads POST).
    "unionreport.core.middleware.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last (toolchain notes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionreport.urls"
WSGI_APPLICATION = "unionreport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "unionreport.accounts.context_processors.navigation",
                "unionreport.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it compiled the year's aggregates anew on every request (55–130 ms of a 2,5 M-row sum at the merged
    # size, more than it saved); the application's queries are short and many, what JIT does not pay for.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while an import writes; IMMEDIATE transactions take the write lock when they
    # begin (waiting up to `timeout`), where a transaction that read first failed at once with "database is
    # locked" when a background thread (mail, a large export) had written in between.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20,
                                       "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache behind `reports.once`: a unit-year's figures and the report PDF, built once per version of the data.
# Per process by default; CACHE_BACKEND=database shares it between worker processes and application servers
# through the database (table unionreport_cache, made by migration core 0002), so that what one worker built
# the others serve, and a December morning computes each dashboard once per write, not once per worker.
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "locmem")
CACHE_BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "unionreport_cache",
                 "OPTIONS": {"MAX_ENTRIES": 5000}},
}
if CACHE_BACKEND not in CACHE_BACKENDS:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be one of {', '.join(CACHE_BACKENDS)}, not {CACHE_BACKEND!r}.")
CACHES = {"default": CACHE_BACKENDS[CACHE_BACKEND]}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Brute-force protection: lock a username+address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
# Behind the reverse proxy the address comes from X-Forwarded-For (docs/production.md): TRUSTED_PROXY_COUNT proxies
# in front (0: none, REMOTE_ADDR is the client), the last of them connecting from FORWARDED_ALLOW_IPS (the same
# variable tells gunicorn whom to believe about X-Forwarded-Proto).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1")
AXES_CLIENT_IP_CALLABLE = "unionreport.core.proxy.client_address"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's own `vi` formats have no thousands grouping and no leading zeros.
FORMAT_MODULE_PATH = ["unionreport.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "unionreport.core.storage.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: returns are at most 10 MB (return-workbook spec); bigger bodies are refused early.
RETURN_MAX_BYTES = 10 * 1024 * 1024
RETURN_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# Any request body: the largest return and the form around it (nginx's client_max_body_size 12m). Above it,
# RequestSizeMiddleware answers 413 before the body is read; up to it, a return above 10 MB gets the return
# page's own message. Form fields are held in memory up to 2 MB; a file above 2 MB goes to a temporary file.
REQUEST_MAX_BYTES = RETURN_MAX_BYTES + 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5_vi.html"  # issue 15: pagination in Vietnamese
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

SESSION_COOKIE_HTTPONLY = True
# Offices share computers: a session ends 8 hours after logging in, and when the browser is closed.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REFERRER_POLICY = "same-origin"

# Notifications and reminders by email (issue 14): Django's mail, sent outside the request from an outbox.
# EMAIL_URL (smtp://user:password@host:587?tls=True, smtp+ssl://…:465, console://) or EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL; neither: the console (the demo prints mail).
if os.environ.get("EMAIL_URL"):
    globals().update({k: v for k, v in dj_email_url.parse(os.environ["EMAIL_URL"]).items() if v is not None})
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Báo cáo Công đoàn <baocao@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the application at: the links in emails (https://baocao.ldld.ninhbinh.vn).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Send the outbox in a background thread right after the commit that wrote it (the commands retry the rest).
NOTIFICATIONS_SEND_ON_COMMIT = env_bool("NOTIFICATIONS_SEND_ON_COMMIT", True)
# A list's Excel export of more rows than this is written by a thread of the worker while the user watches its
# progress page (entry.export_jobs; the file under MEDIA_ROOT/exports/ for 24 hours). Tests write it in the request.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "20000"))
EXPORT_BACKGROUND_THREAD = env_bool("EXPORT_BACKGROUND_THREAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "unionreport.core.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
