"""Prepare the load test: demo data (or a generated province), the accounts, and the pages each account may open
(discovered, not guessed).

LOADTEST_SIZE=demo (default) loads the demo; `province` or `merged` generates that province
(`generate_province --size`) and makes a December morning's accounts on it: officers of CĐCS whose
return of the last year is still a draft (they upload and submit), officers of the busiest commune and
sector unions and provincial staff (they review and bulk-approve), leadership (dashboard and PDF).

Run by run.sh with the load-test environment (DATABASE_URL=.../unionreport_load, DEBUG=0):
    python loadtest/prepare.py PLAN.json WORKDIR
Writes PLAN.json: {"accounts": [{"username", "password", "role", "pages": {label: url}, "upload": {...}}]}.
Every page is opened once here through Django's test client as that account; only pages that
answer 200 are kept, so the load test measures speed, not permissions.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from unionreport.accounts.models import User  # noqa: E402

PASSWORD = "Tai-thu-2024!"  # noqa: S105 - fallback accounts of the throw-away load database
LIST_PAGES = ["home", "organisation:tree", "members:list", "welfare:list", "houses:list", "movements:index",
              "review:index", "reports:index", "accounts:user_list"]
# Report pages are found in the `reports` namespace: HTML views that take no argument or only the year.
REPORT_SKIP = ("pdf", "docx", "word", "xlsx", "excel", "export", "download", "edit", "save", "sua", "luu", "xoa",
               "narrative", "provenance")
SIZE = os.environ.get("LOADTEST_SIZE", "demo")
# A December morning on a generated province: who is at work (accounts; each simulated user takes the next one).
MIX = {"grassroots_officer": 120, "upper_officer": 40, "province_staff": 10, "leadership": 30}
YEAR = int(os.environ.get("LOADTEST_YEAR") or (2024 if SIZE == "demo" else 0))


def _say(text: str) -> None:
    print(f"[prepare] {text}", flush=True)


def generated_accounts() -> list[tuple[User, str]]:
    """Generate the province of LOADTEST_SIZE and make the MIX of accounts on it (one password hash for all)."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from unionreport.demo.province import SIZES, generate_province
    from unionreport.lib.years import year_end
    from unionreport.returns.models import Return
    from unionreport.units.models import Unit, UnitPath
    from unionreport.units.selectors import province_root, valid_on_q

    global YEAR
    sizes = SIZES[SIZE]
    YEAR = YEAR or sizes["year"]
    _say(f"generating the {SIZE} province {sizes} (a few minutes at the merged size)")
    result = generate_province(**sizes, seed=1, wipe=True, stream=sys.stderr)
    _say(f"{result.total_rows:,} rows in {result.seconds:.0f} s")
    province = province_root()
    busiest = [row["ancestor"] for row in UnitPath.objects.filter(
        valid_on_q(year_end(YEAR)), ancestor__level__in=[Unit.Level.UPPER, Unit.Level.COMMUNE],
        unit__level=Unit.Level.GRASSROOTS).values("ancestor").annotate(n=Count("id")).order_by("-n", "ancestor")]
    drafts = list(Return.objects.filter(year=YEAR, status="draft").order_by("unit_id")
                  .values_list("unit_id", flat=True)[:MIX["grassroots_officer"]])
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[*busiest[:MIX["upper_officer"]], *drafts])}
    hashed = make_password(PASSWORD)
    made = []
    for role, count in MIX.items():
        where = {"grassroots_officer": drafts, "upper_officer": busiest}.get(role)
        for i in range(count):
            unit = units[where[i % len(where)]] if where else province
            user, _ = User.objects.update_or_create(username=f"tai_{role}_{i:03d}", defaults={
                "role": role, "unit": unit, "first_name": f"Tải thử {i}", "password": hashed})
            made.append((user, PASSWORD))
    _say(f"{len(made)} accounts: {MIX}")
    return made


