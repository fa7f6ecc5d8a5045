"""The report as PDF (WeasyPrint): the print template, and a fetcher that only serves our static files.

Anything the document asks for outside the application's static files (http, file,
ftp...) is refused, so a report never reaches the network or the server's disk. The
charts are inline `data:` images (their bytes are in the document already).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from unionreport.reports.report import Report

STATIC_BASE = "https://unionreport.invalid/static/"


class StaticOnlyFetcher(URLFetcher):
    """Serves `STATIC_BASE<path>` from the static finders and inline `data:` URIs; refuses the rest."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_BASE):
            raise ValueError(f"Tài nguyên ngoài ứng dụng bị từ chối: {url}")
        relative = url.removeprefix(STATIC_BASE).split("?")[0].split("#")[0]
        if ".." in Path(relative).parts:
            raise ValueError(f"Đường dẫn không hợp lệ: {url}")
        found = finders.find(relative)
        if not found:
            raise ValueError(f"Không tìm thấy tệp tĩnh: {relative}")
        mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": mime})


def render_print_html(report: Report) -> str:
    return render_to_string("reports/report_print.html",
                            {"report": report, "print_css_url": STATIC_BASE + "reports/print.css"})


def render_pdf(report: Report) -> bytes:
    html = render_print_html(report)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
