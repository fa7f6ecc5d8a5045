from django.template import Context, Template


def render(value):
    return Template('{% load vn %}{{ who|person:"(lệnh hệ thống)" }}').render(Context({"who": value}))


def test_it_names_a_missing_user_without_crashing():
    assert render(None) == "(lệnh hệ thống)"


def test_it_prefers_the_full_name(staff):
    staff.first_name, staff.last_name = "Nguyễn Thị Thu Hà", ""
    assert render(staff) == "Nguyễn Thị Thu Hà"
