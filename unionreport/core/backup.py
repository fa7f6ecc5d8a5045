"""Backups and restores: one dated tar.gz holding a consistent PostgreSQL dump, the uploaded files and a manifest.

Archive layout (`unionreport-backup-YYYYMMDD-HHMMSS.tar.gz`):

    manifest.json    date, app version, database, row count of every table, media file count
    database.dump    `pg_dump --format=custom` of the whole database
    media/...        every file under MEDIA_ROOT (uploaded returns), paths kept

Consistency: the row counts are taken in a REPEATABLE READ transaction whose snapshot is
exported to pg_dump (`--snapshot`), so the dump and the manifest describe the same instant
while the application keeps running. Media files are copied after that instant: a file
uploaded meanwhile may be in the archive without its row (a harmless orphan), never the
other way round, since the returns app writes the file before it commits the row.

Only PostgreSQL is supported; on SQLite both commands refuse with a message (the demo's
SQLite file is copied by hand while the server is stopped).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import dj_database_url
import psycopg
from django.conf import settings
from django.db import connections
from django.utils import timezone
from psycopg import sql

ARCHIVE_PREFIX = "unionreport-backup-"
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "database.dump"
MEDIA_DIR = "media"
FORMAT_VERSION = 1

POSTGRES_ONLY = (
    "Sao lưu và khôi phục chỉ hỗ trợ PostgreSQL, nhưng cơ sở dữ liệu đang cấu hình là {vendor}. "
    "Hãy đặt DATABASE_URL=postgresql://... (xem docs/production.md). Với bản demo SQLite, "
    "hãy dừng máy chủ rồi sao chép tệp db.sqlite3 và thư mục media."
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class PgTarget:
    """Where a PostgreSQL database lives; the password travels in the environment, never on a command line."""

    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    sslmode: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> PgTarget:
        engine = settings_dict.get("ENGINE", "")
        if "postgresql" not in engine:
            raise BackupError(POSTGRES_ONLY.format(vendor=engine.rsplit(".", 1)[-1] or "không rõ"))
        options = settings_dict.get("OPTIONS") or {}
        return cls(name=settings_dict["NAME"], user=settings_dict.get("USER") or "",
                   password=settings_dict.get("PASSWORD") or "", host=settings_dict.get("HOST") or "",
                   port=str(settings_dict.get("PORT") or ""), sslmode=options.get("sslmode", ""))

    @classmethod
    def from_url(cls, url: str) -> PgTarget:
        try:
            parsed = dj_database_url.parse(url)
        except ValueError as exc:
            raise BackupError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {exc}") from exc
        return cls.from_settings(parsed)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.host or 'socket'}:{self.port or 5432})"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for key, value in {"PGDATABASE": self.name, "PGUSER": self.user, "PGPASSWORD": self.password,
                           "PGHOST": self.host, "PGPORT": self.port, "PGSSLMODE": self.sslmode}.items():
            if value:
                env[key] = value
            else:
                env.pop(key, None)
        return env

    def connect(self) -> psycopg.Connection:
        params = {"dbname": self.name, "user": self.user, "password": self.password, "host": self.host,
                  "port": self.port, "sslmode": self.sslmode}
        try:
            return psycopg.connect(**{k: v for k, v in params.items() if v}, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise BackupError(
                f"Không kết nối được cơ sở dữ liệu {self.label}. Kiểm tra PostgreSQL đang chạy và cơ sở dữ liệu "
                f"đã được tạo (createdb {self.name}). Chi tiết: {str(exc).strip()}"
            ) from exc


@dataclass
class BackupResult:
    path: Path
    manifest: dict


@dataclass
class RestoreResult:
    tables: int
    rows: int
    media_files: int
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "không rõ"


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Row count of every table in the connection's schema (exact counts, not estimates)."""
    names = [row[0] for row in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
    return {name: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))).fetchone()[0]
            for name in names}


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name}. Cài gói postgresql-client (cùng phiên bản với máy chủ).")
    return path


def _run(cmd: list[str], target: PgTarget, what: str) -> None:
    done = subprocess.run(cmd, env=target.env(), capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} thất bại (mã {done.returncode}): {done.stderr.strip()[-2000:]}")


