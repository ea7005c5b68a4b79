#!/usr/bin/env python
"""200 concurrent public submissions against a running gunicorn on PostgreSQL (issue 7).

    python bench/reliability_submissions.py [--submissions 200] [--concurrency 32] [--workers 5]

What it does, all on loopback, bounded in count and time, stopping by itself:

1. creates a fresh PostgreSQL database (``TEMPLATE template0``, ``LC_CTYPE 'C.UTF-8'``; dropped
   afterwards unless ``--keep``), migrates it, collects static files, seeds a receiving agency
   and one open 意见征集 (consultation);
2. starts gunicorn (``portal.wsgi``, production settings: a generated ``DJANGO_SECRET_KEY``,
   ``DJANGO_ALLOWED_HOSTS=127.0.0.1``, no SSL redirect, Redis cache on ``--redis-db``, the
   anti-abuse limits raised by environment variables so they do not block the test) on a free
   port of 127.0.0.1;
3. ``--submissions`` citizens, round robin over 依申请公开 applications (/ysqgk/apply/), comments
   on the consultation (/hdjl/yjzj/<pk>/) and mailbox messages (/hdjl/zx/ask/), ``--concurrency``
   at a time: each GETs the form (CSRF cookie, CSRF token, submission key) and POSTs it;
4. then posts ``--repeats`` of the same forms again (a citizen pressing “提交” twice);
5. checks in the database: every submission stored exactly once (by its submission key), distinct
   tracking numbers, and no 5xx; prints req/s and p50/p95 of the POSTs; exits non-zero on failure.

Figures and findings: docs/reliability.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
SEED = r"""
import datetime as dt
from django.utils import timezone
from interaction.models import Consultation
from portal.models import Organisation, SiteProfile
host, _ = Organisation.objects.get_or_create(
    name="压测受理机关", defaults={"code": "11210000000000001X", "short_name": "压测机关"}
)
if SiteProfile.current() is None:
    SiteProfile.objects.create(site_name="压测门户", host=host)
now = timezone.now()
consultation = Consultation.objects.create(
    organisation=host, title="关于《压测办法（征求意见稿）》公开征求意见的通知",
    summary="压测。", draft_text="<p>第一条</p>", opens_at=now - dt.timedelta(days=1),
    closes_at=now + dt.timedelta(days=10), status=Consultation.Status.PUBLISHED,
    published_at=now - dt.timedelta(days=1), confidentiality_checked=True,
)
print(f"CONSULTATION={consultation.pk}")
"""


# --- The server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql_admin():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, **PG)


def create_database(name: str) -> str:
    """A fresh database (dropped first if it exists); returns its DATABASE_URL."""
    with psql_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def drop_database(name: str) -> None:
    with psql_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    try:
        import redis
    except ImportError:
        return
    redis.Redis.from_url(url).flushdb()


def portal_env(*, database_url: str, redis_url: str, workdir: Path) -> dict[str, str]:
    """Production settings, loopback only, limits lifted for the load test."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PORTAL_STORAGE", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR="1000000",
        REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY="1000000",
        INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR="1000000",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args[:1])} 失败：\n{result.stderr[-4000:]}")
    return result.stdout


