"""The whole demo as of 02/12/2026, loaded once for this module (rolled back after): 2023–2024 as the conference
read them, 2025 across the reorganisation, the 2026 season that morning; and its 2024 report in three formats
(HTML, PDF and Word show the same headings and table titles in the same order, and each reads the phrases the
conference report requires). One module, so the demo (minutes of CPU) is loaded once."""

import datetime as dt
import io
import re
import zipfile
from unittest import mock

import docx
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from lxml import html as lxml_html
from pypdf import PdfReader

from unionreport.accounts.models import User
from unionreport.demo import recent
from unionreport.demo.structure import COMMUNE_OFFICERS, demo_usernames
from unionreport.lib.formatting import approx_count, approx_million
from unionreport.members.models import Member
from unionreport.notifications.models import Notification
from unionreport.organisation.services import reorganise_undo
from unionreport.reports.comparable import STEPS, compare_previous
from unionreport.reports.docx_export import render_docx
from unionreport.reports.figures import figures_for
from unionreport.reports.models import AggregateFigure, AggregateImport
from unionreport.reports.pdf import render_pdf, render_print_html
from unionreport.reports.report import build_report
from unionreport.returns.models import QualityWarning, ReportingYear, Return, ReturnEvent
from unionreport.units.models import Reorganisation, Unit
from unionreport.units.selectors import subtree_ids
from unionreport.welfare.models import Disbursement

