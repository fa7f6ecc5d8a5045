"""Backup and restore on PostgreSQL: make data, back up, restore into a new database, compare everything."""

import datetime as dt
import json
import tarfile
from contextlib import contextmanager

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from unionreport.core.backup import BackupError, backup_create, backup_restore, table_counts
from unionreport.houses.models import House
from unionreport.members.models import Member, Workforce
from unionreport.members.summary import member_summary_refresh
from unionreport.welfare.models import Disbursement, Form, Occasion, Source
from unionreport.welfare.summary import welfare_summary_refresh


def _params(dbname=None):
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    if dbname:
        params["dbname"] = dbname
    return params


@contextmanager
def _scratch_database(suffix):
    """A database this test creates and always drops (named after the test database, never another one)."""
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    with psycopg.connect(**_params("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(**_params("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _url(dbname):
    p = _params(dbname)
    auth = p.get("user", "") + (f":{p['password']}" if p.get("password") else "")
    return f"postgresql://{auth}@{p.get('host') or '127.0.0.1'}:{p.get('port') or 5432}/{dbname}"


def _fingerprint(dbname):
    """Row count and a checksum of every row of every table, plus the figures a report sums."""
    with psycopg.connect(**_params(dbname)) as conn:
        counts = table_counts(conn)
        checksums = {
            name: conn.execute(sql.SQL("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                                       "FROM {} t").format(sql.Identifier(name))).fetchone()[0]
            for name in counts
        }
        figures = conn.execute(
            "SELECT (SELECT sum(amount_vnd) FROM welfare_disbursement), "
            "(SELECT sum(person_times) FROM welfare_disbursement), "
            "(SELECT sum(total_support_vnd) FROM houses_house), "
            "(SELECT count(*) FROM members_member WHERE left_on IS NULL)").fetchone()
    return counts, checksums, figures


@pytest.fixture
def province_data(cdcs_a, cdcs_b, staff, officer_a, officer_b, settings):
    for unit, amounts in ((cdcs_a, (31_529_000, 4_500_000, 120_000)), (cdcs_b, (2_000_000,))):
        for n, amount in enumerate(amounts):
            Disbursement.objects.create(unit=unit, date=dt.date(2024, 2 + n, 5), occasion=Occasion.TET,
                                        form=Form.GIFT, person_times=10 + n, amount_vnd=amount,
                                        source=Source.UNION_FUNDS, description="Quà Tết cho đoàn viên khó khăn")
    member = Member.objects.create(unit=cdcs_a, card_number="007", full_name="Nguyễn Thị Hường", sex="F",
                                   birth_year=1988, joined_on=dt.date(2010, 3, 1))
    Member.objects.create(unit=cdcs_b, card_number="012", full_name="Trần Văn Đức", sex="M", birth_year=1979,
                          joined_on=dt.date(2005, 9, 1), left_on=dt.date(2024, 6, 30))
    welfare_summary_refresh(unit_ids=[cdcs_a.pk, cdcs_b.pk], years=[2024])  # the figures read the summaries
    member_summary_refresh(unit_ids=[cdcs_a.pk, cdcs_b.pk])
    House.objects.create(unit=cdcs_a, member=member, member_name=member.full_name, kind="new",
                         total_support_vnd=50_000_000, union_fund_vnd=30_000_000, handover_date=dt.date(2024, 8, 19))
    Workforce.objects.create(unit=cdcs_a, year=2024, total_workers=850, female_workers=610)
    stored = default_storage.save("returns/CDCS-A/2024/bao-cao-nam-2024.xlsx", ContentFile(b"PK\x03\x04 workbook"))
    return {"media_name": stored}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_backs_up_and_restores_everything_into_a_new_database(province_data, settings, tmp_path):
    before = _fingerprint(connection.settings_dict["NAME"])
    result = backup_create(output_dir=tmp_path / "backups")

    assert result.path.name.startswith("unionreport-backup-") and result.path.name.endswith(".tar.gz")
    with tarfile.open(result.path) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert {"manifest.json", "database.dump", f"media/{province_data['media_name']}"} <= set(names)
    assert manifest["tables"] == before[0]
    assert manifest["tables"]["welfare_disbursement"] == 4
    assert manifest["app_version"] and manifest["created_at"]

    with _scratch_database("restore") as restored:
        outcome = backup_restore(archive=result.path, database_url=_url(restored),
                                 media_root=tmp_path / "restored-media")
        assert outcome.mismatches == {}
        assert outcome.media_files == 1
        after = _fingerprint(restored)
    assert after[0] == before[0]  # every table's row count
    assert after[1] == before[1]  # every row's content
    assert after[2] == before[2] == (38_149_000, 43, 50_000_000, 1)
    restored_file = tmp_path / "restored-media" / province_data["media_name"]
    assert restored_file.read_bytes() == b"PK\x03\x04 workbook"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_runs_as_management_commands(province_data, tmp_path, capsys):
    call_command("backup", "-o", str(tmp_path / "bk"))
    archive = next((tmp_path / "bk").glob("unionreport-backup-*.tar.gz"))
    assert "Đã sao lưu vào" in capsys.readouterr().out
    with _scratch_database("cmd") as restored:
        call_command("restore", str(archive), "--database-url", _url(restored),
                     "--media-root", str(tmp_path / "m"))
        assert "khớp với bản sao lưu" in capsys.readouterr().out
        # A second restore into the now non-empty database is refused unless forced.
        with pytest.raises(CommandError, match=r"đã có .* bảng"):
            call_command("restore", str(archive), "--database-url", _url(restored), "--media-root",
                         str(tmp_path / "other"))
        call_command("restore", str(archive), "--database-url", _url(restored), "--media-root",
                     str(tmp_path / "m"), "--force")
        assert _fingerprint(restored)[1] == _fingerprint(connection.settings_dict["NAME"])[1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_non_empty_media_folder(province_data, tmp_path):
    result = backup_create(output_dir=tmp_path)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("x")
    with _scratch_database("media") as restored, pytest.raises(BackupError, match="không trống"):
        backup_restore(archive=result.path, database_url=_url(restored), media_root=tmp_path / "busy")


@pytest.mark.django_db
def test_it_refuses_an_archive_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match=r"không phải tệp sao lưu hợp lệ|chỉ hỗ trợ PostgreSQL"):
        call_command("restore", str(bogus), "--media-root", str(tmp_path / "m"))


@pytest.mark.django_db
def test_it_refuses_sqlite_with_a_vietnamese_message(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="chỉ hỗ trợ PostgreSQL"):
        call_command("backup", "-o", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def _wipe_test_schema():
    """Drop every table of the test database (ours, created by pytest-django), as after losing the server."""
    name = connection.settings_dict["NAME"]
    assert name.startswith("test_"), name
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_brings_back_the_report_figures_after_the_database_is_wiped(province_data, province, settings, tmp_path):
    from unionreport.reports.figures import figures_for

    figures = figures_for(province, 2024).values
    assert any(figures.values()) and figures["cham_lo.tien"] == 38_149_000 and figures["doan_vien.giam"] == 1
    counts_before = _fingerprint(connection.settings_dict["NAME"])[0]
    archive = backup_create(output_dir=tmp_path / "bk").path

    _wipe_test_schema()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone()[0] == 0
    settings.MEDIA_ROOT = tmp_path / "new-media"
    outcome = backup_restore(archive=archive)

    assert outcome.mismatches == {}
    assert _fingerprint(connection.settings_dict["NAME"])[0] == counts_before
    assert figures_for(province, 2024).values == figures
    assert default_storage.open(province_data["media_name"]).read() == b"PK\x03\x04 workbook"
