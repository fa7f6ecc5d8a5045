"""Large Excel exports, prepared in the background while the user watches a progress page.

Above `EXPORT_BACKGROUND_ROWS` filtered rows, a list's `?export=xlsx` does not build the workbook in the
request (100.000 rows take about 9 s): it records an `ExportJob` (the user, the list's url name, its query
string) and, after the commit, a thread of the same worker re-runs the list's own filter and sort for that
user (`lists.filtered_table` through the list's `EntryKind`, resolved from the url name) and writes the
workbook with `lib.exports` into `MEDIA_ROOT/exports/` — the same rows and values as the direct export,
counted in `rows_written` every few thousand rows. No task queue: a worker that stops (a deploy, a restart)
takes its threads along, and a job whose progress stopped for `STALE` reads "bị gián đoạn". Files and jobs
older than `KEEP` are deleted whenever a new job is created.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from unionreport.entry.lists import filtered_table
from unionreport.entry.models import ExportJob
from unionreport.lib.exports import table_export, write_xlsx

log = logging.getLogger(__name__)
FOLDER = "exports"  # under MEDIA_ROOT
PROGRESS_ROWS = 5000  # rows_written is saved this often (about half a second of writing)
STALE = dt.timedelta(minutes=5)  # no progress for this long: the worker that wrote it is gone
KEEP = dt.timedelta(hours=24)
FAILED = "Không tạo được tệp Excel. Hãy thử lại; nếu vẫn lỗi, hãy lọc bớt hoặc tải tệp CSV."


def is_interrupted(job: ExportJob, now: dt.datetime | None = None) -> bool:
    return job.status == ExportJob.Status.RUNNING and job.updated_at < (now or timezone.now()) - STALE


def export_job_start(*, user, kind, query: QueryDict, filename: str) -> ExportJob | None:
    """A job for the list of `kind` filtered and sorted by `query` when it has more rows than a request should
    write (one COUNT of the filtered rows), started after the commit; None: export it in the request."""
    query = query.copy()
    query.pop("export", None)
    query.pop("page", None)
    request = _list_request(user, query)
    filterset, _ = filtered_table(request, queryset=kind.selector(user), filterset_class=kind.filterset_class,
                                  table_class=kind.table_class)
    total = filterset.qs.count()
    if total <= settings.EXPORT_BACKGROUND_ROWS:
        return None
    with transaction.atomic():
        _delete_old()
        job = ExportJob.objects.create(user=user, list_name=kind.url_name("list"), query=query.urlencode(),
                                       title=kind.title, filename=f"{filename}.xlsx", rows_total=total)
    if settings.EXPORT_BACKGROUND_THREAD:
        transaction.on_commit(lambda: _start(job.pk))
    else:  # tests: the file is written in the request
        export_job_build(job_id=job.pk)
    return job


def export_job_build(*, job_id: int) -> None:
    """Write the job's workbook (the list as the job's user sees it today), then mark it done or failed."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    relative = f"{FOLDER}/{job.pk}-{secrets.token_hex(8)}.xlsx"
    target = Path(settings.MEDIA_ROOT) / relative
    # Recorded before writing: a file left half-written by a worker that stopped is deleted with its job.
    ExportJob.objects.filter(pk=job.pk).update(path=relative, updated_at=timezone.now())
    try:
        kind = resolve(reverse(job.list_name)).kwargs["kind"]
        request = _list_request(job.user, QueryDict(job.query))
        _, table = filtered_table(request, queryset=kind.selector(job.user), filterset_class=kind.filterset_class,
                                  table_class=kind.table_class)
        RequestConfig(request, paginate=False).configure(table)
        headers, rows, grouped = table_export(table)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(str(target), headers, _counted(job, rows), grouped=grouped)
    except Exception:
        log.exception("background export %s failed", job.pk)
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error=FAILED, path="",
                                                   updated_at=timezone.now())
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, updated_at=timezone.now())


def job_file(job: ExportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / job.path


def _list_request(user, query: QueryDict) -> HttpRequest:
    """What the list's filter and sort read of a request: its user and its query string."""
    request = HttpRequest()
    request.method, request.user, request.GET = "GET", user, query
    return request


def _counted(job: ExportJob, rows: Iterable) -> Iterator:
    # SQLite (the demo) refuses a write from a connection whose read is still open once another connection has
    # written since (its snapshot is stale: "database is locked" at once): there, progress is saved at the end.
    midway = connection.vendor != "sqlite"
    written = 0
    for row in rows:
        yield row
        written += 1
        if midway and written % PROGRESS_ROWS == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_written=written, updated_at=timezone.now())
    ExportJob.objects.filter(pk=job.pk).update(rows_written=written, updated_at=timezone.now())


def _delete_old() -> None:
    old = ExportJob.objects.filter(created_at__lt=timezone.now() - KEEP)
    for path in old.exclude(path="").values_list("path", flat=True):
        with contextlib.suppress(OSError):
            (Path(settings.MEDIA_ROOT) / path).unlink(missing_ok=True)
    old.delete()


def _build_in_background(job_id: int) -> None:
    try:
        export_job_build(job_id=job_id)
    except Exception:  # the job row itself is gone: nothing to tell anyone
        log.exception("background export %s could not run", job_id)
    finally:
        connection.close()


def _start(job_id: int) -> None:
    try:
        threading.Thread(target=_build_in_background, args=(job_id,), name="unionreport-export", daemon=True).start()
    except Exception:  # never let a thread problem reach the request: the page shows the job failed
        log.exception("could not start the export thread for job %s", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED, error=FAILED,
                                                   updated_at=timezone.now())
