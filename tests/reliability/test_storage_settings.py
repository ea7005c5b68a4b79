"""Uploaded files on storage shared by several servers: PORTAL_STORAGE=s3 selects django-storages'
S3 backend (private objects, signed expiring URLs); the file system stays the default.

The settings module is loaded afresh with a given environment; the S3 backend is built from
those settings and signs a URL locally (no network)."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.module_loading import import_string

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings" / "base.py"
S3_ENV = {
    "PORTAL_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "portal-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_ACCESS_KEY_ID": "portal-access",
    "AWS_SECRET_ACCESS_KEY": "portal-secret-key",
    "AWS_S3_REGION_NAME": "cn-north-1",
    "AWS_S3_ADDRESSING_STYLE": "path",
}


def load_settings(monkeypatch, env: dict[str, str]):
    for name in ("PORTAL_STORAGE", *S3_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location(f"settings_{uuid.uuid4().hex}", BASE_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_file_system_is_the_default(monkeypatch):
    settings = load_settings(monkeypatch, {})
    assert settings.STORAGES["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_s3_selected_by_environment_signs_private_urls(monkeypatch):
    pytest.importorskip("storages.backends.s3", reason="pip install -e '.[s3]'")
    settings = load_settings(monkeypatch, S3_ENV)
    default = settings.STORAGES["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "portal-media"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False

    storage = import_string(default["BACKEND"])(**options)
    assert storage.endpoint_url == "http://127.0.0.1:9000"
    url = urlsplit(storage.url("attachments/2026/通知.pdf"))
    assert (url.scheme, url.netloc) == ("http", "127.0.0.1:9000")
    assert url.path.startswith("/portal-media/media/attachments/2026/")
    query = parse_qs(url.query)
    assert query["X-Amz-Credential"][0].startswith("portal-access/")
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query


def test_s3_without_a_bucket_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        load_settings(monkeypatch, {"PORTAL_STORAGE": "s3"})


def test_unknown_storage_refuses_to_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PORTAL_STORAGE"):
        load_settings(monkeypatch, {"PORTAL_STORAGE": "ftp"})


@pytest.mark.django_db
def test_attachments_are_served_through_the_storage_api(settings, client, monkeypatch):
    """The download view reads through the storage (FieldFile.open), never a local path, so it
    works unchanged with a remote backend."""
    from django.core.files.storage import InMemoryStorage

    from disclosure.models import Attachment
    from tests.factories import PublishedDocumentFactory

    storage = InMemoryStorage()  # no file on disk: a local path would not find it
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", storage)
    document = PublishedDocumentFactory()
    content = b"%PDF-1.4\n%shared storage\n%%EOF\n"
    attachment = Attachment.objects.create(
        document=document,
        name="实施方案",
        extension="pdf",
        size=len(content),
        sha256="0" * 64,
        file=SimpleUploadedFile("方案.pdf", content),
    )
    assert storage.exists(attachment.file.name)
    assert not Path(settings.MEDIA_ROOT).exists() or not any(
        Path(settings.MEDIA_ROOT).rglob("*.pdf")
    )
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "attachment" in response["Content-Disposition"]