def prepare(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


@dataclass
class Gunicorn:
    """A gunicorn process serving the portal on 127.0.0.1:<port>; stopped by `stop()`."""

    env: dict[str, str]
    port: int
    workers: int
    log: Path
    process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        gunicorn = shutil.which("gunicorn") or sys.exit("gunicorn 未安装")
        self.process = subprocess.Popen(  # noqa: S603
            [
                gunicorn,
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn 退出了：\n{self.log.read_text()[-3000:]}")
            try:
                status, _, _ = request(self.port, "GET", "/hdjl/zx/ask/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn 未在 {timeout} 秒内就绪：\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# --- The client ------------------------------------------------------------------------------


def request(
    port: int, method: str, path: str, *, body: bytes | None = None, headers=None
) -> tuple[int, dict[str, list[str]], str]:
    """One HTTP request to 127.0.0.1:port: (status, headers by lower-case name, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        received: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            received.setdefault(name.lower(), []).append(value)
        return response.status, received, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Browser:
    """Cookies (Secure ones too: this is plain HTTP on loopback) and form fields."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.location = ""  # the Location of the last GET's answer, if any

    def _remember(self, headers: dict[str, list[str]]) -> None:
        for line in headers.get("set-cookie", []):
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, path: str) -> tuple[int, str]:
        status, headers, body = request(self.port, "GET", path, headers=self._cookie_header())
        self._remember(headers)
        self.location = (headers.get("location") or [""])[0]
        return status, body

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{path}",
            **self._cookie_header(),
        }
        body = urlencode(data).encode()
        status, received, _ = request(self.port, "POST", path, body=body, headers=headers)
        self._remember(received)
        return status, (received.get("location") or [""])[0]


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if not match:
        raise AssertionError(f"表单中没有 {name}")
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def resident_id(n: int) -> str:
    """A valid 居民身份证号码 (checksum included), distinct for each n < 365,000."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n // 10)
    seventeen = f"110105{birth:%Y%m%d}{n % 10:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(seventeen, weights, strict=True))
    return seventeen + "10X98765432"[total % 11]


KINDS = ("application", "comment", "message")


def form_fields(kind: str, n: int, tag: str) -> dict[str, str]:
    if kind == "application":
        return {
            "applicant_type": "natural",
            "name": f"压测申请人{n}",
            "id_type": "resident_id",
            "id_number": resident_id(n),
            "phone": f"137{n:08d}",
            "email": f"bench{n}@example.com",
            "subject": f"{tag} 第{n}项信息",
            "description": "并发提交可靠性测试。",
            "information_form": "electronic",
            "delivery": "email",
            "privacy_consent": "on",
        }
    if kind == "comment":
        return {
            "name": f"市民{n}",
            "contact": f"138{n:08d}",
            "content": f"{tag} 第{n}条意见：建议明确适用范围。",
            "privacy_consent": "on",
        }
    return {
        "box": "zx",
        "topic": "performance",
        "subject": f"{tag} 第{n}条留言",
        "content": "请问营业性演出审批需要哪些材料？",
        "name": f"留言人{n}",
        "phone": f"139{n:08d}",
        "consents_to_publication": "0",
        "privacy_consent": "on",
    }


@dataclass
class Outcome:
    kind: str
    key: str
    status: int
    seconds: float
    location: str = ""
    error: str = ""


@dataclass
class Citizen:
    kind: str
    n: int
    path: str
    data: dict[str, str] = field(default_factory=dict)
    browser: Browser | None = None


def fill_and_submit(citizen: Citizen, port: int, tag: str) -> Outcome:
    citizen.browser = Browser(port)
    status, html = citizen.browser.get(citizen.path)
    if status != 200:
        return Outcome(citizen.kind, "", status, 0.0, error=f"GET {status}")
    citizen.data = {
        **form_fields(citizen.kind, citizen.n, tag),
        "csrfmiddlewaretoken": hidden_value(html, "csrfmiddlewaretoken"),
        "submission_key": hidden_value(html, "submission_key"),
        "homepage": "",
    }
    return post_again(citizen)


def post_again(citizen: Citizen) -> Outcome:
    started = time.perf_counter()
    try:
        status, location = citizen.browser.post(citizen.path, citizen.data)
    except OSError as error:
        return Outcome(citizen.kind, citizen.data["submission_key"], 0, 0.0, error=str(error))
    return Outcome(
        citizen.kind,
        citizen.data["submission_key"],
        status,
        time.perf_counter() - started,
        location=location,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


# --- Checks in the database ------------------------------------------------------------------


def stored(database: str, keys_by_kind: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Per kind: rows per submitted key, number of rows, distinct tracking numbers."""
    import psycopg

    tables = {
        "application": ("requests_app_application", "tracking_number"),
        "comment": ("interaction_comment", None),
        "message": ("interaction_message", "tracking_number"),
    }
    result = {}
    with psycopg.connect(dbname=database, **PG) as conn:
        for kind, keys in keys_by_kind.items():
            table, number = tables[kind]
            rows = conn.execute(
                f"SELECT submission_key::text, {number or 'NULL'} FROM {table} "  # noqa: S608
                "WHERE submission_key = ANY(%s::uuid[])",
                [keys],
            ).fetchall()
            per_key = Counter(row[0] for row in rows)
            numbers = {row[1] for row in rows if row[1]}
            total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            result[kind] = {
                "submitted": len(keys),
                "stored_once": sum(1 for key in keys if per_key.get(key) == 1),
                "duplicates": sum(1 for count in per_key.values() if count > 1),
                "missing": sum(1 for key in keys if key not in per_key),
                "rows_in_table": total,
                "distinct_numbers": len(numbers) if number else -1,
            }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--repeats", type=int, default=30, help="forms posted a second time")
    parser.add_argument("--database", default="portal_rel_bench")
    parser.add_argument("--redis-db", type=int, default=11)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not 1 <= args.submissions <= 2000 or not 1 <= args.concurrency <= 128:
        sys.exit("--submissions 1..2000, --concurrency 1..128")

    workdir = Path(tempfile.mkdtemp(prefix="portal-rel-bench-"))
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    database_url = create_database(args.database)
    flush_redis(redis_url)
    env = portal_env(database_url=database_url, redis_url=redis_url, workdir=workdir)
    print(f"数据库 {args.database}（新建），Redis {redis_url}，工作目录 {workdir}")
    prepare(env)
    seeded = manage(env, "shell", "-c", SEED)
    consultation = int(re.search(r"CONSULTATION=(\d+)", seeded).group(1))
    paths = {
        "application": "/ysqgk/apply/",
        "comment": f"/hdjl/yjzj/{consultation}/",
        "message": "/hdjl/zx/ask/",
    }
    server = Gunicorn(env, free_port(), args.workers, workdir / "gunicorn.log")
    server.start()
    tag = f"REL-{uuid.uuid4().hex[:6]}"
    failed = False
    try:
        print(
            f"gunicorn {args.workers} sync workers on 127.0.0.1:{server.port}; "
            f"{args.submissions} citizens, {args.concurrency} at a time, "
            f"{os.cpu_count()} CPUs (client and server share them)"
        )
        citizens = [Citizen(KINDS[n % 3], n, paths[KINDS[n % 3]]) for n in range(args.submissions)]
        lock = threading.Lock()
        outcomes: list[Outcome] = []

        def run(citizen: Citizen) -> None:
            outcome = fill_and_submit(citizen, server.port, tag)
            with lock:
                outcomes.append(outcome)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            list(pool.map(run, citizens))
        wall = time.perf_counter() - started

        # The same forms posted again: each must answer with the first receipt, not a new row.
        repeats: list[Outcome] = []
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            repeats = list(pool.map(post_again, [c for c in citizens if c.browser][: args.repeats]))

        statuses = Counter(o.status for o in outcomes)
        repeat_statuses = Counter(o.status for o in repeats)
        latencies = [o.seconds for o in outcomes if o.status]
        print(
            f"  POSTs: {len(outcomes)} in {wall:.2f} s = {len(outcomes) / wall:.1f} submissions/s "
            f"(each after its GET); POST p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
            f"max {max(latencies, default=0) * 1000:.0f} ms"
        )
        for kind in KINDS:
            kind_latencies = [o.seconds for o in outcomes if o.kind == kind and o.status]
            print(
                f"    {kind:<11} p50 {percentile(kind_latencies, 0.5) * 1000:6.0f} ms  "
                f"p95 {percentile(kind_latencies, 0.95) * 1000:6.0f} ms"
            )
        print(f"  statuses: {dict(statuses)}; repeated posts: {dict(repeat_statuses)}")
        errors = [o for o in outcomes + repeats if o.status >= 500 or o.status == 0 or o.error]
        for outcome in errors[:5]:
            print(f"  ! {outcome}")
        keys: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for outcome in outcomes:
            if outcome.key:
                keys[outcome.kind].append(outcome.key)
        checks = stored(args.database, keys)
        for kind, figures in checks.items():
            print(f"  {kind:<11} {figures}")
        failed = bool(errors) or any(
            f["stored_once"] != f["submitted"]
            or f["rows_in_table"] != f["submitted"]
            or f["distinct_numbers"] not in (-1, f["submitted"])
            for f in checks.values()
        )
        failed = failed or sum(f["submitted"] for f in checks.values()) != args.submissions
        failed = failed or any(o.status != 302 for o in outcomes + repeats)
        print("结果：" + ("失败" if failed else "通过 — 全部只保存一次，编号互不相同，无 5xx"))
    finally:
        server.stop()
        flush_redis(redis_url)
        if not args.keep:
            drop_database(args.database)
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
