"""The rows of a document list (column pages, home blocks): link, escaped title, the validity
badge of a changed document, 文号 and the date of publication in the site's time zone."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from disclosure.models import Document
from tests.factories import ColumnFactory, PublishedDocumentFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db


def rows(page: str) -> list[str]:
    return re.findall(r'<li class="doc-list__item">(.*?)</li>', page, re.S)


def test_a_row_shows_link_title_badge_number_and_local_date(client):
    SiteProfileFactory()
    column = ColumnFactory(name="通知公告", slug="tzgg")
    # 16:30 UTC is already the next day in Beijing.
    published = datetime(2017, 3, 1, 16, 30, tzinfo=ZoneInfo("UTC"))
    repealed = PublishedDocumentFactory(
        column=column, title="关于<script>alert(1)</script>的通知", document_number="辽文发〔2017〕3号",
        validity=Document.Validity.REPEALED, published_at=published,
    )
    PublishedDocumentFactory(column=column, title="普通通知", published_at=published - timedelta(days=1))

    page = client.get("/xxgk/column/tzgg/").content.decode()
    first, second = rows(page)

    assert f'<a class="doc-list__title" href="/xxgk/doc/{repealed.pk}/">' in first
    assert "关于&lt;script&gt;alert(1)&lt;/script&gt;的通知" in first and "<script>" not in first
    assert '<span class="badge badge--repealed">废止</span>' in first
    assert '<span class="doc-list__number">辽文发〔2017〕3号</span>' in first
    assert '<time datetime="2017-03-02">2017-03-02</time>' in first
    assert "badge" not in second and "doc-list__number" not in second
    assert '<time datetime="2017-03-01">2017-03-01</time>' in second
