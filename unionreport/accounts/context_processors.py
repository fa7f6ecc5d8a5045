"""The navigation a role may use; the base template only shows what this returns."""

from django.urls import NoReverseMatch, reverse

from unionreport.accounts.models import User

R = User.Role
ALL = set(R)
MENU = [
    # (label, url name, roles)
    ("Tổng quan", "home", ALL),
    ("Đơn vị", "organisation:tree", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.LEADERSHIP}),
    ("Đoàn viên", "members:list", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.GRASSROOTS_OFFICER}),
    ("Chăm lo", "welfare:list", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.GRASSROOTS_OFFICER}),
    ("Mái ấm", "houses:list", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.GRASSROOTS_OFFICER}),
    ("Thi đua", "movements:index", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.GRASSROOTS_OFFICER}),
    ("Báo cáo năm", "review:index", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.GRASSROOTS_OFFICER}),
    ("Tổng kết", "reports:index", {R.PROVINCE_STAFF, R.UPPER_OFFICER, R.LEADERSHIP}),
    ("Người dùng", "accounts:user_list", {R.PROVINCE_STAFF}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, roles in MENU:
        if user.role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # an app whose pages are not wired yet
            continue
        items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}
