"""The demo structure (units, 2025 events, logins), loaded once for this module.

The load runs inside a transaction that is rolled back after the module; each test runs
in a savepoint inside it. The report engineer's demo figures (`demo.data.load_demo_data`)
are not loaded here: the command is tested with that call replaced, so these tests stay
fast and only about the structure.
"""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from unionreport.accounts.models import User
from unionreport.demo.structure import DEMO_PASSWORD
from unionreport.units import selectors
from unionreport.units.models import Reorganisation, Unit, UnitPath, UnitPeriod

Y2024, Y2025 = dt.date(2024, 12, 31), dt.date(2025, 12, 31)


def counts():
    return {model.__name__: model.objects.count() for model in (Unit, UnitPeriod, UnitPath, Reorganisation, User)}


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FIGURES = "unionreport.demo.management.commands.load_demo.load_demo_data"
LATER = "unionreport.demo.management.commands.load_demo.recent"  # 2025 and 2026: tests/demo/test_today.py


@pytest.fixture
def figures(monkeypatch):
    calls = []
    monkeypatch.setattr(FIGURES, lambda *, stdout=None: calls.append(stdout))
    monkeypatch.setattr(LATER, mock.Mock())
    return calls


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            with mock.patch(FIGURES) as figures, mock.patch(LATER), override_settings(PASSWORD_HASHERS=FAST_HASHER):
                call_command("load_demo", stdout=out)
            assert figures.call_count == 1 and figures.call_args.kwargs["stdout"] is not None
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


def test_it_loads_the_demo_once(demo, figures):
    before = counts()
    assert before["Unit"] > 300
    assert "Đã nạp" in demo and "canbo_tinh" in demo
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "Đã nạp" not in out.getvalue() and "canbo_tinh" in out.getvalue()
    assert len(figures) == 1 and figures[0] is not None  # the report figures are loaded after the structure


