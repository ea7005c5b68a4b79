"""整站备份与恢复: ``backup_portal`` then ``restore_portal`` into a NEW database and media folder,
and a separate portal process pointed at the restored copy serves the same documents (titles,
索引号, attachment bytes). Refusals (SQLite, a damaged backup) come with a clear message."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from disclosure.models import Attachment
from portal import backup
from tests.factories import DocumentFactory, PublishedDocumentFactory, SiteProfileFactory

from .helpers import have_programs, on_postgresql

ROOT = Path(__file__).resolve().parents[2]

#: Run in a fresh process on the restored database: fetch each document page and attachment.
READ_BACK = r"""
import hashlib, json, sys
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
out = []
for item in json.loads(sys.argv[1]):
    page = client.get(item["url"])
    html = page.content.decode()
    files = []
    for url in item["attachments"]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.status_code == 200 else b""
        files.append([response.status_code, hashlib.sha256(body).hexdigest()])
    out.append({"status": page.status_code, "title": item["title"] in html,
                "index_number": item["index_number"] in html, "files": files})
print(json.dumps(out))
"""


def target_url(name: str) -> str:
    params = connection.settings_dict
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def drop_database(name: str) -> None:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def documents_with_attachments(count: int) -> list[dict]:
    seeded = []
    for n in range(count):
        document = PublishedDocumentFactory(title=f"关于公布第{n + 1}批省级非遗代表性项目的通知")
        content = f"%PDF-1.4\n%第{n + 1}批名录\n%%EOF\n".encode()
        attachment = Attachment.objects.create(
            document=document,
            name=f"第{n + 1}批名录",
            extension="pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            file=SimpleUploadedFile(f"名录{n + 1}.pdf", content),
        )
        seeded.append(
            {
                "url": document.get_absolute_url(),
                "title": document.title,
                "index_number": document.index_number,
                "attachments": [attachment.get_absolute_url()],
                "sha256": [attachment.sha256],
            }
        )
    return seeded


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgresql(), reason="pg_dump/pg_restore need PostgreSQL")
@pytest.mark.skipif(not have_programs("pg_dump", "pg_restore"), reason="PostgreSQL client")
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_new_database_serves_the_same_documents(
    settings, tmp_path, capsys
):
    settings.MEDIA_ROOT = tmp_path / "media"
    SiteProfileFactory()
    seeded = documents_with_attachments(3)
    DocumentFactory(title="尚未发布的草稿")

    call_command("backup_portal", output=tmp_path / "backups", keep=3)
    out = capsys.readouterr().out
    assert "备份完成" in out
    (folder,) = (tmp_path / "backups").glob("portal-backup-*")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["disclosure.Document"] == 4
    assert manifest["counts"]["disclosure.Attachment"] == 3
    assert manifest["media"] == {
        "storage": "filesystem",
        "files": 3,
        "bytes": manifest["media"]["bytes"],
    }
    assert manifest["migrations"]["disclosure"]
    for name in ("database.dump", "media.tar.gz"):
        assert manifest["files"][name]["sha256"] == backup.sha256_of(folder / name)

    restored_db = f"portal_restored_{uuid.uuid4().hex[:8]}"
    restored_media = tmp_path / "restored" / "media"
    try:
        call_command(
            "restore_portal",
            input=folder,
            database_url=target_url(restored_db),
            media_root=restored_media,
            interactive=False,
        )
        out = capsys.readouterr().out
        assert f"已创建数据库 {restored_db}" in out
        assert "恢复完成，行数与备份清单一致" in out

        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REDIS_URL", "PORTAL_STORAGE", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings.dev",
            DATABASE_URL=target_url(restored_db),
            DJANGO_MEDIA_ROOT=str(restored_media),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
        )
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", READ_BACK, json.dumps(seeded)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        served = json.loads(result.stdout.strip().splitlines()[-1])
        assert served == [
            {
                "status": 200,
                "title": True,
                "index_number": True,
                "files": [[200, digest] for digest in item["sha256"]],
            }
            for item in seeded
        ]

        # Restoring again over the same database replaces it; the media folder is swapped and
        # the previous one kept beside it.
        call_command(
            "restore_portal",
            input=folder,
            database_url=target_url(restored_db),
            media_root=restored_media,
            interactive=False,
        )
        assert "原有上传文件目录保留为" in capsys.readouterr().out
        assert len(list(restored_media.parent.glob("media.before-restore-*"))) == 1
    finally:
        drop_database(restored_db)


@pytest.mark.skipif(on_postgresql(), reason="the SQLite refusal")
@pytest.mark.django_db
def test_backup_refuses_sqlite_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="只支持 PostgreSQL"):
        call_command("backup_portal", output=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_an_sqlite_target(tmp_path):
    with pytest.raises(CommandError, match="只支持 PostgreSQL"):
        call_command(
            "restore_portal",
            input=tmp_path,
            database_url="sqlite:////tmp/x.sqlite3",
            interactive=False,
        )


def test_restore_refuses_a_damaged_backup_before_touching_the_database(tmp_path):
    folder = tmp_path / "portal-backup-20260101T000000Z"
    folder.mkdir()
    (folder / "database.dump").write_bytes(b"PGDMP damaged")
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "format": 1,
                "created_at": "2026-01-01T00:00:00+00:00",
                "files": {"database.dump": {"bytes": 13, "sha256": "0" * 64}},
                "tables": {},
                "counts": {},
            }
        )
    )
    with pytest.raises(CommandError, match="备份文件已损坏"):
        call_command(
            "restore_portal",
            input=folder,
            # Nothing listens there: reaching the database would fail differently.
            database_url="postgres://postgres@127.0.0.1:1/never",
            interactive=False,
        )


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="不是门户备份目录"):
        call_command(
            "restore_portal",
            input=tmp_path,
            database_url="postgres://postgres@127.0.0.1/x",
            interactive=False,
        )
