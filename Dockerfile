# unionreport: one image for the web process (gunicorn) and the management commands.
#   docker build -t unionreport .
#   docker compose up -d          (see compose.yaml and docs/production.md)
# Built on Debian 12 (bookworm) like the development machines; postgresql-client 15 matches postgres:15.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint needs Pango (+ HarfBuzz subsetting for fast, small PDFs); fonts-liberation2 has the
# Vietnamese letters (fonts-liberation 1.x does not); pg_dump/pg_restore for `manage.py backup/restore`.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fontconfig \
      postgresql-client-15 curl \
 && rm -rf /var/lib/apt/lists/* \
 && fc-cache -f

RUN groupadd --system --gid 1000 app \
 && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app \
 && mkdir -p /app /data/media /data/backups \
 && chown -R app:app /data

WORKDIR /app

# Dependencies first (the layer is reused while only the code changes). Only the `app` group: no test tools.
COPY pyproject.toml build-constraints.txt ./
RUN python -m venv "$VIRTUAL_ENV" \
 && pip install --upgrade "pip>=26" \
 && pip install --build-constraint build-constraints.txt --group app

# The code stays owned by root: the app user can read it, not change it.
COPY . .

# Static files are collected into the image (WhiteNoise serves them compressed, with hashed names).
# The settings refuse DEBUG=0 without a SECRET_KEY: a throw-away one is enough to collect.
RUN DEBUG=0 SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghijklmnopqrstuv \
    STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput -v0

ENV DEBUG=0 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups \
    LOG_FORMAT=json \
    PORT=8000

USER app
EXPOSE 8000
VOLUME ["/data/media", "/data/backups"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}/healthz" || exit 1

CMD ["gunicorn", "-c", "gunicorn.conf.py", "unionreport.wsgi"]
