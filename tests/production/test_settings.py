"""Production settings refuse what would be unsafe at start-up (a short or demo SECRET_KEY), and sessions suit
offices that share computers (8 hours, ended with the browser)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]


def _start(**env) -> subprocess.CompletedProcess:
    """Load the settings as gunicorn's preload does, in a fresh process with `env`."""
    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")} | env
    environ |= {"DJANGO_SETTINGS_MODULE": "unionreport.settings", "ALLOWED_HOSTS": "example.org"}
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("key", ["x", "a" * 60, "check-only-" + "Ab3" * 12, None])
def test_it_refuses_a_weak_secret_key_in_production(key):
    env = {"DEBUG": "0"} | ({"SECRET_KEY": key} if key is not None else {})
    started = _start(**env)
    assert started.returncode != 0
    assert "SECRET_KEY không dùng được khi DEBUG=0" in started.stderr
    assert "secrets.token_urlsafe(50)" in started.stderr


def test_it_starts_with_a_strong_key_or_in_the_demo():
    assert _start(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50)).returncode == 0
    assert _start(DEBUG="1", SECRET_KEY="x").returncode == 0


def test_it_ends_sessions_after_eight_hours_and_with_the_browser(client, staff, db):
    response = client.post(reverse("accounts:login"), {"username": "canbo_tinh", "password": "matkhau-Thu-nghiem-1"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie: gone when it closes
    assert client.session.get_expiry_age() == 8 * 60 * 60
    session = Session.objects.get()
    assert abs((session.expire_date - timezone.now()).total_seconds() - 8 * 60 * 60) < 60
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))  # 8 hours later
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
