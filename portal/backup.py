"""Backup and restore of the whole portal (整站备份与恢复): database and uploaded files.

A backup is one folder ``portal-backup-YYYYmmddTHHMMSSZ`` holding

* ``database.dump`` — ``pg_dump --format=custom`` of the portal's PostgreSQL database;
* ``media.tar.gz`` — every uploaded file under ``MEDIA_ROOT`` (attachments, applicants' proofs,
  reply documents …), paths relative to ``MEDIA_ROOT``;
* ``manifest.json`` — versions (portal, Django, Python, PostgreSQL, pg_dump), the last migration
  of every app, row counts of the key tables, and the size and SHA-256 of both files.

The folder is written under a temporary name and renamed when complete, so a backup that is
listed is whole. `restore` checks the SHA-256 of both files before touching anything, restores
with ``pg_restore --clean --if-exists --single-transaction`` (all or nothing), swaps the media
folder in (the previous one is kept beside it), then compares the row counts with the manifest.

Only PostgreSQL is supported: an SQLite database is one file to copy while the server is stopped.
With ``PORTAL_STORAGE=s3`` the uploaded files live in the bucket, which the object store backs up
(versioning, replication); the backup then holds the database only and says so in its manifest.
The management commands ``backup_portal`` and ``restore_portal`` are thin wrappers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
PREFIX = "portal-backup-"
DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"
#: Tables whose row counts go into the manifest and are compared after a restore.
KEY_MODELS = (
    "disclosure.Column",
    "disclosure.Document",
    "disclosure.Attachment",
    "requests_app.Application",
    "requests_app.ApplicationFile",
    "interaction.Consultation",
    "interaction.Comment",
    "interaction.Message",
    "interpretations.Interpretation",
    "portal.Organisation",
    "auth.User",
)
SQLITE_REFUSED = (
    "备份与恢复命令只支持 PostgreSQL。SQLite 数据库是一个文件：停止服务后直接复制 "
    "db.sqlite3 和 MEDIA_ROOT 目录即可。"
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is shown to the operator."""


