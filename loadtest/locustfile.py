"""A December morning: officers uploading and submitting returns, approvers reviewing and bulk-approving,
leadership opening the dashboard and downloading the report's PDF; everyone logs in and opens lists.

Run by run.sh (`make loadtest`) against gunicorn on 127.0.0.1 with the plan written by prepare.py
(LOADTEST_PLAN): each simulated person uses one account and only the pages that account may open.
At the end it writes LOADTEST_RESULTS (JSON): requests per second, p50/p95/max per kind
(login, page, upload) and per page, errors, and whether the goals hold
(0 errors, pages p95 ≤ 1 s, uploads and approvals p95 ≤ 3 s, PDF p95 ≤ 5 s: issue 17).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import re
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urljoin, urlparse

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ.get("LOADTEST_PLAN", "loadtest/plan.json")).read_text(encoding="utf-8"))
RESULTS = Path(os.environ.get("LOADTEST_RESULTS", "loadtest/results.json"))
# Logins are reported without a goal: each one is a PBKDF2 hash (about 1 s of CPU on these machines).
GOALS_MS = {"page": 1000, "upload": 3000, "approve": 3000, "pdf": 5000}
THINK_SECONDS = tuple(float(x) for x in os.environ.get("LOADTEST_THINK", "3,10").split(","))
LOGIN_URL = "/tai-khoan/dang-nhap/"
LOGOUT_URL = "/tai-khoan/dang-xuat/"
_accounts = itertools.cycle(PLAN["accounts"])
_times: dict[str, list[float]] = defaultdict(list)
_errors: Counter = Counter()
_clock = {"start": None, "stop": None}


# The app marks its cookies Secure (DEBUG=0, as behind the HTTPS proxy); the load test talks plain HTTP to
# 127.0.0.1. requests copies the cookie jar with the default policy on every request and redirect, so the
# policy class itself is relaxed, in this process only.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


class _Forms(HTMLParser):
    """The forms of a page: action, method and the values a browser would send by default."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                               "fields": {}, "files": [], "buttons": {}})
            self._open = True
            return
        if not self._open:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                form["files"].append(a["name"])
            elif kind in ("checkbox", "radio"):
                form.setdefault("choices", []).append((a["name"], a.get("value", "on")))
                if "checked" in a:
                    form["fields"][a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "image", "reset"):
                form["fields"][a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            form["fields"][a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in form["fields"] or "selected" in a:
                form["fields"][self._select] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            form["buttons"][a["name"]] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._open = False


def _forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _kind(name: str) -> str:
    return name.split(":", 1)[0]


@events.test_start.add_listener
def _started(environment, **kwargs):
    _clock["start"] = time.monotonic()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    _times[name].append(response_time)
    if exception is not None:
        _errors[f"{request_type} {name}: {str(exception)[:200]}"] += 1


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


def _summary(values: list[float]) -> dict:
    return {"requests": len(values), "p50_ms": round(_percentile(values, 0.50)),
            "p95_ms": round(_percentile(values, 0.95)), "max_ms": round(max(values, default=0))}


@events.test_stop.add_listener
def _stopped(environment, **kwargs):
    seconds = time.monotonic() - (_clock["start"] or time.monotonic())
    by_kind: dict[str, list[float]] = defaultdict(list)
    for name, values in _times.items():
        by_kind[_kind(name)].extend(values)
    total = sum(len(v) for v in _times.values())
    kinds = {kind: _summary(values) for kind, values in sorted(by_kind.items())}
    goals = {f"{kind} p95 ≤ {limit} ms": kinds[kind]["p95_ms"] <= limit
             for kind, limit in GOALS_MS.items() if kind in kinds}
    goals["0 errors"] = sum(_errors.values()) == 0
    results = {
        "users": environment.runner.target_user_count if environment.runner else None,
        "think_seconds": list(THINK_SECONDS),
        "load_average_before": os.environ.get("LOADTEST_LOAD_BEFORE", ""),
        "load_average_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpu_cores": os.cpu_count(),
        "seconds": round(seconds, 1),
        "requests": total,
        "requests_per_second": round(total / seconds, 1) if seconds else 0,
        "errors": sum(_errors.values()),
        "error_detail": dict(_errors.most_common(20)),
        "kinds": kinds,
        "pages": {name: _summary(values) for name, values in sorted(_times.items())},
        "goals": goals,
        "goals_met": all(goals.values()),
        "uploads_tested": "upload" in kinds,
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


class Officer(HttpUser):
    """One person with one account, reading each page for 3–10 s before the next click (LOADTEST_THINK=min,max)."""

    wait_time = between(*THINK_SECONDS)

    def on_start(self):
        self.account = next(_accounts)
        self.pages = list(self.account["pages"].items()) or [("home", "/")]
        self.upload = self.account.get("upload")
        self.pdf = self.account.get("pdf")
        self.reviews = self.account.get("reviews")
        self.login()

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def login(self):
        page = self.client.get(LOGIN_URL, name="login: form")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        data = {"username": self.account["username"], "password": self.account["password"],
                "csrfmiddlewaretoken": match.group(1) if match else self._csrf()}
        with self.client.post(LOGIN_URL, data=data, name="login: post", catch_response=True) as response:
            if urlparse(response.url or "").path.startswith(LOGIN_URL):
                response.failure(f"login refused for {self.account['username']}")

    def _page(self, url: str, label: str):
        with self.client.get(url, name=f"page: {label}", catch_response=True) as response:
            if urlparse(response.url or "").path.startswith(LOGIN_URL):
                response.failure("sent back to the login page")

    @task(24)
    def open_page(self):
        label, url = random.choice(self.pages)
        self._page(url, label)

    @task(8)
    def open_home(self):
        self._page("/", "home")

    @task(1)
    def log_out_and_in(self):
        """About once in a two-minute visit: people log in once per session, not every few clicks."""
        self.client.post(LOGOUT_URL, data={"csrfmiddlewaretoken": self._csrf()}, name="login: logout")
        self.login()

    @task(8)
    def upload_return(self):
        """Open the return page, upload the workbook, look at the preview, confirm: the whole December errand."""
        if not self.upload:
            return
        page = self.client.get(self.upload["url"], name="page: return")
        form = next((f for f in _forms(page.text) if f["files"]), None)
        if form is None:
            return
        action = urljoin(self.upload["url"], form["action"] or self.upload["url"])
        with open(self.upload["file"], "rb") as fh:
            files = {form["files"][0]: (Path(self.upload["file"]).name, fh.read(),
                                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
        with self.client.post(action, data=form["fields"], files=files, name="upload: file and preview",
                              catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"upload answered {response.status_code}")
                return
        # The preview's confirm form posts to the preview page itself (no action, no file).
        confirm = next((f for f in _forms(response.text) if f["method"] == "post" and not f["files"]
                        and not f["action"]), None)
        if confirm:
            self.client.post(response.url, data=confirm["fields"] | confirm["buttons"], name="upload: confirm")
        self.submit_return()

    def submit_return(self):
        """Submit the uploaded return (its page's submit form), as the officer does after checking it."""
        page = self.client.get(self.upload["url"], name="page: return")
        form = next((f for f in _forms(page.text) if f["action"].endswith("/nop/")), None)
        if form is None:
            return
        # The officer explains each warning the figures raise (the form requires it before submitting).
        data = {k: (v or "Số liệu đúng theo sổ sách của đơn vị (tải thử).") if k.startswith("explain_text_") else v
                for k, v in form["fields"].items()}
        with self.client.post(urljoin(self.upload["url"], form["action"]), data=data,
                              name="upload: submit", catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"submit answered {response.status_code}")

    @task(6)
    def review_and_bulk_approve(self):
        """Approvers: open the queue, look at one return, pick a few and bulk-approve them (plan, then run)."""
        if not self.reviews:
            return
        queue = self.client.get(self.reviews, name="page: review queue")
        form = next((f for f in _forms(queue.text) if f["action"].endswith("/duyet-nhieu/")), None)
        picks = [value for name, value in (form or {}).get("choices", []) if name == "pick"]
        links = re.findall(r'href="(/bao-cao-nam/\d{4}/[^/"?]+/)"', queue.text)
        if links:
            self._page(random.choice(links), "return (review)")
        if not picks:
            return
        chosen = random.sample(picks, min(3, len(picks)))
        data = form["fields"] | {"pick": chosen}
        plan = self.client.post(urljoin(self.reviews, form["action"]), data=data, name="approve: bulk plan")
        confirm = next((f for f in _forms(plan.text) if f["action"].endswith("/duyet-nhieu/")), None)
        if confirm is None:
            return
        hidden = re.findall(r'name="pick" value="([^"]+)"', plan.text)
        data = confirm["fields"] | {"pick": hidden, "stage": "run"}
        with self.client.post(urljoin(self.reviews, confirm["action"]), data=data, name="approve: bulk run",
                              catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"bulk approval answered {response.status_code}")

    @task(4)
    def leadership_pdf(self):
        """Leadership (and staff): the dashboard, then the year's report as PDF."""
        if not self.pdf:
            return
        self._page("/", "home")
        with self.client.get(self.pdf, name="pdf: report", catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"PDF answered {response.status_code}")