def _media_files(media_root: Path) -> list[tuple[Path, str]]:
    """Regular files under MEDIA_ROOT with their archive names (symbolic links are not followed)."""
    if not media_root.is_dir():
        return []
    files = []
    for dirpath, dirnames, filenames in os.walk(media_root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            if path.is_file() and not path.is_symlink():
                files.append((path, f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}"))
    return files


def _archive_path(output_dir: Path, now: datetime) -> Path:
    stem = f"{ARCHIVE_PREFIX}{timezone.localtime(now):%Y%m%d-%H%M%S}"
    path, n = output_dir / f"{stem}.tar.gz", 1
    while path.exists():
        n += 1
        path = output_dir / f"{stem}-{n}.tar.gz"
    return path


def backup_create(*, output_dir: Path, alias: str = "default", media_root: Path | None = None,
                  now: datetime | None = None) -> BackupResult:
    """Write one archive into `output_dir` and return its path and manifest."""
    target = PgTarget.from_settings(connections[alias].settings_dict)
    pg_dump = _require_tool("pg_dump")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = now or timezone.now()
    output_dir = Path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Không tạo được thư mục sao lưu {output_dir}: {exc.strerror}.") from exc
    final = _archive_path(output_dir, now)
    partial = final.with_name(f".{final.name}.partial")
    with tempfile.TemporaryDirectory(prefix="unionreport-backup-") as tmp:
        dump_path = Path(tmp) / DUMP_NAME
        with target.connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = table_counts(conn)
            server_version = conn.execute("SHOW server_version").fetchone()[0]
            # The transaction stays open while pg_dump imports its snapshot.
            _run([pg_dump, "--format=custom", "--compress=0", f"--snapshot={snapshot}",
                  f"--file={dump_path}", target.name], target, "pg_dump")
            conn.rollback()
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "app_version": app_version(),
            "database": {"vendor": "postgresql", "name": target.name, "server_version": server_version},
            "tables": counts,
            "total_rows": sum(counts.values()),
            "media_files": len(media),
            "media_bytes": sum(path.stat().st_size for path, _ in media),
        }
        try:
            with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o644
                tar.addfile(info, io.BytesIO(data))
                tar.add(dump_path, arcname=DUMP_NAME)
                for path, arcname in media:
                    tar.add(path, arcname=arcname, recursive=False)
            os.replace(partial, final)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Không ghi được tệp sao lưu {final}: {exc.strerror or exc}.") from exc
    return BackupResult(path=final, manifest=manifest)


def _check_member(member: tarfile.TarInfo) -> str | None:
    """The member's kind ('manifest', 'dump', 'media') or None for a directory; refuses anything unsafe."""
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {member.name}.")
    if member.isdir():
        return None
    if not member.isfile():
        raise BackupError(f"Tệp sao lưu chứa mục không phải tệp thường: {member.name}.")
    if member.name == MANIFEST_NAME:
        return "manifest"
    if member.name == DUMP_NAME:
        return "dump"
    if name.parts[0] == MEDIA_DIR and len(name.parts) > 1:
        return "media"
    raise BackupError(f"Tệp sao lưu chứa mục lạ: {member.name}.")


def read_manifest(archive: Path) -> dict:
    with _open_archive(archive) as tar:
        return _manifest(tar)


def _open_archive(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, "r:gz")
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.") from exc
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive} không phải tệp sao lưu hợp lệ (tar.gz): {exc}.") from exc


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST_NAME)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, ValueError) as exc:
        raise BackupError("Tệp sao lưu thiếu hoặc hỏng manifest.json; không phải bản sao lưu của hệ thống.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')} không được hỗ trợ (cần {FORMAT_VERSION}).")
    return manifest


def _media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def backup_restore(*, archive: Path, database_url: str | None = None, alias: str = "default",
                   media_root: Path | None = None, force: bool = False) -> RestoreResult:
    """Restore an archive into an empty database and media folder (`force` overwrites non-empty ones).

    The database must exist (createdb); the restore runs in one transaction, so a failure
    leaves the target as it was. Row counts are compared with the manifest afterwards.
    """
    target = PgTarget.from_url(database_url) if database_url else PgTarget.from_settings(
        connections[alias].settings_dict)
    pg_restore = _require_tool("pg_restore")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with _open_archive(archive) as tar:
        members = tar.getmembers()
        kinds = {member.name: _check_member(member) for member in members}
        manifest = _manifest(tar)
        if DUMP_NAME not in kinds:
            raise BackupError("Tệp sao lưu không có database.dump.")
        with target.connect() as conn:
            existing = len(table_counts(conn))
        if existing and not force:
            raise BackupError(
                f"Cơ sở dữ liệu đích {target.label} đã có {existing} bảng. Hãy khôi phục vào một cơ sở dữ liệu "
                "mới (createdb) hoặc thêm --force để ghi đè các bảng có trong bản sao lưu."
            )
        if not _media_is_empty(media_root) and not force:
            raise BackupError(
                f"Thư mục tệp tải lên {media_root} không trống. Hãy chọn thư mục trống (--media-root) "
                "hoặc thêm --force để ghi đè các tệp trùng tên."
            )
        with tempfile.TemporaryDirectory(prefix="unionreport-restore-") as tmp:
            dump_path = Path(tmp) / DUMP_NAME
            with tar.extractfile(DUMP_NAME) as src, open(dump_path, "wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", f"--dbname={target.name}", str(dump_path)], target, "pg_restore")
        media_count = 0
        root = media_root.resolve()
        for member in members:
            if kinds[member.name] != "media":
                continue
            dest = (root / PurePosixPath(member.name).relative_to(MEDIA_DIR)).resolve()
            if not dest.is_relative_to(root):
                raise BackupError(f"Tệp sao lưu chứa đường dẫn không an toàn: {member.name}.")
            dest.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(dest, "wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            os.utime(dest, (member.mtime, member.mtime))
            media_count += 1
    with target.connect() as conn:
        counts = table_counts(conn)
    expected = manifest["tables"]
    mismatches = {name: (expected.get(name, 0), counts.get(name, 0))
                  for name in sorted(set(expected) | set(counts)) if expected.get(name, 0) != counts.get(name, 0)}
    return RestoreResult(tables=len(counts), rows=sum(counts.values()), media_files=media_count,
                         mismatches=mismatches)