@dataclass(frozen=True)
class Connection:
    """libpq connection parameters of one PostgreSQL database."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> Connection:
        if "postgresql" not in settings_dict.get("ENGINE", ""):
            raise BackupError(SQLITE_REFUSED)
        return cls(
            name=settings_dict["NAME"],
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Connection:
        import dj_database_url

        try:
            parsed = dj_database_url.parse(url)
        except ValueError as error:
            raise BackupError(f"无法识别的数据库地址：{error}") from None
        return cls.from_settings(parsed)

    def args(self) -> list[str]:
        """Command-line options of pg_dump / pg_restore (the password goes in PGPASSWORD)."""
        options = []
        if self.host:
            options += ["--host", self.host]
        if self.port:
            options += ["--port", self.port]
        if self.user:
            options += ["--username", self.user]
        return options

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, dbname: str | None = None):
        import psycopg

        return psycopg.connect(
            dbname=dbname or self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            autocommit=True,
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _run(command: list[str], *, env: dict[str, str]) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"找不到 {command[0]}：请安装与服务器版本相同的 PostgreSQL 客户端"
            "（postgresql-client）。"
        ) from None
    if result.returncode != 0:
        raise BackupError(
            f"{command[0]} 失败（退出码 {result.returncode}）：{result.stderr.strip()}"
        )
    return result


def _tool_version(tool: str) -> str:
    try:
        return subprocess.run(  # noqa: S603
            [tool, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except FileNotFoundError:
        return ""


def _portal_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("gov-open-portal")
    except PackageNotFoundError:
        return ""


def _key_tables() -> dict[str, str]:
    """{"disclosure.Document": "disclosure_document", …} for the installed key models."""
    tables = {}
    for label in KEY_MODELS:
        try:
            tables[label] = apps.get_model(label)._meta.db_table
        except LookupError:
            continue
    return tables


def count_rows(connection: Connection, tables: dict[str, str]) -> dict[str, int]:
    from psycopg import sql

    counts = {}
    with connection.connect() as conn:
        for label, table in tables.items():
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            counts[label] = conn.execute(query).fetchone()[0]
    return counts


def _last_migrations() -> dict[str, str]:
    recorder = MigrationRecorder(connections["default"])
    last: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        if name > last.get(app, ""):
            last[app] = name
    return dict(sorted(last.items()))


def _uses_local_media() -> bool:
    backend = settings.STORAGES["default"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def _tar_media(media_root: Path, target: Path) -> tuple[int, int]:
    """Write ``media_root`` into ``target`` (gzip tar, relative paths): (files, bytes)."""
    files = size = 0
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    files += 1
                    size += path.stat().st_size
    return files, size


def backup(output: Path, *, now: dt.datetime | None = None) -> Path:
    """Back up the default database and MEDIA_ROOT into a new folder under ``output``."""
    database = Connection.from_settings(connections["default"].settings_dict)
    now = now or dt.datetime.now(dt.UTC)
    output.mkdir(parents=True, exist_ok=True)
    final = output / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}"
    if final.exists():
        raise BackupError(f"备份目录已存在：{final}")
    work = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=output))
    try:
        dump = work / DUMP_NAME
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(dump),
                *database.args(),
                database.name,
            ],
            env=database.env(),
        )
        # A dump that pg_restore cannot list is no backup: check it now, not on the bad day.
        _run(["pg_restore", "--list", str(dump)], env=database.env())
        files: dict[str, dict[str, Any]] = {
            DUMP_NAME: {"bytes": dump.stat().st_size, "sha256": sha256_of(dump)}
        }
        media: dict[str, Any]
        if _uses_local_media():
            archive = work / MEDIA_NAME
            count, size = _tar_media(Path(settings.MEDIA_ROOT), archive)
            files[MEDIA_NAME] = {"bytes": archive.stat().st_size, "sha256": sha256_of(archive)}
            media = {"storage": "filesystem", "files": count, "bytes": size}
        else:
            media = {
                "storage": settings.STORAGES["default"]["BACKEND"],
                "note": "上传文件保存在对象存储中，由对象存储的版本控制或跨区域复制备份，"
                "本备份不含上传文件。",
            }
        tables = _key_tables()
        with connections["default"].cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database": database.name,
            "versions": {
                "portal": _portal_version(),
                "django": django.get_version(),
                "python": platform.python_version(),
                "postgresql": server_version,
                "pg_dump": _tool_version("pg_dump"),
            },
            "migrations": _last_migrations(),
            "tables": tables,
            "counts": count_rows(database, tables),
            "media": media,
            "files": files,
        }
        (work / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def prune(output: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest complete backups under ``output``."""
    backups = sorted(p for p in output.glob(f"{PREFIX}*") if (p / MANIFEST_NAME).is_file())
    removed = backups[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path)
    return removed


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise BackupError(f"{folder} 不是门户备份目录（缺少 {MANIFEST_NAME}）。")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')!r}。")
    return manifest


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Check the size and SHA-256 of every file the manifest lists."""
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"备份文件缺失：{path}")
        if path.stat().st_size != expected["bytes"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"备份文件已损坏（SHA-256 不符）：{path}")


def ensure_database(target: Connection) -> bool:
    """Create the target database if missing (UTF-8, C.UTF-8 for Chinese trigram search).
    True when it was created."""
    from psycopg import sql

    with target.connect(dbname="postgres") as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone():
            return False
        conn.execute(
            sql.SQL(
                "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ).format(sql.Identifier(target.name))
        )
    return True


def _extract_media(archive: Path, media_root: Path) -> Path | None:
    """Unpack into a fresh folder beside ``media_root`` and swap it in; the previous folder is
    kept as ``<media_root>.before-restore-<time>`` (returned), never deleted."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    staging.chmod(0o750)  # mkdtemp's 0700 would lock out an app server running as another user
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
            tar.extractall(staging, filter="data")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = None
    if media_root.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        previous = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(previous)
    staging.rename(media_root)
    return previous


@dataclass
class RestoreResult:
    created_database: bool
    counts: dict[str, int]
    previous_media: Path | None
    media_restored: bool


def restore(folder: Path, *, target: Connection, media_root: Path | None) -> RestoreResult:
    """Restore the backup in ``folder`` into ``target`` and ``media_root`` (None: skip files)."""
    manifest = read_manifest(folder)
    verify(folder, manifest)
    created = ensure_database(target)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *target.args(),
            "--dbname",
            target.name,
            str(folder / DUMP_NAME),
        ],
        env=target.env(),
    )
    previous = None
    media_restored = False
    if media_root is not None and MEDIA_NAME in manifest["files"]:
        previous = _extract_media(folder / MEDIA_NAME, media_root)
        media_restored = True
    counts = count_rows(target, manifest["tables"])
    if counts != manifest["counts"]:
        differences = ", ".join(
            f"{label}: 备份 {manifest['counts'].get(label)} / 恢复 {counts.get(label)}"
            for label in sorted(set(counts) | set(manifest["counts"]))
            if counts.get(label) != manifest["counts"].get(label)
        )
        raise BackupError(f"恢复后的行数与备份清单不符：{differences}")
    return RestoreResult(created, counts, previous, media_restored)
