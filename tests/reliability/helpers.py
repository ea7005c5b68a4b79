"""Shared helpers of the reliability tests: reading the retry form a 503 page carries."""

from __future__ import annotations

import shutil
import socket
from html.parser import HTMLParser

from django.db import connection


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": attributes.get("method", "get"),
                    "action": attributes.get("action"),
                    "fields": [],
                    "files": [],
                }
            )
        elif tag == "input" and self.forms:
            if attributes.get("type") == "hidden":
                self.forms[-1]["fields"].append((attributes["name"], attributes.get("value", "")))
            elif attributes.get("type") == "file":
                self.forms[-1]["files"].append(attributes["name"])


def page_forms(html: str) -> list[dict]:
    """Every <form> of ``html``: method, action, hidden fields (name, value), file inputs."""
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


def retry_form(html: str) -> dict:
    """The one POST form of a 503 page (the “重新提交” form)."""
    forms = [form for form in page_forms(html) if form["method"] == "post"]
    assert len(forms) == 1, forms
    return forms[0]


def as_post_data(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def redis_available(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        import redis  # noqa: F401 — Django's RedisCache needs the client library
    except ImportError:
        return False
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def have_programs(*names: str) -> bool:
    return all(shutil.which(name) for name in names)
