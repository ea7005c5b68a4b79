#!/usr/bin/env python
"""Two app servers sharing one PostgreSQL and one Redis: publications and sessions (issue 7).

    python bench/two_servers.py [--workers 2] [--without-redis]

1. creates a fresh database (dropped afterwards), migrates, collects static files, seeds an agency,
   a home-page column with one published document, an editor, a reviewer and an administrator;
2. starts gunicorn **A** and gunicorn **B** on two free ports of 127.0.0.1, production settings,
   the same ``DATABASE_URL`` and ``REDIS_URL`` (``--without-redis``: each process its own
   local-memory cache — the negative control, which must fail);
3. warms both: the home page, the column page and the catalogue are fetched from A and B
   (rendered fragments, counts and whole pages now sit in the cache);
4. publishes a new document from a third process (``manage.py shell``: `document_save` →
   `document_submit` → `document_publish`, as the admin's buttons do) and measures how long after
   the commit the new title is visible on A and on B (home, column, catalogue);
5. logs in to /admin/ on A (password, then the TOTP step of staff two-factor authentication with a
   device made by the seed), opens /admin/ on B with the same cookie, logs out on B and checks
   that A no longer accepts the session.

Exits non-zero when a check fails. Loopback only, bounded (every wait has a deadline).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.append(
    str(Path(__file__).resolve().parent)
)  # after the project: bench/search.py is no app

from reliability_submissions import (  # noqa: E402
    Browser,
    Gunicorn,
    create_database,
    drop_database,
    flush_redis,
    free_port,
    hidden_value,
    manage,
    portal_env,
    prepare,
)

ADMIN = ("bench-admin", "Bench-Admin-2026!")
SEED = r"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from disclosure import services
from disclosure.models import Column, Document
from portal.models import Organisation, SiteProfile
host, _ = Organisation.objects.get_or_create(
    name="双机测试机关", defaults={"code": "11210000000000001X", "short_name": "双机机关"}
)
SiteProfile.objects.get_or_create(site_name="双机测试门户", host=host)
column = Column.objects.create(
    organisation=host, name="双机测试栏目", slug="sjcs", kind=Column.Kind.LIST, show_on_home=True
)
User = get_user_model()
editor = User.objects.create_user("bench-editor", password="Bench-Editor-2026!", is_staff=True)
editor.groups.add(Group.objects.get(name="信息发布员"))
reviewer = User.objects.create_user("bench-reviewer", password="Bench-Review-2026!", is_staff=True)
reviewer.groups.add(Group.objects.get(name="审核员"))
admin = User.objects.create_superuser(ADMIN_USER, password=ADMIN_PASSWORD)
totp_key = ""
try:  # staff two-factor authentication (docs/security.md): a confirmed TOTP device
    from django_otp.plugins.otp_totp.models import TOTPDevice
except ImportError:
    pass
else:
    totp_key = TOTPDevice.objects.create(user=admin, name="bench", confirmed=True).key
document = services.document_save(
    document=Document(column=column, organisation=host, title="双机测试：已发布的第一份通知",
                      body="<p>正文。</p>", written_on=timezone.localdate()),
    actor=editor,
)
services.document_submit(document=document, actor=editor)
services.document_publish(document=document, actor=reviewer, confidentiality_checked=True)
print("SEED=" + json.dumps({"column": column.get_absolute_url(), "totp_key": totp_key}))
"""
PUBLISH = r"""
import json, sys, time
from django.contrib.auth import get_user_model
from django.utils import timezone
from disclosure import services
from disclosure.models import Column, Document
User = get_user_model()
editor = User.objects.get(username="bench-editor")
reviewer = User.objects.get(username="bench-reviewer")
column = Column.objects.get(slug="sjcs")
document = services.document_save(
    document=Document(column=column, organisation=column.organisation, title=TITLE,
                      body="<p>跨服务器可见性测试。</p>", written_on=timezone.localdate()),
    actor=editor,
)
services.document_submit(document=document, actor=editor)
services.document_publish(document=document, actor=reviewer, confidentiality_checked=True)
committed = time.time()  # document_publish is atomic: it has committed, on_commit has run
print("PUBLISHED=" + json.dumps({"committed": committed, "url": document.get_absolute_url(),
                                 "index_number": document.index_number}))
"""