def accounts() -> list[tuple[User, str]]:
    if SIZE != "demo":
        return generated_accounts()
    try:
        call_command("load_demo", verbosity=0)
        from unionreport.demo.structure import DEMO_PASSWORD, demo_logins

        names = [row[0] for row in demo_logins()]
        users = list(User.objects.filter(username__in=names).select_related("unit").order_by("username"))
        if users:
            _say(f"demo data loaded; {len(users)} demo accounts")
            return [(user, DEMO_PASSWORD) for user in users]
    except Exception as exc:  # the demo is built by another engineer: fall back to a minimal province
        _say(f"load_demo unavailable ({type(exc).__name__}: {exc}); creating a minimal province")
    return minimal_province()


def minimal_province() -> list[tuple[User, str]]:
    from unionreport.units.models import Unit
    from unionreport.units.services import NewUnit, unit_create

    start = dt.date(2020, 1, 1)
    province = Unit.objects.filter(code="TAI-TINH").first() or unit_create(
        actor=None, parent=None, valid_from=start,
        data=NewUnit(code="TAI-TINH", name="LĐLĐ tỉnh (tải thử)", level=Unit.Level.PROVINCE,
                     kind=Unit.Kind.FEDERATION))
    district = Unit.objects.filter(code="TAI-HUYEN").first() or unit_create(
        actor=None, parent=province, valid_from=start,
        data=NewUnit(code="TAI-HUYEN", name="LĐLĐ huyện (tải thử)", level=Unit.Level.UPPER, kind=Unit.Kind.DISTRICT))
    cdcs = Unit.objects.filter(code="TAI-CS1").first() or unit_create(
        actor=None, parent=district, valid_from=start,
        data=NewUnit(code="TAI-CS1", name="CĐCS tải thử 1", level=Unit.Level.GRASSROOTS))
    result = []
    for username, role, unit in (("tai_tinh", User.Role.PROVINCE_STAFF, province),
                                 ("tai_lanhdao", User.Role.LEADERSHIP, province),
                                 ("tai_huyen", User.Role.UPPER_OFFICER, district),
                                 ("tai_cdcs", User.Role.GRASSROOTS_OFFICER, cdcs)):
        user = User.objects.filter(username=username).first() or User.objects.create_user(
            username=username, password=PASSWORD, role=role, unit=unit, first_name=username)
        result.append((user, PASSWORD))
    return result


def _reverse(name: str, **kwargs) -> str | None:  # None when the page does not exist (yet)
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def report_pages(user: User) -> dict[str, str]:
    """HTML views of the `reports` namespace that take nothing, the year, or the account's unit and the year."""
    from django.urls import get_resolver

    code = user.unit.code if user.unit else ""
    pages = {}
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "reports":
            continue
        for inner in pattern.url_patterns:
            name = getattr(inner, "name", None)
            if not name or any(word in name.lower() for word in REPORT_SKIP):
                continue
            url = (_reverse(f"reports:{name}") or _reverse(f"reports:{name}", year=YEAR)
                   or _reverse(f"reports:{name}", code=code, year=YEAR))
            if url:
                pages[f"reports:{name}"] = url
    return pages


def filled_workbook(unit, year: int):
    """A return a CĐCS would send: the application's template filled with 40 members and 25 welfare rows."""
    from unionreport.returns.excel.template import build_return_workbook

    wb = build_return_workbook(unit=unit, year=year, with_data=False)
    info = wb["Thông tin"]
    info["B4"], info["B5"], info["B6"] = "Người lập tải thử", "0912000000", dt.date(year, 11, 28)
    for title, values in (("Tình hình lao động", [120, 80, 118, 115, 2, 8_500_000, 0, 0, 1, 0, 0]),
                          ("Hoạt động khác", [2, "Có", "Không", 3, 90, 4, 2])):
        for row, value in enumerate(values, start=1):
            wb[title].cell(row=row, column=2, value=value)
    sheets = {
        "Đoàn viên": [[n, f"LT{n:05d}", f"Đoàn viên tải thử {n}", "Nữ" if n % 3 else "Nam", 1970 + n % 30,
                       dt.date(2010 + n % 10, 1 + n % 12, 1 + n % 28), None] for n in range(1, 41)],
        "Chăm lo": [[n, dt.date(year, 1 + n % 12, 1 + n % 28), "Tết Nguyên đán", "Tặng quà", 10 + n,
                     500_000 * n, "Tài chính công đoàn", "Quà cho đoàn viên"] for n in range(1, 26)],
        "Mái ấm Công đoàn": [],  # "Thi đua" stays as the template made it (its indicator lines, no values)
    }
    for title, rows in sheets.items():
        ws = wb[title]
        for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
            for cell in row:
                cell.value = None
        for i, values in enumerate(rows, start=2):
            for col, value in enumerate(values, start=1):
                ws.cell(row=i, column=col, value=value)
    return wb