TODAY = "2026-12-02"
MEMBERS = "doan_vien.cuoi_nam"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                                   MEDIA_ROOT=tmp_path_factory.mktemp("media")), \
                    mock.patch("sys.stdout", io.StringIO()):
                call_command("load_demo", "--today", TODAY, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def _counts():
    models = (Unit, Reorganisation, User, Member, Disbursement, Return, ReturnEvent, AggregateFigure, Notification,
              QualityWarning)
    return {model.__name__: model.objects.count() for model in models}


def test_it_reads_2024_as_the_conference_did(demo):
    f = figures_for(Unit.objects.get(code="NB"), 2024)
    assert approx_count(f.get("cham_lo.luot")) == "hơn 65.000"
    assert approx_million(f.get("cham_lo.tien")) == "trên 31.529 triệu đồng"
    assert f.get("mai_am.so_nha") == 16


def test_it_loads_twice_without_change(demo):
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", "--today", TODAY, stdout=out)
    assert _counts() == before
    assert "Đã nạp" not in out.getvalue() and "canbo_tinh" in out.getvalue()


def test_it_compares_2025_with_the_three_provinces_2024(demo):
    nb = Unit.objects.get(code="NB")
    comparison = compare_previous(nb, 2025)
    steps = {step.step: step for step in comparison.bridge}
    three = sum(figures_for(Unit.objects.get(code=code), 2024).get(MEMBERS) for code in ("NB", "HN", "ND"))
    assert steps["bao_cao"].get(MEMBERS) == figures_for(nb, 2024).get(MEMBERS)
    assert steps["bao_cao"].get(MEMBERS) + steps["sap_nhap_vao"].get(MEMBERS) == three
    dissolved = Unit.objects.filter(closure_reason=Unit.Reason.BUDGET_2025, valid_to__year=2025)
    assert dissolved.count() > 40
    assert steps["giai_the_ngan_sach"].get("cdcs.so_luong") == dissolved.count()
    policy = sum(figures_for(unit, 2024).get(MEMBERS) for unit in dissolved)
    assert policy > 0
    assert steps["so_sanh"].get(MEMBERS) == three - policy
    assert comparison.comparable[MEMBERS] == three - policy


def test_it_adds_up_the_bridge_at_every_node(demo):
    nodes = Unit.objects.filter(level__in=["province", "upper", "commune"], valid_to=None)
    assert nodes.count() > 10
    for node in nodes:
        steps = {step.step: step for step in compare_previous(node, 2025).bridge}
        assert [s for s, _ in STEPS] == list(steps)
        for key in (MEMBERS, "cham_lo.tien", "cham_lo.luot", "mai_am.so_nha"):
            assert (steps["bao_cao"].get(key) + steps["sap_nhap_vao"].get(key) - steps["chuyen_di"].get(key)
                    - steps["giai_the_ngan_sach"].get(key)) == steps["so_sanh"].get(key), (node.code, key)


def test_it_dissolved_every_budget_paid_agency_in_2025(demo):
    dissolved = Unit.objects.filter(closure_reason=Unit.Reason.BUDGET_2025)
    assert set(dissolved.values_list("valid_to", flat=True)) == {recent.POLICY_DAY}
    assert {"HN", "ND"} <= {u.code.split("-")[0] for u in dissolved}
    f = figures_for(Unit.objects.get(code="NB"), 2025)
    assert f.get("cdcs.giai_the_ngan_sach") == dissolved.count()
    left = Member.objects.filter(unit__in=dissolved, left_on=recent.POLICY_DAY).count()
    assert left > 0 and f.get("doan_vien.giam_giai_the") == left
    assert not Member.objects.filter(unit__in=dissolved, left_on=None).exists()
    assert not Return.objects.filter(unit__in=dissolved, year__gte=2025).exists()
    today = dt.date.fromisoformat(TODAY)
    open_units = Unit.objects.filter(id__in=subtree_ids(Unit.objects.get(code="NB"), today), level="grassroots")
    assert open_units.count() > 300
    assert not open_units.filter(name__icontains="Công đoàn cơ quan UBND").exists()
    assert set(open_units.filter(name__istartswith="Công đoàn cơ quan").values_list("code", flat=True)) == set(
        recent.PUBLIC_SERVICE)  # the public-service units keep theirs
    assert not User.objects.filter(username__in=demo_usernames(), unit__in=dissolved).exists()


def test_it_brings_the_old_provinces_past_as_aggregates_with_the_kept_file(demo):
    assert AggregateImport.objects.filter(confirmed_at__isnull=False).count() == 2
    for code, name in (("HN", "LĐLĐ tỉnh Hà Nam"), ("ND", "LĐLĐ tỉnh Nam Định")):
        stored = AggregateImport.objects.get(original_name__contains=code)
        assert name.split("tỉnh ")[1] in stored.source and stored.size > 0 and stored.file.name
        assert figures_for(Unit.objects.get(code=code), 2023).get(MEMBERS) > 1000
    absorbed = Reorganisation.objects.filter(kind="absorb", effective_date="2025-07-01")
    assert {u.code for e in absorbed for u in e.units.all()} >= {"HN", "ND", "NB"}


def test_it_merged_cs0094_and_cs0095_without_changing_the_commune_totals(demo):
    commune = Unit.objects.get(code="NB-X-GIAVIEN")
    merged = figures_for(commune, 2026)
    assert merged.get("cdcs.hop_nhat") == 2
    staff = User.objects.get(username="canbo_tinh")
    reorganise_undo(actor=staff, unit=Unit.objects.get(code="CS0400"))
    before = figures_for(commune, 2026)
    assert before.get(MEMBERS) == merged.get(MEMBERS) > 0
    assert before.get("cdcs.giai_the") == merged.get("cdcs.giai_the")
    assert before.get("cdcs.hop_nhat") == 0


def test_it_approved_and_locked_2025(demo):
    assert ReportingYear.objects.get(year=2025).locked
    returns = Return.objects.filter(year=2025)
    cutoff = ReportingYear.objects.get(year=2025).cutoff_date  # a CĐCS dissolved before it is not expected
    expected = Unit.objects.filter(id__in=subtree_ids(Unit.objects.get(code="NB"), cutoff), level="grassroots").count()
    assert returns.count() == expected > 300 and set(returns.values_list("status", flat=True)) == {"approved_province"}


def test_it_has_the_2026_season_under_way(demo):
    year = ReportingYear.objects.get(year=2026)
    assert str(year.deadline) == "2026-12-10" and year.opened_at and not year.locked
    statuses = set(Return.objects.filter(year=2026).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "approved_upper", "approved_province"}
    sent = Return.objects.filter(year=2026, status__in=Return.SENT).count()
    expected = Unit.objects.filter(level="grassroots", valid_to=None).count()
    assert 0.6 * expected < sent < 0.9 * expected
    assert ReturnEvent.objects.filter(return_obj__year=2026, kind="sent_back").count() == 2
    assert Return.objects.get(year=2026, unit__code="CS0096").returned_note
    assert Return.objects.filter(year=2026, follow_up=True).count() == 1
    outlier = QualityWarning.objects.filter(year=2026, code="CL_TIEN_NAM_TRUOC", message__contains="20")
    assert outlier.exclude(explanation="").exists()
    acting = ReturnEvent.objects.filter(return_obj__year=2026, acting_for__startswith="thay cho cấp trên (chưa có")
    assert acting.exists()
    assert Notification.objects.filter(read_at__isnull=True, user__username="canbo_cdcs").exists()
    assert User.objects.get(username="canbo_giavien").unit.code == "NB-X-GIAVIEN"


@pytest.mark.parametrize("username", [*demo_usernames(), COMMUNE_OFFICERS[0][0]])
def test_it_lands_each_role_on_the_2026_season(demo, client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get("/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026" in html and "không hoạt động" not in html


def test_it_tells_each_login_what_it_finds(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "bị trả lại" in text and "chờ duyệt" in text and "duyệt thay cấp trên" in text
    assert text.count("→ ") >= len(demo_usernames())


def test_it_reminds_seven_days_before_the_deadline(demo):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", "--today", "2026-12-03", "--dry-run", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    kinds = {line.split("\t")[1] for line in lines}
    assert {"reminder", "reminder_upper", "digest"} <= kinds
    assert any(line.startswith("canbo.kcn@example.org\treminder\tCS0288") for line in lines)


# ---------------------------------------------------------------- the 2024 report in three formats

PHRASES = ["hơn 65.000 lượt", "trên 31.529 triệu đồng", "16 nhà Mái ấm Công đoàn", "Tổng cộng: 16 nhà",
           "1 chương trình hành động, 6 kế hoạch và 3 chương trình đột phá", "TM. BAN THƯỜNG VỤ", "Nơi nhận:"]
OUTLINE_TAGS = {"h1", "h2", "h3", "h4", "caption", "figcaption"}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo_2024(loaded, django_db_blocker):
    """The 2024 report of the loaded demo in three formats (built once for the module)."""
    with django_db_blocker.unblock():
        report = build_report(Unit.objects.get(code="NB"), 2024, links=False)
        return {"report": report, "html": render_print_html(report), "pdf": render_pdf(report),
                "docx": render_docx(report)}


def html_outline(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    return [_words(el.text_content()) for el in tree.iter() if el.tag in OUTLINE_TAGS]


def pdf_outline(pdf: bytes) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(_words(item.title))

    walk(PdfReader(io.BytesIO(pdf)).outline)
    return titles


def docx_outline(document) -> list[str]:
    return [_words(p.text) for p in document.paragraphs
            if p.style.name in ("Title", "Caption") or p.style.name.startswith("Heading")]


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return _words(" ".join(parts))


def test_it_writes_the_same_outline_in_html_pdf_and_word(demo_2024):
    html, pdf = html_outline(demo_2024["html"]), pdf_outline(demo_2024["pdf"])
    word = docx_outline(docx.Document(io.BytesIO(demo_2024["docx"])))
    assert html == pdf == word
    for title in ("BÁO CÁO", "Bảng 2. Văn bản chỉ đạo ban hành năm 2024",
                  "Bảng 7. Đoàn viên, CĐCS theo đơn vị cấp trên trực tiếp cơ sở", "Bảng 10. Chỉ tiêu năm 2025",
                  "Phụ lục 1 SỐ LIỆU CHỦ YẾU THEO ĐƠN VỊ CẤP TRÊN TRỰC TIẾP CƠ SỞ NĂM 2024",
                  "Biểu đồ 3. Thực hiện chỉ tiêu (% kế hoạch)"):
        assert title in html
    assert len([t for t in html if t.startswith("Bảng ")]) == len(demo_2024["report"].tables) - 3


def test_it_reads_the_conference_phrases_in_every_format(demo_2024):
    html = _words(lxml_html.fromstring(demo_2024["html"]).text_content())
    pdf = _words(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(demo_2024["pdf"])).pages))
    word = docx_text(docx.Document(io.BytesIO(demo_2024["docx"])))
    for phrase in PHRASES:
        assert phrase in html, phrase
        assert phrase in pdf, phrase
        assert phrase in word, phrase
    for text in (html, pdf, word):
        assert not re.search(r"\{[a-z_]+(\.[a-z0-9_]+)+\}", text), "a raw placeholder in the report"


def test_it_lays_out_the_word_file_like_the_pdf(demo_2024):
    document = docx.Document(io.BytesIO(demo_2024["docx"]))
    orientations = [(s.page_width > s.page_height) for s in document.sections]
    assert orientations == [False, True, False]  # body, appendices 1–2 landscape, appendix 3 and the charts
    first = document.sections[0]
    assert first.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in first.header._element.xml
    assert all(s.header.is_linked_to_previous for s in document.sections[1:])  # numbers run on
    with zipfile.ZipFile(io.BytesIO(demo_2024["docx"])) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(images) == 3 and all(n.endswith(".png") for n in images)
    headers = [_words(c.text) for c in document.tables[0].rows[0].cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in headers[1] and "TỔNG LĐLĐ VIỆT NAM" in headers[0]
    assert "Ninh Bình, ngày 05 tháng 12 năm 2024" in headers[1]
