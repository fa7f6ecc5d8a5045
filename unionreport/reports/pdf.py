"""The report as PDF (WeasyPrint): the print template, and a fetcher that only serves our static files.

Anything the document asks for outside the application's static files (http, file,
ftp...) is refused, so a report never reaches the network or the server's disk. The
charts are inline `data:` images (their bytes are in the document already).

Speed (issue 17): at the merged province the report has ~6.500 table cells (Phụ lục 1–3 and the table by
unit), and WeasyPrint's time and memory go with the number of elements. Two things keep them down without
changing a word or a line of the document: the long tables have `table-layout: fixed` in print.css (no
measuring every cell twice), and WeasyPrint's own HTML stylesheet is used without the five footnote/note rules
and the unscoped `::marker` rule (`report_ua_stylesheet`): they match *every* element, so each table cell
carried six pseudo-element styles (~40.000 at the merged size, a quarter of the memory) that this document
never shows (it has no list, no footnote, no note). And Python's cyclic garbage collector is paused while
WeasyPrint works (`cyclic_gc_paused`): the boxes and styles of every page (hundreds of thousands of objects)
live until the PDF is written, so each collection walked them all for nothing (a sixth of the time).
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path

import weasyprint.css
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA_STYLESHEET
from weasyprint.urls import URLFetcher, URLFetcherResponse

from unionreport.reports.report import Report

logger = logging.getLogger(__name__)

STATIC_BASE = "https://unionreport.invalid/static/"
# Rules of WeasyPrint's html5_ua.css that match every element, and the selectors the report uses instead:
# markers where a list item could be (the report has none), footnote and note pseudo-elements on an element of
# class "footnote" (the usual `.footnote { float: footnote }`; the report has none).
UA_RULES_REPLACED = {
    "::marker {": "li::marker, summary::marker {",
    "::footnote-call {": ".footnote::footnote-call {",
    "::footnote-marker {": ".footnote::footnote-marker {",
    "::note-call {": ".footnote::note-call {",
    "::note-marker {": ".footnote::note-marker {",
    "::note-callback {": ".footnote::note-callback {",
}


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


@cache
def report_ua_stylesheet() -> CSS | None:
    """WeasyPrint's HTML stylesheet with `UA_RULES_REPLACED` scoped; None (WeasyPrint's own is used) if one
    of them is no longer in the installed version's stylesheet (tests/reports/test_pdf.py says so)."""
    text = (files(weasyprint.css) / "html5_ua.css").read_text("utf-8")
    for rule, scoped in UA_RULES_REPLACED.items():
        if text.count("\n" + rule) != 1:
            logger.warning("html5_ua.css của WeasyPrint không còn quy tắc %r: dùng bản gốc", rule)
            return None
        text = text.replace("\n" + rule, "\n" + scoped)
    # Its counter styles are WeasyPrint's own (HTML._ua_counter_style): parse into a copy that is dropped.
    return CSS(string=text, counter_style=CounterStyle())


class ReportHTML(HTML):
    """The print HTML, laid out with `report_ua_stylesheet()` in place of WeasyPrint's HTML stylesheet."""

    def _ua_stylesheets(self, forms=False):
        ours = report_ua_stylesheet()
        sheets = super()._ua_stylesheets(forms)
        return [ours if sheet is UA_STYLESHEET and ours is not None else sheet for sheet in sheets]


_gc_lock = threading.Lock()
_gc_pauses = 0  # builds under way in this process (threads of one worker)
_gc_was_enabled = False


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block runs; it resumes when the last of the process's builds ends
    (unless it was off before the first). Reference counting still frees everything that is not in a cycle."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def render_print_html(report: Report) -> str:
    return render_to_string("reports/report_print.html",
                            {"report": report, "print_css_url": STATIC_BASE + "reports/print.css"})


def render_pdf(report: Report) -> bytes:
    with cyclic_gc_paused():
        html = render_print_html(report)
        return ReportHTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
