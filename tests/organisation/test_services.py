"""Reorganisations move what belongs to the units, count as what they are in the figures, and undo exactly.

The cast: a commune union XA (under the province TINH) with CĐCS CS0094 (30 members) and CS0095 (20), a
commune union XB with CS0096 (10); members joined over 2020–2025; some left.
"""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from unionreport.accounts.models import User
from unionreport.members.models import Member, MemberSummary
from unionreport.members.summary import member_summary_refresh
from unionreport.organisation import services
from unionreport.reports.figures import figures_for
from unionreport.returns.workflow import reporting_year_lock
from unionreport.units.models import Succession, Unit, UnitPath, UnitPeriod
from unionreport.units.services import NewUnit

pytestmark = pytest.mark.django_db
MERGE_DAY = dt.date(2026, 9, 1)


def _members(unit, count, first=1, joined=dt.date(2020, 3, 1)):
    rows = [Member(unit=unit, card_number=f"{first + i:04d}", full_name=f"Đoàn viên {unit.code} {first + i}", sex="nu",
                   birth_year=1990, joined_on=joined + dt.timedelta(days=i * 40)) for i in range(count)]
    Member.objects.bulk_create(rows)
    member_summary_refresh(unit_ids=[unit.pk])


@pytest.fixture
def communes(province, make_unit):
    xa = make_unit("XA", "Công đoàn xã A", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    xb = make_unit("XB", "Công đoàn xã B", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    a = make_unit("CS0094", "Công đoàn Trường A", parent=xa)
    b = make_unit("CS0095", "Công đoàn Trường B", parent=xa)
    c = make_unit("CS0096", "Công đoàn Trường C", parent=xb)
    _members(a, 30)
    _members(b, 20, first=500)
    _members(c, 10, first=900)
    Member.objects.filter(unit=a, card_number="0002").update(left_on=dt.date(2025, 5, 1))
    member_summary_refresh(unit_ids=[a.pk])
    return {"xa": xa, "xb": xb, "a": a, "b": b, "c": c}


def state():
    """Everything a reorganisation may change, to compare before and after an undo."""
    return {
        "units": sorted(Unit.objects.values_list("code", "valid_to", "closure", "closure_reason", "origin")),
        "periods": sorted(UnitPeriod.objects.values_list("unit__code", "parent__code", "valid_from", "valid_to",
                                                         "name")),
        "paths": sorted(UnitPath.objects.values_list("unit__code", "ancestor__code", "depth", "valid_from",
                                                     "valid_to")),
        "members": sorted(Member.objects.values_list("unit__code", "card_number", "joined_on", "left_on",
                                                     "left_reason", "moved_from")),
        "summary": sorted(MemberSummary.objects.values_list("unit__code", "year", "joined", "left", "joined_moved",
                                                            "left_moved", "left_dissolved")),
        "users": sorted(User.objects.values_list("username", "unit__code", "is_active")),
        "successions": Succession.objects.count(),
    }


def _merge(staff, communes, **kw):
    return services.reorganise_merge(actor=staff, sources=[communes["a"], communes["b"]], effective_date=MERGE_DAY,
                                     new_unit=NewUnit(code="CS0400", name="Công đoàn Trường liên cấp",
                                                      level=Unit.Level.GRASSROOTS), parent=communes["xa"], **kw)


def test_it_moves_the_members_and_changes_no_total_it_should_not(staff, communes):
    xa = communes["xa"]
    before = figures_for(xa, 2026)
    _merge(staff, communes)
    after = figures_for(xa, 2026)
    assert after.get("doan_vien.cuoi_nam") == before.get("doan_vien.cuoi_nam") == 49
    for key in ("doan_vien.moi", "doan_vien.giam", "cdcs.giai_the", "cdcs.moi", "doan_vien.chuyen"):
        assert after.get(key) == before.get(key), key
    assert after.get("cdcs.hop_nhat") == 2 and before.get("cdcs.hop_nhat") == 0
    assert after.get("cdcs.so_luong") == 1
    new = Unit.objects.get(code="CS0400")
    assert new.origin == Unit.Origin.MERGER
    assert Member.objects.filter(unit=new).count() == 49
    moved = Member.objects.get(unit=new, card_number="0003")
    assert moved.joined_on == moved.moved_from.joined_on and moved.moved_from.left_reason == Member.LeftReason.MOVED
    assert sorted(Succession.objects.values_list("predecessor__code", "successor__code")) == [
        ("CS0094", "CS0400"), ("CS0095", "CS0400")]


def test_it_counts_the_province_the_same_and_the_bridge_adds_up(staff, communes, province):
    before = figures_for(province, 2026)
    _merge(staff, communes)
    after = figures_for(province, 2026)
    assert after.get("doan_vien.cuoi_nam") == before.get("doan_vien.cuoi_nam") == 59
    for unit in (province, communes["xa"], communes["xb"], Unit.objects.get(code="CS0400")):
        figures = figures_for(unit, 2026)
        steps = {s.step: s for s in figures.bridge}
        for key in ("doan_vien.cuoi_nam", "cdcs.so_luong"):
            assert (steps["bao_cao"].get(key) + steps["sap_nhap_vao"].get(key) - steps["chuyen_di"].get(key)
                    - steps["giai_the_ngan_sach"].get(key)) == steps["so_sanh"].get(key), (unit.code, key)
        assert figures.get("doan_vien.cuoi_nam") == (figures.previous.get("doan_vien.cuoi_nam")
                                                      + figures.get("doan_vien.moi") - figures.get("doan_vien.giam")
                                                      + figures.get("doan_vien.chuyen")), unit.code
    successor = figures_for(Unit.objects.get(code="CS0400"), 2026)
    assert successor.previous.get("doan_vien.cuoi_nam") == 0  # it did not exist last year …
    assert successor.previous_comparable.get("doan_vien.cuoi_nam") == 49  # … its predecessors did
    assert successor.get("doan_vien.chuyen") == 49


def test_it_undoes_the_merge_exactly(staff, communes):
    User.objects.create(username="cb_a", role=User.Role.GRASSROOTS_OFFICER, unit=communes["a"])
    before = state()
    _merge(staff, communes)
    assert state() != before
    assert User.objects.get(username="cb_a").unit.code == "CS0400"
    event = services.reorganise_undo(actor=staff, unit=communes["a"])
    assert event.undone_at is not None
    assert state() == before


def test_it_refuses_a_card_number_clash_and_changes_nothing(staff, communes):
    Member.objects.filter(unit=communes["b"], card_number="0501").update(card_number="0003")
    before = state()
    with pytest.raises(ValidationError, match=r"Số thẻ 0003 có ở cả CS0094 và CS0095"):
        _merge(staff, communes)
    assert state() == before


def test_it_absorbs_into_an_existing_unit_refusing_a_clash_with_its_members(staff, communes):
    Member.objects.filter(unit=communes["c"], card_number="0905").update(card_number="0005")
    with pytest.raises(ValidationError, match="Số thẻ 0005 có ở cả CS0094 và CS0096"):
        services.reorganise_merge(actor=staff, sources=[communes["a"]], into=communes["c"], effective_date=MERGE_DAY)
    Member.objects.filter(unit=communes["c"], card_number="0005").update(card_number="0905")
    event = services.reorganise_merge(actor=staff, sources=[communes["a"]], into=communes["c"],
                                      effective_date=MERGE_DAY)
    assert event.kind == "absorb"
    assert Member.objects.filter(unit=communes["c"], left_on__isnull=True).count() == 10 + 29


def test_it_splits_with_every_member_assigned(staff, communes):
    a = communes["a"]
    new = [NewUnit(code="S1", name="Tổ A1", level=Unit.Level.GRASSROOTS),
           NewUnit(code="S2", name="Tổ A2", level=Unit.Level.GRASSROOTS)]
    active = list(Member.objects.filter(unit=a, left_on__isnull=True).order_by("card_number"))
    half = {m.pk: ("S1" if i % 2 else "S2") for i, m in enumerate(active)}
    before = state()
    with pytest.raises(ValidationError, match="Còn 1 đoàn viên của CS0094 chưa được phân"):
        services.reorganise_split(actor=staff, source=a, new_units=new, members=dict(list(half.items())[1:]),
                                  effective_date=MERGE_DAY)
    assert state() == before
    total = figures_for(communes["xa"], 2026).get("doan_vien.cuoi_nam")
    services.reorganise_split(actor=staff, source=a, new_units=new, members=half, effective_date=MERGE_DAY)
    assert figures_for(communes["xa"], 2026).get("doan_vien.cuoi_nam") == total
    assert Member.objects.filter(unit__code="S1").count() + Member.objects.filter(unit__code="S2").count() == 29
    figures = figures_for(communes["xa"], 2026)
    assert figures.get("cdcs.chia_tach") == 1 and figures.get("cdcs.moi") == 0 and figures.get("cdcs.giai_the") == 0


def test_it_dissolves_a_budget_paid_cdcs_with_its_members_leaving(staff, communes, province):
    c = communes["c"]
    services.reorganise_dissolve(actor=staff, unit=c, effective_date=MERGE_DAY, reason=Unit.Reason.BUDGET_2025)
    figures = figures_for(communes["xb"], 2026)
    assert figures.get("doan_vien.cuoi_nam") == 0
    assert figures.get("doan_vien.giam") == figures.get("doan_vien.giam_giai_the") == 10
    assert figures.get("cdcs.giai_the") == figures.get("cdcs.giai_the_ngan_sach") == 1
    top = figures_for(province, 2026)
    steps = {s.step: s for s in top.bridge}
    assert steps["giai_the_ngan_sach"].get("doan_vien.cuoi_nam") == 10
    assert top.previous_comparable.get("doan_vien.cuoi_nam") == top.previous.get("doan_vien.cuoi_nam") - 10


@pytest.mark.parametrize("attempt, message", [
    (lambda staff, c: services.reorganise_merge(actor=staff, sources=[c["a"], c["b"]], into=c["c"],
                                                effective_date=dt.date(2024, 6, 1)), "Năm 2024 đã khóa sổ"),
    (lambda staff, c: services.reorganise_dissolve(actor=staff, unit=c["a"], effective_date=dt.date(2024, 6, 1),
                                                   reason="khac"), "Năm 2024 đã khóa sổ"),
    (lambda staff, c: services.reorganise_split(actor=staff, source=c["a"], effective_date=MERGE_DAY, new_units=[
        NewUnit(code="S1", name="Một", level="grassroots"), NewUnit(code="S2", name="Hai", level="grassroots")]),
     "chưa được phân về đơn vị mới"),
])
def test_it_refuses_bad_input_and_changes_nothing(staff, communes, attempt, message):
    reporting_year_lock(actor=staff, year=2024)
    before = state()
    with pytest.raises(ValidationError, match=message):
        attempt(staff, communes)
    assert state() == before


def test_it_refuses_a_unit_closed_already(staff, communes):
    services.reorganise_dissolve(actor=staff, unit=communes["c"], effective_date=MERGE_DAY, reason="khac")
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        services.reorganise_dissolve(actor=staff, unit=communes["c"], effective_date=dt.date(2026, 10, 1),
                                     reason="khac")
    with pytest.raises(ValidationError, match="đã ngừng hoạt động"):
        services.reorganise_merge(actor=staff, sources=[communes["c"]], into=communes["a"],
                                  effective_date=dt.date(2026, 10, 1))


def test_it_refuses_to_undo_once_something_was_recorded_after(staff, communes):
    _merge(staff, communes)
    new = Unit.objects.get(code="CS0400")
    Member.objects.create(unit=new, card_number="9999", full_name="Mới vào", sex="nam", birth_year=2000,
                          joined_on=dt.date(2026, 10, 1))
    with pytest.raises(ValidationError, match="đã có đoàn viên"):
        services.reorganise_undo(actor=staff, unit=communes["a"])
    assert services.undoable_event(communes["a"]) is None


def test_it_reorganises_from_the_command_with_a_dry_run_first(staff, communes):
    out = io.StringIO()
    before = state()
    call_command("reorganise", "merge", "--date", "2026-09-01", "--into", "CS0400", "--name", "Công đoàn liên cấp",
                 "CS0094", "CS0095", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "CS0094\tchuyển 29 đoàn viên → Công đoàn liên cấp (CS0400)" in text
    assert "Số CĐCS hợp nhất, sáp nhập vào CĐCS khác: 0 → 2" in text
    assert "Số đoàn viên cuối năm: 49 → 49" in text
    assert state() == before
    call_command("reorganise", "merge", "--date", "2026-09-01", "--into", "CS0400", "--name", "Công đoàn liên cấp",
                 "CS0094", "CS0095", stdout=io.StringIO())
    assert Unit.objects.get(code="CS0400").origin == Unit.Origin.MERGER
    with pytest.raises(CommandError, match="đã ngừng hoạt động"):
        call_command("reorganise", "dissolve", "--date", "2026-10-01", "--reason", "khac", "CS0094",
                     stdout=io.StringIO())
    call_command("reorganise", "undo", "CS0094", stdout=io.StringIO())
    assert state() == before


def test_it_previews_in_constant_queries(staff, communes, make_unit, django_assert_max_num_queries):
    from unionreport.organisation.preview import figures_parent, reorganisation_preview

    def preview():
        for unit in communes.values():  # the rollback leaves the objects as the merge changed them
            unit.refresh_from_db()
        return reorganisation_preview(lambda: _merge(staff, communes), units=[communes["a"], communes["b"]],
                                      effective_date=MERGE_DAY,
                                      parent=figures_parent([communes["a"]], None, MERGE_DAY), accounts=[])

    preview()
    with django_assert_max_num_queries(200) as few:
        preview()
    for n in range(30):
        make_unit(f"CX{n:03d}", parent=communes["xa"])
    _members(communes["a"], 200, first=2000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = preview()
    assert result.members_moved == 229 + 20


def test_it_shows_an_account_of_a_closed_unit_who_took_over_and_lists_it_for_staff(client, staff, communes):
    officer = User.objects.create(username="cb_a", role=User.Role.GRASSROOTS_OFFICER, unit=communes["a"])
    services.reorganise_dissolve(actor=staff, unit=communes["c"], effective_date=dt.date(2026, 3, 1),
                                 reason=Unit.Reason.EMPLOYER_CLOSED)
    c_officer = User.objects.create(username="cb_c", role=User.Role.GRASSROOTS_OFFICER, unit=communes["c"])
    _merge(staff, communes, accounts={officer.pk: "deactivate"})
    assert not User.objects.get(pk=officer.pk).is_active
    client.force_login(c_officer)
    html = client.get("/").content.decode()
    assert "Đơn vị đã ngừng hoạt động từ ngày 01/03/2026" in html and "doanh nghiệp" in html.lower()
    client.force_login(staff)
    page = client.get("/tai-khoan/nguoi-dung/can-xem-lai/").content.decode()
    assert "cb_c" in page and "cb_a" not in page
    assert "Công đoàn xã B" in page  # XB has no officer: its CĐCS's returns go to the province


def test_it_counts_the_comparable_figures_in_constant_queries(staff, communes, province, make_unit,
                                                              django_assert_max_num_queries):
    _merge(staff, communes)
    figures_for(province, 2026)
    with django_assert_max_num_queries(100) as few:
        figures_for(province, 2026)
    for n in range(20):
        _members(make_unit(f"CY{n:03d}", parent=communes["xb"]), 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        figures_for(province, 2026)


def test_it_previews_and_refuses_a_clash_on_the_page(client, staff, communes):
    Member.objects.filter(unit=communes["b"], card_number="0501").update(card_number="0003")
    client.force_login(staff)
    url = f"/don-vi/{communes['a'].code}/sap-xep/merge/"
    data = {"other_codes": "CS0095", "new_code": "CS0400", "new_name": "Công đoàn liên cấp",
            "parent": communes["xa"].pk, "effective_date": "01/09/2026"}
    before = state()
    html = client.post(url, data).content.decode()
    assert "Số thẻ 0003 có ở cả CS0094 và CS0095" in html and "Bước 1/2" in html
    assert state() == before


def test_it_splits_on_the_page_assigning_every_member(client, staff, communes):
    client.force_login(staff)
    a = communes["a"]
    url = f"/don-vi/{a.code}/sap-xep/split/"
    data = {"new_units": "S1 | Tổ A1\nS2 | Tổ A2", "effective_date": "01/09/2026"}
    html = client.post(url, data).content.decode()
    assert "Còn 29 đoàn viên chưa chọn đơn vị mới" in html and "Xác nhận áp dụng" not in html
    members = Member.objects.filter(unit=a, left_on__isnull=True)
    chosen = {f"doan_vien_{m.pk}": ("S1" if m.pk % 2 else "S2") for m in members}
    preview = client.post(url, data | chosen).content.decode()
    assert "Xác nhận áp dụng" in preview and "chuyển" in preview.lower()
    assert client.post(url, data | chosen | {"buoc": "xac-nhan"}).status_code == 302
    assert Member.objects.filter(unit__code__in=["S1", "S2"]).count() == 29


@pytest.fixture
def commune_pair(province, make_unit):
    """Two commune unions to absorb into XB, one with 2 CĐCS and one with 6 (5 members each), an officer each."""
    xb = make_unit("XB", "Công đoàn xã B", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE, parent=province)
    out = {"xb": xb}
    for code, count in (("XA", 2), ("XC", 6)):
        commune = make_unit(code, f"Công đoàn xã {code}", level=Unit.Level.COMMUNE, kind=Unit.Kind.COMMUNE,
                            parent=province)
        for n in range(count):
            _members(make_unit(f"{code}{n:02d}", parent=commune), 5, first=100 * n + 1)  # no card held twice
        User.objects.create(username=f"cb_{code.lower()}", role=User.Role.UPPER_OFFICER, unit=commune)
        out[code.lower()] = commune
    return out


def test_it_absorbs_a_commune_in_the_same_queries_whatever_its_cdcs(staff, commune_pair, django_assert_num_queries):
    from unionreport.organisation.preview import figures_parent, reorganisation_preview

    def absorb(code):
        source, into = Unit.objects.get(code=code), Unit.objects.get(code="XB")
        return lambda: services.reorganise_merge(actor=staff, sources=[source], effective_date=MERGE_DAY, into=into)

    def preview(code):
        source, into = Unit.objects.get(code=code), Unit.objects.get(code="XB")
        return reorganisation_preview(absorb(code), units=[source], effective_date=MERGE_DAY,
                                      parent=figures_parent([source], into, MERGE_DAY), accounts=[])

    preview("XA")
    with django_assert_num_queries(200, exact=False) as two:
        preview("XA")
    with django_assert_num_queries(len(two.captured_queries)):
        six = preview("XC")
    assert len(six.changes) == 7 and six.members_moved == 0  # the commune closes, its six CĐCS move

    apply_two, apply_six = absorb("XA"), absorb("XC")
    original = state()
    with django_assert_num_queries(200, exact=False) as two:
        apply_two()
    with django_assert_num_queries(len(two.captured_queries)):
        apply_six()
    assert set(UnitPeriod.objects.filter(unit__code__startswith="XC0", valid_to__isnull=True)
               .values_list("parent__code", flat=True)) == {"XB"}
    assert User.objects.get(username="cb_xc").unit.code == "XB"

    with django_assert_num_queries(200, exact=False) as undo_six:
        services.reorganise_undo(actor=staff, unit=Unit.objects.get(code="XC"))
    with django_assert_num_queries(len(undo_six.captured_queries)):
        services.reorganise_undo(actor=staff, unit=Unit.objects.get(code="XA"))
    assert state() == original


def test_it_merges_cdcs_in_the_same_queries_whatever_their_number(staff, commune_pair, django_assert_num_queries):
    def merge(codes, new_code):
        return services.reorganise_merge(
            actor=staff, sources=list(Unit.objects.filter(code__in=codes).order_by("code")), effective_date=MERGE_DAY,
            new_unit=NewUnit(code=new_code, name=f"Công đoàn {new_code}", level=Unit.Level.GRASSROOTS),
            parent=commune_pair["xb"])

    with django_assert_num_queries(200, exact=False) as two:
        merge(["XA00", "XA01"], "CS0401")
    with django_assert_num_queries(len(two.captured_queries)):
        merge([f"XC{n:02d}" for n in range(6)], "CS0402")
    assert Member.objects.filter(unit__code="CS0402", left_on__isnull=True).count() == 30


def test_it_counts_the_members_a_merge_moved_in_the_data_quality_facts_as_the_roster_does(staff, communes):
    from unionreport.returns.quality.facts import ReturnFacts, _roster, facts_from_stored

    services.reorganise_merge(actor=staff, sources=[communes["a"]], into=communes["c"], effective_date=MERGE_DAY)
    for unit, end, previous in ((communes["c"], 39, 39), (communes["a"], 0, 29)):
        stored = facts_from_stored([unit.pk], 2026)[unit.pk]
        roster = ReturnFacts(unit_id=unit.pk, year=2026, opened=unit.valid_from)
        _roster(roster, list(Member.objects.filter(unit=unit).values_list("joined_on", "left_on")))
        assert (stored.members_end, stored.members_prev) == (roster.members_end, roster.members_prev) == (end, previous)
        assert stored.joined_before_year and roster.joined_before_year
