"""Two app servers (two gunicorn processes) sharing one PostgreSQL and one Redis: a document
published through the services is shown by both within a second, and no request sent more than
0.25 s after the commit (the time a process trusts the content version it read) gets the old
page; a staff session opened on A works on B (and ends on both at logout).

The servers run the production settings against this test's database (committed rows:
transactional test) and the Redis database 13; the test process publishes with the same Redis
cache, as any third server or a staff member's admin request would. bench/two_servers.py is the
same check on a fresh database, with the figures in docs/reliability.md.
"""

from __future__ import annotations

import shutil
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection

from tests.factories import ColumnFactory, DocumentFactory, SiteProfileFactory, UserFactory

from .helpers import have_programs, on_postgresql, redis_available

BENCH = Path(__file__).resolve().parents[2] / "bench"
REDIS_URL = "redis://127.0.0.1:6379/13"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not on_postgresql(), reason="needs PostgreSQL"),
    pytest.mark.skipif(not redis_available(), reason="needs Redis and the redis package"),
    pytest.mark.skipif(not have_programs("gunicorn"), reason="needs gunicorn"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def bench():
    sys.path.append(str(BENCH))  # last: bench/search.py must not shadow the search app
    try:
        import reliability_submissions
        import two_servers

        yield reliability_submissions, two_servers
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture
def shared_cache(settings):
    """This process uses the servers' Redis cache (same location and key prefix)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def publish(*, title: str, column, editor, reviewer):
    from disclosure import services

    document = services.document_save(
        document=DocumentFactory.build(
            column=column, organisation=column.organisation, title=title
        ),
        actor=editor,
    )
    services.document_submit(document=document, actor=editor)
    return services.document_publish(
        document=document, actor=reviewer, confidentiality_checked=True
    )


def test_publish_is_visible_on_both_servers_at_once_and_sessions_are_shared(
    bench, shared_cache, settings, tmp_path
):
    reliability, two_servers = bench
    # The servers run the production hashers; the suite's MD5 hasher is not among them.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    site = SiteProfileFactory()
    column = ColumnFactory(organisation=site.host, slug="sjcs", show_on_home=True)
    editor = UserFactory(role="信息发布员")
    reviewer = UserFactory(role="审核员")
    admin = get_user_model().objects.create_superuser(
        two_servers.ADMIN[0], password=two_servers.ADMIN[1]
    )
    totp_key = ""
    if apps.is_installed("django_otp.plugins.otp_totp"):  # staff two-factor authentication
        from django_otp.plugins.otp_totp.models import TOTPDevice

        totp_key = TOTPDevice.objects.create(user=admin, name="test", confirmed=True).key
    first = publish(
        title="双机测试：已发布的第一份通知", column=column, editor=editor, reviewer=reviewer
    )

    params = connection.settings_dict
    database_url = (
        f"postgres://{params.get('USER') or ''}@{params.get('HOST') or '127.0.0.1'}:"
        f"{params.get('PORT') or 5432}/{params['NAME']}"
    )
    env = reliability.portal_env(database_url=database_url, redis_url=REDIS_URL, workdir=tmp_path)
    reliability.manage(env, "collectstatic", "--noinput", "-v", "0")
    servers = two_servers.start_pair(env, 1, tmp_path)
    try:
        ports = {"A": servers[0].port, "B": servers[1].port}
        pages = ["/", column.get_absolute_url(), "/xxgk/catalogue/"]
        browsers = {name: reliability.Browser(port) for name, port in ports.items()}
        two_servers.warm(browsers, pages, first.title)

        title = f"双机测试：新发布的通知 {uuid.uuid4().hex[:6]}"
        published = {}

        def publish_now() -> float:
            import time

            published["document"] = publish(
                title=title, column=column, editor=editor, reviewer=reviewer
            )
            return time.time()

        visibility = two_servers.measure_visibility(ports, pages, title, publish_now, wait=5)
        assert [(v["server"], v["path"], v["stale"]) for v in visibility] == [
            (name, path, 0) for path in pages for name in ports
        ]
        assert all(v["ms"] is not None and v["ms"] < 1000 for v in visibility), visibility
        document = published["document"]
        status, html = browsers["B"].get(document.get_absolute_url())
        assert status == 200 and document.index_number in html

        assert two_servers.check_sessions(ports["A"], ports["B"], totp_key) == {
            "login_on_A": True,
            "session_A_works_on_B": True,
            "logout_on_B": True,
            "logout_on_B_ends_session_on_A": True,
        }
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(tmp_path / "static", ignore_errors=True)