def test_it_prints_one_login_per_role(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in ["canbo_tinh", "lanhdao", "canbo_giaoduc", "canbo_giavien", "canbo_cdcs", "canbo_kcn"]:
        assert username in text
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in text
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    assert "Mở http://127.0.0.1:8000 " in text


@pytest.mark.parametrize(("host", "shown"), [("127.0.0.1:8101", "127.0.0.1:8101"), (":8102", "127.0.0.1:8102"),
                                             ("8103", "127.0.0.1:8103"), ("0.0.0.0:9000", "0.0.0.0:9000")])
def test_it_prints_the_address_it_serves_on(demo, host, shown):
    out = io.StringIO()
    call_command("demo_logins", "--host", host, stdout=out)
    assert f"Mở http://{shown} và đăng nhập" in out.getvalue()


def test_it_loads_the_2024_structure(demo):
    province = Unit.objects.get(code="NB")
    assert province.name == "Liên đoàn Lao động tỉnh Ninh Bình"
    uppers = {name for _, name, _ in selectors.units_as_of(Y2024, level="upper")}
    for name in ["LĐLĐ Thành phố Ninh Bình", "LĐLĐ Thành phố Tam Điệp", "LĐLĐ huyện Hoa Lư", "LĐLĐ huyện Gia Viễn",
                 "LĐLĐ huyện Nho Quan", "LĐLĐ huyện Yên Khánh", "LĐLĐ huyện Yên Mô", "LĐLĐ huyện Kim Sơn",
                 "Công đoàn ngành Giáo dục tỉnh Ninh Bình", "Công đoàn ngành Y tế tỉnh Ninh Bình",
                 "Công đoàn ngành Công Thương tỉnh Ninh Bình", "Công đoàn các Khu công nghiệp tỉnh Ninh Bình"]:
        assert name in uppers
    grassroots = selectors.subtree(province, Y2024).filter(level="grassroots")
    assert 280 <= grassroots.count() <= 330
    assert grassroots.filter(valid_from__year=2024).exists()
    assert Unit.objects.filter(level="grassroots", valid_to__year=2024).exists()
    assert not Unit.objects.exclude(contact_person="").filter(phone="").exists()
    assert not Unit.objects.filter(level="grassroots", contact_person="").exists()


def test_it_keeps_tp_ninh_binh_for_2024_and_moves_its_cdcs_in_2025(demo):
    tpnb = Unit.objects.get(name="LĐLĐ Thành phố Ninh Bình")
    in_2024 = selectors.subtree(tpnb, Y2024).filter(level="grassroots")
    assert in_2024.count() >= 40
    assert selectors.subtree(tpnb, Y2025).count() == 0
    assert tpnb.valid_to == dt.date(2025, 3, 1)
    hoa_lu = Unit.objects.get(name="LĐLĐ Thành phố Hoa Lư")
    assert hoa_lu.valid_from == dt.date(2025, 3, 1) and hoa_lu.valid_to == dt.date(2025, 7, 1)
    assert Reorganisation.objects.filter(kind="merge", units=hoa_lu).exists()
    new_parents = {selectors.parent_of(cdcs, Y2025).code for cdcs in in_2024}
    assert new_parents <= {"NB", "NB-P-HOALU"} and len(new_parents) == 2
    cdcs = in_2024.filter(kind="school").first()
    assert [u.code for u in selectors.ancestors(cdcs, Y2024)] == ["NB", tpnb.code]
    assert [u.code for u in selectors.ancestors(cdcs, dt.date(2025, 5, 1))] == ["NB", "NB-TPHL"]
    assert [u.code for u in selectors.ancestors(cdcs, Y2025)] == ["NB", "NB-P-HOALU"]


def test_it_closes_every_district_federation_on_1_july_2025(demo):
    districts = Unit.objects.filter(kind="district")
    assert districts.count() == 9
    assert set(districts.values_list("valid_to", flat=True)) == {dt.date(2025, 3, 1), dt.date(2025, 7, 1)}
    assert not selectors.subtree(Unit.objects.get(code="NB"), Y2025).filter(kind="district").exists()
    assert selectors.units_as_of(Y2025, level="commune")
    assert Unit.objects.get(code="NB-GD").valid_to is None


def test_it_shows_the_demo_tree_and_unit_pages(demo, client):
    client.force_login(User.objects.get(username="canbo_tinh"))
    html = client.get(reverse("organisation:tree"), {"ngay": "31/12/2024"}).content.decode()
    assert "LĐLĐ Thành phố Ninh Bình" in html and "Công đoàn phường Hoa Lư" not in html
    html = client.get(reverse("organisation:tree"), {"ngay": "31/12/2025"}).content.decode()
    assert "LĐLĐ Thành phố Ninh Bình" not in html and "Công đoàn phường Hoa Lư" in html
    html = client.get(reverse("organisation:detail", args=["NB-TPNB"]), {"ngay": "31/12/2024"}).content.decode()
    assert "Hợp nhất" in html and "Nguyễn Thị Thu Hà" in html


def test_it_shows_the_gia_vien_officer_only_its_subtree(demo, client):
    client.force_login(User.objects.get(username="canbo_giavien"))
    html = client.get(reverse("organisation:tree"), {"ngay": "31/12/2024"}).content.decode()
    assert 'data-code="NB-GV"' in html and 'data-code="NB-GD"' not in html and 'data-code="NB-TPNB"' not in html
    assert client.get(reverse("organisation:detail", args=["NB-GD"])).status_code == 404
    html = client.get(reverse("organisation:tree"), {"ngay": "31/12/2025"}).content.decode()
    assert "LĐLĐ huyện Gia Viễn không hoạt động vào ngày 31/12/2025" in html and 'data-code="CS0096"' in html
    client.force_login(User.objects.get(username="canbo_cdcs"))
    assert client.get(reverse("organisation:detail", args=["CS0096"])).status_code == 200
    assert client.get(reverse("organisation:detail", args=["CS0097"])).status_code == 404


def test_it_lists_the_demo_units_with_the_command(demo):
    out = io.StringIO()
    call_command("units", "--as-of", "2025-12-31", "--level", "upper", stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert {code for code, *_ in lines} == {"NB-CT", "NB-GD", "NB-KCN", "NB-VC", "NB-YT"}
    assert all(level == "upper" and parent == "NB" for _, level, _, parent in lines)
    out = io.StringIO()
    call_command("units", "--as-of", "2024-12-31", stdout=out)
    assert "CS0001\tgrassroots\tCông đoàn Trường Mầm non Đông Thành\tNB-TPNB" in out.getvalue().splitlines()
