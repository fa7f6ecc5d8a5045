"""Large Excel exports: prepared in the background (here: in the request) behind a progress page of their owner."""

import datetime as dt
import io
import threading

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.members.factories import make
from unionreport.entry import export_jobs
from unionreport.entry.models import ExportJob


def values(content: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


@pytest.fixture
def many(db, cdcs_a, cdcs_b, settings):
    settings.EXPORT_BACKGROUND_ROWS = 3
    for unit in (cdcs_a, cdcs_b, cdcs_a, cdcs_b, cdcs_a):
        make("welfare:", unit, description="=1+1")


QUERY = {"sort": "-amount_vnd", "year": "tat-ca"}


def test_it_prepares_a_large_export_in_the_background_with_the_rows_of_the_direct_one(client, staff, many,
                                                                                      settings):
    client.force_login(staff)
    url = reverse("welfare:list")
    response = client.get(url, {**QUERY, "export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("entry:export_job", args=[job.pk])
    assert (job.user, job.list_name, job.status, job.rows_total, job.rows_written) == (
        staff, "welfare:list", ExportJob.Status.DONE, 5, 5)
    page = client.get(response["Location"]).content.decode()
    assert "Tải tệp" in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("entry:export_job_download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="welfare-list.xlsx"'
    background = values(b"".join(download.streaming_content))
    settings.EXPORT_BACKGROUND_ROWS = 100
    assert background == values(client.get(url, {**QUERY, "export": "xlsx"}).getvalue())
    assert len(background) == 1 + 5 and "=1+1" in background[1]


def test_it_keeps_the_users_scope_and_the_filters(client, officer_a, staff, district_a, many, settings):
    settings.EXPORT_BACKGROUND_ROWS = 2
    client.force_login(officer_a)  # sees CĐCS A's 3 rows only
    client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"})
    client.force_login(staff)
    client.get(reverse("welfare:list"), {"year": "tat-ca", "unit": district_a.pk, "export": "xlsx"})
    client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "csv"})  # CSV streams: never a job
    assert list(ExportJob.objects.order_by("pk").values_list("user__username", "rows_written")) == [
        (officer_a.username, 3), (staff.username, 3)]


@pytest.mark.django_db(transaction=True)
def test_it_writes_the_file_in_a_thread_after_the_commit(client, staff, many, settings):
    settings.EXPORT_BACKGROUND_THREAD = True
    client.force_login(staff)
    client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"})
    for thread in [t for t in threading.enumerate() if t.name == "unionreport-export"]:
        thread.join(20)
    job = ExportJob.objects.get()
    assert (job.status, job.rows_written) == (ExportJob.Status.DONE, 5)
    assert len(values(export_jobs.job_file(job).read_bytes())) == 1 + 5


def test_it_exports_below_the_threshold_in_the_request(client, staff, many, settings):
    settings.EXPORT_BACKGROUND_ROWS = 5
    client.force_login(staff)
    response = client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"})
    assert response.status_code == 200 and len(values(response.getvalue())) == 1 + 5
    assert not ExportJob.objects.exists()


def test_it_answers_404_to_anyone_but_the_owner(client, staff, officer_a, many):
    client.force_login(staff)
    client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"})
    job = ExportJob.objects.get()
    client.force_login(officer_a)
    assert client.get(reverse("entry:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("entry:export_job_download", args=[job.pk])).status_code == 404


def running_job(user, **kw):
    return ExportJob.objects.create(user=user, list_name="welfare:list", query="year=tat-ca", title="Chăm lo",
                                    filename="welfare-list.xlsx", rows_total=100_000, rows_written=40_000, **kw)


def test_it_refreshes_the_page_while_the_file_is_written(client, staff, django_assert_num_queries):
    job = running_job(staff)
    client.force_login(staff)
    with django_assert_num_queries(5):  # session, user, the job; the layout's bell and the user's unit
        page = client.get(reverse("entry:export_job", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Đang chuẩn bị tệp Excel: đã ghi 40.000/100.000 dòng" in page
    assert client.get(reverse("entry:export_job_download", args=[job.pk])).status_code == 404


def test_it_says_a_job_without_progress_was_interrupted(client, staff):
    job = running_job(staff)
    ExportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - export_jobs.STALE - dt.timedelta(1))
    client.force_login(staff)
    page = client.get(reverse("entry:export_job", args=[job.pk])).content.decode()
    assert "bị gián đoạn, hãy tải lại" in page and 'http-equiv="refresh"' not in page


def test_it_shows_a_failure_in_vietnamese(client, staff, many, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export_jobs, "write_xlsx", broken)
    client.force_login(staff)
    response = client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"}, follow=True)
    assert export_jobs.FAILED in response.content.decode()
    assert ExportJob.objects.get().status == ExportJob.Status.FAILED


def test_it_deletes_jobs_and_files_older_than_a_day_when_a_new_one_starts(client, staff, many):
    client.force_login(staff)
    client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"})
    old = ExportJob.objects.get()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - export_jobs.KEEP - dt.timedelta(1))
    assert export_jobs.job_file(old).exists()
    client.get(reverse("welfare:list"), {"year": "tat-ca", "export": "xlsx"})
    assert not export_jobs.job_file(old).exists()
    assert list(ExportJob.objects.exclude(pk=old.pk).values_list("status", flat=True)) == [ExportJob.Status.DONE]
    assert not ExportJob.objects.filter(pk=old.pk).exists()