def upload_target(client: Client, user: User, workdir: Path) -> dict | None:
    """The return page of the account's CĐCS (it holds the upload form) and a workbook the import accepts.

    The first year (YEAR, then YEAR + 1) whose return page opens is used; the workbook is checked
    with a dry run of the real import.
    """
    if user.role != User.Role.GRASSROOTS_OFFICER or user.unit is None:
        return None
    try:
        from unionreport.returns.excel.template import workbook_bytes
        from unionreport.returns.services import return_import
    except ImportError:
        return None
    for year in (YEAR, YEAR + 1):
        page = _reverse("review:return", year=year, code=user.unit.code)
        if page is None or _status(client, page, user.username) != 200:
            continue
        data = workbook_bytes(filled_workbook(user.unit, year))
        path = workdir / f"return-{user.unit.code}-{year}.xlsx"
        path.write_bytes(data)
        stream = io.BytesIO(data)
        stream.name = path.name
        check = return_import(actor=user, upload=stream, unit=user.unit, year=year, dry_run=True)
        note = check.refused or "; ".join(check.lines()[:3])
        accepted = check.ok and not check.refused
        if not accepted and year == YEAR:
            _say(f"{user.username}: {year} is not open for uploads ({note[:120]}); trying {year + 1}")
            continue  # e.g. the demo's 2024 return is already approved: upload the next year's
        return {"url": page, "file": str(path), "year": year, "accepted": accepted, "note": note}
    return None


def _status(client: Client, url: str, who: str) -> int:
    """The page's status for this account; a crash is reported (it is a bug to fix) and counts as 500."""
    try:
        return client.get(url).status_code
    except Exception as exc:
        _say(f"BUG: {url} crashes for {who}: {type(exc).__name__}: {str(exc)[:200]}")
        return 500


def _pdf_url(user: User) -> str | None:
    if user.role not in (User.Role.LEADERSHIP, User.Role.PROVINCE_STAFF) or user.unit is None:
        return None
    return _reverse("reports:pdf", code=user.unit.code, year=YEAR)


def _review_url(user: User) -> str | None:
    if user.role not in (User.Role.UPPER_OFFICER, User.Role.PROVINCE_STAFF):
        return None
    return f"{_reverse('review:index')}?year={YEAR}"


def main(plan_path: str, workdir: str) -> None:
    workdir_path = Path(workdir)
    found = accounts()
    plan = {"year": YEAR, "size": SIZE, "accounts": []}
    candidates = {label: url for label, url in ((n, _reverse(n)) for n in LIST_PAGES) if url}
    checked: dict[tuple, dict] = {}  # generated provinces: the pages are checked once per role
    for user, password in found:
        mine = candidates | {label: url for label, url in report_pages(user).items()
                             if url not in candidates.values()}
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        role_key = (user.role,) if SIZE != "demo" else (user.pk,)
        code = user.unit.code if user.unit else ""
        if role_key not in checked:
            checked[role_key] = {"code": code, "pages": {label: url for label, url in mine.items()
                                                         if _status(client, url, user.username) == 200}}
        first = checked[role_key]
        pages = {label: url.replace(f"/{first['code']}/", f"/{code}/") if first["code"] else url
                 for label, url in first["pages"].items()}
        upload = upload_target(client, user, workdir_path)
        plan["accounts"].append({"username": user.username, "password": password, "role": user.role,
                                 "pages": pages, "upload": upload, "pdf": _pdf_url(user),
                                 "reviews": _review_url(user)})
        note = f", upload {upload['url']} (accepted: {upload['accepted']} {upload['note']})" if upload else ""
        _say(f"{user.username} ({user.role}): {len(pages)} pages{note}")
    Path(plan_path).write_text(json.dumps(plan, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