def warm(browsers: dict[str, Browser], pages: list[str], expected: str) -> None:
    """Fetch every page twice from every server (the second visit comes from the cache)."""
    for browser in browsers.values():
        for path in pages:
            for _ in range(2):
                status, html = browser.get(path)
                assert status == 200, (path, status)
                assert expected in html, (
                    path,
                    re.sub(r"\s+", " ", html)[html.find("<main") :][:2500],
                )


#: How long each server process trusts the content version it read (the production default of
#: PORTAL_LOCAL_CACHE_SECONDS): a publish must show on every server after that.
LOCAL_CACHE_SECONDS = 0.25


def measure_visibility(
    ports: dict[str, int],
    pages: list[str],
    title: str,
    publish: Callable[[], float],
    *,
    wait: float = 10.0,
    interval: float = 0.02,
    grace: float = LOCAL_CACHE_SECONDS,
) -> list[dict]:
    """Poll every page of every server (one thread each, fresh anonymous visitors) while
    ``publish()`` runs; ``publish`` returns the moment its transaction committed.

    Per server and page: ``ms``, from the commit to the end of the first response showing
    ``title`` (None: not shown within ``wait`` seconds), and ``stale``, the number of responses
    to requests sent more than ``grace`` seconds after the commit that still did not show it —
    0 means “as soon as every process re-reads the content version” (each trusts the version it
    read for ``PORTAL_LOCAL_CACHE_SECONDS``, 0.25 s by default: `portal/localcache.py`)."""
    responses: dict[tuple[str, str], list[tuple[float, float, bool]]] = {}
    committed: list[float] = []
    stop = threading.Event()

    def poll(name: str, port: int, path: str) -> None:
        log = responses.setdefault((name, path), [])
        while not stop.is_set():
            sent = time.time()
            status, html = Browser(port).get(path)
            shown = status == 200 and title in html
            log.append((sent, time.time(), shown))
            if shown or (committed and time.time() > committed[0] + wait):
                return
            time.sleep(interval)

    threads = [
        threading.Thread(target=poll, args=(name, port, path), daemon=True)
        for name, port in ports.items()
        for path in pages
    ]
    for thread in threads:
        thread.start()
    try:
        committed.append(publish())
    finally:
        for thread in threads:
            thread.join(timeout=wait + 30)
        stop.set()
    at = committed[0]
    results = []
    for path in pages:
        for name in ports:
            log = responses.get((name, path), [])
            first = next((end for _, end, shown in log if shown), None)
            results.append(
                {
                    "server": name,
                    "path": path,
                    "ms": None if first is None else round(max(0.0, first - at) * 1000),
                    "stale": sum(
                        1 for sent, _, shown in log if sent > at + grace and not shown
                    ),
                }
            )
    return results


