"""The foundation in a real browser: each role's menu, the tree as of two dates, a reorganisation."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from unionreport.accounts.context_processors import MENU
from unionreport.units.models import Unit
from unionreport.units.services import NewUnit, unit_close, unit_merge


@pytest.fixture
def reorganised(province, district_a, district_b, cdcs_a, cdcs_b, staff):
    """TPNB merged into a new HL on 01/03/2025; GV closed on 01/07/2025 with its CĐCS moved to the province."""
    unit_merge(actor=staff, sources=[district_a], effective_date=dt.date(2025, 3, 1), parent=province,
               new_unit=NewUnit(code="HL", name="LĐLĐ Thành phố Hoa Lư", level=Unit.Level.UPPER))
    unit_close(actor=staff, unit=district_b, effective_date=dt.date(2025, 7, 1), move_children_to=province)


def expected_menu(role):
    labels = []
    for label, url_name, roles in MENU:
        try:
            reverse(url_name)
        except NoReverseMatch:
            continue
        if role in roles:
            labels.append(label)
    return labels


@pytest.mark.parametrize("who", ["staff", "leader", "upper_officer_a", "officer_a"])
def test_it_shows_each_role_its_menu(login, request, who):
    user = request.getfixturevalue(who)
    page = login(user)
    menu = [text.strip() for text in page.locator("[data-testid=main-nav] a").all_inner_texts()]
    assert menu == expected_menu(user.role)
    assert ("Người dùng" in menu) == (who == "staff")
    assert ("Đơn vị" in menu) == (who != "officer_a")
    assert user.get_role_display() in page.text_content("[data-testid=user-menu]")


def test_it_shows_the_tree_before_and_after_the_2025_reorganisation(login, live_server, staff, reorganised):
    page = login(staff)
    page.click("[data-testid=main-nav] >> text=Đơn vị")
    page.fill("input[name=ngay]", "31/12/2024")
    page.click("[data-testid=tree-filter] button[type=submit]")
    tree = page.locator("[data-testid=tree]")
    assert "Cơ cấu tổ chức ngày 31/12/2024" in page.inner_text("h1")
    assert "LĐLĐ Thành phố Ninh Bình" in tree.inner_text()
    assert "LĐLĐ huyện Gia Viễn" in tree.inner_text()
    assert "LĐLĐ Thành phố Hoa Lư" not in tree.inner_text()
    assert page.locator("li[data-code=CDCS-A]").count() == 1
    page.click("text=31/12/2025")
    tree = page.locator("[data-testid=tree]")
    assert "Cơ cấu tổ chức ngày 31/12/2025" in page.inner_text("h1")
    assert "LĐLĐ Thành phố Hoa Lư" in tree.inner_text()
    assert "LĐLĐ Thành phố Ninh Bình" not in tree.inner_text()
    assert "LĐLĐ huyện Gia Viễn" not in tree.inner_text()
    hoa_lu = page.locator("li[data-code=HL]")
    assert hoa_lu.locator("li[data-code=CDCS-A]").count() == 1
    assert page.locator("li[data-code=TINH] > details > ul > li[data-code=CDCS-B]").count() == 1


def test_it_applies_a_reorganisation_after_a_preview(login, live_server, staff, province, district_a, cdcs_a):
    page = login(staff)
    page.goto(f"{live_server.url}{reverse('organisation:detail', args=['TPNB'])}")
    page.click("[data-testid=reorganise-actions] >> text=Giải thể")
    page.select_option("select[name=reason]", value="khac")
    page.select_option("select[name=move_children_to]", label="LĐLĐ tỉnh Ninh Bình (TINH)")
    page.fill("input[name=effective_date]", "01/07/2025")
    page.click("button[value=xem-truoc]")
    preview = page.inner_text("[data-testid=preview]")
    assert "CDCS-A" in preview and "Giải thể" in preview and "LĐLĐ tỉnh Ninh Bình (TINH)" in preview
    assert Unit.objects.get(code="TPNB").valid_to is None
    page.click("button[value=xac-nhan]")
    assert "Đã áp dụng" in page.inner_text("main")
    assert Unit.objects.get(code="TPNB").valid_to == dt.date(2025, 7, 1)


def test_it_works_without_javascript(browser, live_server, staff, cdcs_a):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", "canbo_tinh")
    page.fill("input[name=password]", "matkhau-Thu-nghiem-1")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}{reverse('organisation:tree')}")
    district = page.locator("li[data-code=TPNB] > details")
    assert district.get_attribute("open") is None
    district.locator("summary").click()
    assert district.get_attribute("open") is not None
    assert page.locator("li[data-code=CDCS-A]").is_visible()
    context.close()
