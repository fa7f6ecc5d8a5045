"""Reading history reaches as far as the move (issue: the officer of LĐLĐ huyện Gia Viễn, closed 01/07/2025, opened
CS0096's 2025 return uploaded after it moved to Công đoàn xã Gia Viễn). One rule: `access.visible_rows` /
`access.sees_year` — a former upper unit reads a CĐCS's facts of the time it was below, units below today bring
their whole history."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from unionreport.accounts.access import sees_year, visible_rows
from unionreport.accounts.models import User
from unionreport.core.models import ImportBatch
from unionreport.houses.models import House
from unionreport.members.models import Workforce
from unionreport.returns.models import ReopenRequest, Return, ReturnVersion
from unionreport.returns.selectors import reopen_requests_for
from unionreport.units.models import Unit
from unionreport.units.services import unit_close
from unionreport.welfare.models import Disbursement

pytestmark = pytest.mark.django_db
MOVED = dt.date(2025, 7, 1)


@pytest.fixture
def moved(make_unit, province, district_b, cdcs_b):
    commune = make_unit("XGV", "Công đoàn xã Gia Viễn", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE,
                        parent=province, valid_from=MOVED)
    giavien = User.objects.create(username="canbo_giavien", role=User.Role.UPPER_OFFICER, unit=district_b)
    unit_close(actor=None, unit=district_b, effective_date=MOVED, move_children_to=commune)
    giavien.refresh_from_db()
    commune_officer = User.objects.create(username="canbo_xa", role=User.Role.UPPER_OFFICER, unit=commune)
    for day in (dt.date(2024, 5, 1), dt.date(2025, 3, 1), dt.date(2025, 9, 1)):
        Disbursement.objects.create(unit=cdcs_b, date=day, occasion="tet", form="gift", person_times=1,
                                    amount_vnd=100_000, source="union_funds")
    for year in (2024, 2025):
        Workforce.objects.create(unit=cdcs_b, year=year, total_workers=10)
        Return.objects.create(unit=cdcs_b, year=year)
    return {"cdcs": cdcs_b, "old": giavien, "new": commune_officer}


def test_it_shows_a_former_parent_only_the_time_the_cdcs_was_below(moved):
    old, cdcs = moved["old"], moved["cdcs"]
    welfare = visible_rows(old, Disbursement.objects.all(), date="date")
    assert sorted(d.date for d in welfare) == [dt.date(2024, 5, 1), dt.date(2025, 3, 1)]
    assert [w.year for w in visible_rows(old, Workforce.objects.all(), year="year")] == [2024]
    assert sees_year(old, cdcs, 2024) and not sees_year(old, cdcs, 2025)


def test_it_shows_the_unit_above_today_the_whole_history(moved, staff):
    new, cdcs = moved["new"], moved["cdcs"]
    assert visible_rows(new, Disbursement.objects.all(), date="date").count() == 3
    assert sees_year(new, cdcs, 2024) and sees_year(new, cdcs, 2025)
    assert sees_year(staff, cdcs, 2025)


def test_it_answers_404_for_the_return_filed_after_the_move(client, moved):
    client.force_login(moved["old"])
    cdcs = moved["cdcs"]
    assert client.get(reverse("review:return", args=[2025, cdcs.code])).status_code == 404
    assert client.get(reverse("returns:template", args=[2025, cdcs.code])).status_code == 404
    assert client.get(reverse("review:return", args=[2024, cdcs.code])).status_code == 200
    client.force_login(moved["new"])
    assert client.get(reverse("review:return", args=[2025, cdcs.code])).status_code == 200


@pytest.fixture
def filed(moved):
    """CĐCS's returns as the demo has them: 2024's filed while it was below LĐLĐ huyện Gia Viễn, 2025's uploaded
    after it moved (a file, and welfare and house rows dated before and after the move, all in the return's
    import batch), and a request to reopen each."""
    cdcs, officer = moved["cdcs"], moved["new"]
    versions = {}
    for year in (2024, 2025):
        ret = Return.objects.get(unit=cdcs, year=year)
        batch = ImportBatch.objects.create(unit=cdcs, year=year)
        versions[year] = ReturnVersion.objects.create(
            return_obj=ret, number=1, file=ContentFile(b"PK", name=f"{year}.xlsx"), original_name=f"{year}.xlsx",
            size=2, sha256="0" * 64, batch=batch, summary={"members": {"created": 3, "updated": 0, "unchanged": 0}})
        Return.objects.filter(pk=ret.pk).update(current_version=versions[year])
        for day in (dt.date(year, 3, 1), dt.date(year, 9, 1)):
            Disbursement.objects.create(unit=cdcs, date=day, occasion="tet", form="gift", person_times=1,
                                        amount_vnd=100_000, source="union_funds", description=f"Báo cáo {year}",
                                        batch=batch)
        House.objects.create(unit=cdcs, member_name=f"Nhà {year}", kind="new", total_support_vnd=50_000_000,
                             handover_date=dt.date(year, 5, 1), batch=batch)
        ReopenRequest.objects.create(return_obj=ret, reason="Sửa số liệu", requested_by=officer)
    return versions


def _descriptions(client, url):
    return {row[-1] for row in csv.reader(io.StringIO(client.get(url, {"export": "csv", "year": "tat-ca"})
                                                      .getvalue().decode("utf-8-sig")))}


def test_it_keeps_what_was_filed_after_the_move_from_the_former_parent(client, moved, filed):
    """Every page of CĐCS's 2025 return, filed after it moved, answers 404 to the officer of the closed district;
    its 2024 return (file, rows, report) stays readable."""
    client.force_login(moved["old"])
    cdcs = moved["cdcs"]
    not_found = [reverse("returns:version_file", args=[filed[2025].pk]),
                 reverse("review:return", args=[2025, cdcs.code]), reverse("returns:export", args=[2025, cdcs.code]),
                 reverse("reports:report", args=[cdcs.code, 2025]), reverse("reports:pdf", args=[cdcs.code, 2025]),
                 reverse("reports:docx", args=[cdcs.code, 2025]), f"/?unit={cdcs.code}&year=2025"]
    for url in not_found:
        assert client.get(url).status_code == 404, url
    request_2025 = ReopenRequest.objects.get(return_obj__year=2025)
    decide = reverse("returns:reopen_decide", args=[request_2025.pk])
    assert client.post(decide, {"decision": "grant"}).status_code == 404
    assert client.get(reverse("returns:version_file", args=[filed[2024].pk])).status_code == 200
    assert client.get(reverse("review:return", args=[2024, cdcs.code])).status_code == 200
    assert client.get(reverse("reports:report", args=[cdcs.code, 2024])).status_code == 200
    # Rows: the 2025 return's rows went with it (even those dated before the move); hand-typed rows keep their date.
    welfare = _descriptions(client, reverse("welfare:list"))
    assert "Báo cáo 2024" in welfare and "Báo cáo 2025" not in welfare
    assert [d.date for d in visible_rows(moved["old"], Disbursement.objects.filter(batch__isnull=True),
                                         date="date", batch="batch")] == [dt.date(2025, 3, 1), dt.date(2024, 5, 1)]
    houses = {h.member_name for h in visible_rows(moved["old"], House.objects.all(), date="handover_date",
                                                  batch="batch")}
    assert houses == {"Nhà 2024"}
    row_2025 = Disbursement.objects.filter(batch__year=2025).first()
    assert client.get(reverse("welfare:detail", args=[row_2025.pk])).status_code == 404
    assert [r.return_obj.year for r in reopen_requests_for(moved["old"])] == [2024]


def test_it_shows_the_unit_above_today_all_that_was_filed(client, moved, filed):
    client.force_login(moved["new"])
    cdcs = moved["cdcs"]
    assert client.get(reverse("returns:version_file", args=[filed[2025].pk])).status_code == 200
    assert client.get(reverse("reports:report", args=[cdcs.code, 2025])).status_code == 200
    assert {"Báo cáo 2024", "Báo cáo 2025"} <= _descriptions(client, reverse("welfare:list"))


def test_it_places_a_year_by_the_figures_rule(moved, make_unit, district_a):
    """One placement (`units.rollup.placed_q`) for figures and reading: a CĐCS closed on 1 January ended with the
    year before, so its former parent does not read its facts of the new year."""
    from unionreport.units.services import unit_close as close

    cdcs = make_unit("CS-1-1", parent=district_a)
    officer = User.objects.create(username="canbo_tp", role=User.Role.UPPER_OFFICER, unit=district_a)
    close(actor=None, unit=cdcs, effective_date=dt.date(2025, 1, 1))
    Workforce.objects.create(unit=cdcs, year=2025, total_workers=1)
    Workforce.objects.create(unit=cdcs, year=2024, total_workers=2)
    assert [w.year for w in visible_rows(officer, Workforce.objects.filter(unit=cdcs), year="year")] == [2024]
    assert sees_year(officer, cdcs, 2024) and not sees_year(officer, cdcs, 2025)