def totp(key_hex: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 one-time password (what the staff member's authenticator app shows)."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(bytes.fromhex(key_hex), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def login(browser: Browser, totp_key: str = "") -> bool:
    """Password, then — where staff two-factor authentication is on — the TOTP step."""
    status, html = browser.get("/admin/login/?next=/admin/")
    if status != 200:
        return False
    status, location = browser.post(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": hidden_value(html, "csrfmiddlewaretoken"),
            "username": ADMIN[0],
            "password": ADMIN[1],
            "next": "/admin/",
        },
    )
    if status != 302 or "/login/" in location:
        return False
    status, html = browser.get("/admin/")
    if status == 302 and totp_key and "/2fa/" in browser.location:
        step = browser.location
        status, html = browser.get(step)
        status, location = browser.post(
            step,
            {
                "csrfmiddlewaretoken": hidden_value(html, "csrfmiddlewaretoken"),
                "otp_token": totp(totp_key),
            },
        )
        status, html = browser.get("/admin/")
    return status == 200 and ADMIN[0] in html


def logged_in(browser: Browser) -> bool:
    """Does the server open the admin index for this browser's session?"""
    status, html = browser.get("/admin/")
    return status == 200 and ADMIN[0] in html


def check_sessions(port_a: int, port_b: int, totp_key: str = "") -> dict[str, bool]:
    """Log in on A (with the second factor where required), use the session on B, log out on
    B, and try the session on A again."""
    staff_a = Browser(port_a)
    figures = {"login_on_A": login(staff_a, totp_key)}
    staff_b = Browser(port_b)
    staff_b.cookies = dict(staff_a.cookies)
    figures["session_A_works_on_B"] = logged_in(staff_b)
    status, _ = staff_b.post(
        "/admin/logout/", {"csrfmiddlewaretoken": staff_b.cookies.get("csrftoken", "")}
    )
    figures["logout_on_B"] = status == 200 and not staff_b.cookies.get("sessionid", "").strip('"')
    figures["logout_on_B_ends_session_on_A"] = not logged_in(staff_a)
    return figures


def start_pair(env: dict[str, str], workers: int, workdir: Path) -> list[Gunicorn]:
    servers = []
    try:
        for name in ("A", "B"):
            server = Gunicorn(env, free_port(), workers, workdir / f"gunicorn-{name}.log")
            servers.append(server)
            server.start()
    except BaseException:
        for server in servers:
            server.stop()
        raise
    return servers


def run(*, workers: int, with_redis: bool, redis_db: int, database: str, wait: float) -> dict:
    """Everything above on a fresh database; returns the figures."""
    workdir = Path(tempfile.mkdtemp(prefix="portal-two-servers-"))
    redis_url = f"redis://127.0.0.1:6379/{redis_db}"
    database_url = create_database(database)
    flush_redis(redis_url)
    env = portal_env(database_url=database_url, redis_url=redis_url, workdir=workdir)
    if not with_redis:
        env.pop("REDIS_URL")
    servers: list[Gunicorn] = []
    figures: dict = {"redis": with_redis, "workers_per_server": workers}
    try:
        started = time.perf_counter()
        prepare(env)
        seeded = manage(env, "shell", "-c", f"ADMIN_USER, ADMIN_PASSWORD = {ADMIN!r}\n{SEED}")
        seed = json.loads(re.search(r"SEED=(.*)", seeded).group(1))
        figures["setup_seconds"] = round(time.perf_counter() - started, 1)
        servers = start_pair(env, workers, workdir)
        ports = {"A": servers[0].port, "B": servers[1].port}
        pages = ["/", seed["column"], "/xxgk/catalogue/"]
        warm({name: Browser(port) for name, port in ports.items()}, pages, "已发布的第一份通知")

        title = f"双机测试：新发布的通知 {uuid.uuid4().hex[:6]}"
        published: dict = {}

        def publish() -> float:
            out = manage(env, "shell", "-c", f"TITLE = {title!r}\n{PUBLISH}")
            published.update(json.loads(re.search(r"PUBLISHED=(.*)", out).group(1)))
            return published["committed"]

        figures["visibility"] = measure_visibility(ports, pages, title, publish, wait=wait)
        status, html = Browser(ports["B"]).get(published["url"])
        figures["document_on_B"] = status == 200 and published["index_number"] in html
        figures.update(check_sessions(ports["A"], ports["B"], seed["totp_key"]))
    finally:
        for server in servers:
            server.stop()
        flush_redis(redis_url)
        drop_database(database)
        shutil.rmtree(workdir, ignore_errors=True)
    figures["passed"] = all(
        v["ms"] is not None and v["stale"] == 0 for v in figures["visibility"]
    ) and all(
        figures[key]
        for key in (
            "document_on_B",
            "login_on_A",
            "session_A_works_on_B",
            "logout_on_B_ends_session_on_A",
        )
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--without-redis", action="store_true", help="negative control")
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--database", default="portal_rel_two")
    parser.add_argument("--wait", type=float, default=10.0, help="seconds to wait for a page")
    args = parser.parse_args()
    figures = run(
        workers=args.workers,
        with_redis=not args.without_redis,
        redis_db=args.redis_db,
        database=args.database,
        wait=args.wait,
    )
    print(
        f"共享缓存：{'Redis' if figures['redis'] else '各进程本地内存（对照组）'}，"
        f"每台 {figures['workers_per_server']} 个 worker，准备用时 {figures['setup_seconds']} 秒"
    )
    for row in figures["visibility"]:
        shown = "未在时限内出现" if row["ms"] is None else f"{row['ms']} ms"
        print(
            f"  服务器 {row['server']} {row['path']:<22} 发布提交后可见：{shown}；"
            f"提交后发出却仍显示旧内容的请求：{row['stale']} 个"
        )
    print(f"  新文件详情页（含索引号）在 B 上可见：{figures['document_on_B']}")
    print(
        f"  A 上登录：{figures['login_on_A']}；A 的会话在 B 上有效："
        f"{figures['session_A_works_on_B']}；B 上退出后 A 上会话失效："
        f"{figures['logout_on_B_ends_session_on_A']}"
    )
    print("结果：" + ("通过" if figures["passed"] else "失败"))
    return 0 if figures["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
