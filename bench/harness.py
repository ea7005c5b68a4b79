#!/usr/bin/env python
"""Issue 6 benchmark harness (性能基准): one command, a fresh PostgreSQL, 1,000,000 documents.

    python bench/harness.py --documents 1000000 \\
        [--database-url postgres://postgres@127.0.0.1:5432/portal_bench6] \\
        [--redis-url redis://127.0.0.1:6379/12] [--duration 20] [--connections 16] [--workers 3]

Steps (each resumable; a second run skips what is done):

1. create the database if missing (TEMPLATE template0, LC_CTYPE 'C.UTF-8' for pg_trgm), migrate,
   seed the demo structure, generate documents until `--documents` exist, rebuild the search
   index when it is incomplete (timed; `--rebuild-index` forces it), ANALYZE, collectstatic;
2. in process: queries per page (Django test client + CaptureQueriesContext, cold and warm
   caches) and the search SQL alone (p50/p95 per word and sort order);
3. gunicorn (`--workers` sync workers, CONN_MAX_AGE 60, DEBUG off, production settings with the
   Redis cache; `bench/lib/settings.py`) on a loopback port, and `wrk` on loopback (a threaded
   Python client when wrk is missing: `apt-get install wrk`), `--duration` seconds per case:
   (A) column page, first and deep (after row `--depth`, cursor URL), uncached: the request
       header `X-Bench-No-Cache` makes the page cache render afresh (it is honoured only
       because the bench settings name it in PORTAL_PAGE_CACHE_BYPASS_HEADER);
   (B) the same HTML saved under STATIC_ROOT and served by whitenoise (the stack's ceiling);
   (C) the same page with Django's stock Paginator (COUNT(*) + OFFSET), first and deep
       (bench-only view, bench/lib/views.py);
   (D) the column page from the page cache, a 304 (If-None-Match), the search page for a
       two- and a four-character word, a document page (uncached and cached);
   with req/s, p50/p99 and CPU-ms per request of the app (gunicorn master + workers, from
   /proc) and of the database (the backends connected to this database, from /proc);
4. publish → visible: publish a document from this process (as a shell command would) and
   poll the cached column page until its title shows;
5. the ratios against the issue's targets. `--json PATH` also writes every figure.

Everything runs on loopback and stops by itself (every load phase has a duration).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/portal_bench6"
DEFAULT_REDIS = "redis://127.0.0.1:6379/12"
BYPASS = {"X-Bench-No-Cache": "1"}
SEARCH_WORDS = {"two": "预算", "four": "文化产业"}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
        log(f"已创建数据库 {name}")


def configure_environment(args) -> Path:
    static_root = Path(args.static_root).resolve()
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="bench.lib.settings",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_DEBUG="0",
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        REDIS_URL=args.redis_url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return static_root


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW lc_ctype")
        ctype = cursor.fetchone()[0]
    mem = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    cpu = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_mib": mem,
        "postgresql": pg,
        "lc_ctype": ctype,
        "python": platform.python_version(),
    }


# --- 1. Data -----------------------------------------------------------------------------------


def prepare(args, figures: dict) -> None:
    from django.core.management import call_command
    from django.db import connection

    from disclosure.models import Document
    from publishing.registry import publishable_models
    from search.indexing import searchable
    from search.models import SearchEntry

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    log(f"迁移与演示结构：{time.perf_counter() - started:.1f} 秒")

    have = Document.objects.count()
    missing = args.documents - have
    if missing > 0:
        log(f"已有 {have:,} 条信息，生成 {missing:,} 条……")
        started = time.perf_counter()
        call_command("generate_documents", count=missing, batch=5000)
        seconds = time.perf_counter() - started
        figures["generation"] = {
            "documents": missing,
            "seconds": seconds,
            "rate": missing / seconds,
        }
        log(f"生成 {missing:,} 条：{seconds:.0f} 秒，{missing / seconds:,.0f} 条/秒")
    else:
        log(f"已有 {have:,} 条信息（≥ {args.documents:,}），跳过生成")
    figures["documents"] = Document.objects.count()
    figures["published_documents"] = Document.objects.published().count()

    public = sum(searchable(model).count() for model in publishable_models())
    entries = SearchEntry.objects.count()
    figures["index"] = {"entries": entries, "public": public}
    if args.no_index:
        log(f"--no-index：不重建搜索索引（索引 {entries:,} 条，应为 {public:,} 条），不测搜索")
    elif args.rebuild_index or entries != public:
        log(f"重建搜索索引（索引 {entries:,} 条，应为 {public:,} 条）……")
        started = time.perf_counter()
        call_command("rebuild_search_index", batch=2000)
        seconds = time.perf_counter() - started
        figures["index_rebuild"] = {"items": public, "seconds": seconds, "rate": public / seconds}
        log(f"重建索引 {public:,} 条：{seconds / 60:.1f} 分钟，{public / seconds:,.0f} 条/秒")
        figures["index"]["entries"] = SearchEntry.objects.count()
    else:
        log(f"搜索索引完整（{entries:,} 条），跳过重建；--rebuild-index 可计时重建")
    # The steady state of a live database, where autovacuum has run: statistics, and the
    # visibility map that lets counts read the index alone (a column's COUNT(*) at 1M rows:
    # 85-105 ms by index-only scan after VACUUM, 400-700 ms by table scan before).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    log(f"VACUUM (ANALYZE)：{time.perf_counter() - started:.1f} 秒")
    call_command("collectstatic", interactive=False, verbosity=0)


def page_urls(args) -> dict:
    from django.conf import settings

    from disclosure import selectors
    from disclosure.pagination import Cursor

    column = selectors.column_with_ancestors(args.column)
    if column is None:
        sys.exit(f"栏目 {args.column} 不存在")
    per_page = settings.PORTAL_PAGE_SIZE
    documents = selectors.published_documents(column)
    total = documents.count()
    depth = min(args.depth, max(per_page, total - per_page))
    row = documents.only("id", "published_at")[depth - 1]
    number = depth // per_page + 1
    first = column.get_absolute_url()
    newest = documents.only("id").first()
    naive = f"/bench/naive/column/{column.slug}/"
    return {
        "column": column.slug,
        "column_name": column.name,
        "column_total": total,
        "depth": depth,
        "deep_number": number,
        "first": first,
        "deep": f"{first}?after={Cursor(value=row.published_at, pk=row.pk).encode()}&page={number}",
        "naive_first": naive,
        "naive_deep": f"{naive}?page={number}",
        "document": f"/xxgk/doc/{newest.pk}/",
        "search_two": f"/search/?q={urllib.request.quote(SEARCH_WORDS['two'])}",
        "search_four": f"/search/?q={urllib.request.quote(SEARCH_WORDS['four'])}",
        "static": "/static/bench/column.html",
    }


# --- 2. In process -------------------------------------------------------------------------------


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def write_static_copy(static_root: Path, urls: dict) -> int:
    """(B): the rendered first column page as a static file, served by whitenoise."""
    response = _client().get(urls["first"], headers=BYPASS)
    assert response.status_code == 200, response.status_code
    target = static_root / "bench" / "column.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(response.content)
    return len(response.content)


def queries_per_page(urls: dict, *, with_search: bool) -> dict:
    """Queries of each page with cold caches (after a content-version bump) and warm ones."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import localcache
    from portal.versioning import VERSION_KEY

    pages = ["first", "deep", "naive_deep", "document", "search_two", "search_four"]
    client = _client()
    result = {}

    def bump() -> None:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)
        localcache.forget_all()  # as after a publish in this process (portal/localcache.py)

    if not with_search:
        pages = [name for name in pages if not name.startswith("search")]
    for cold in (True, False):
        for name in pages:
            if cold:
                bump()
            else:
                client.get(urls[name], headers=BYPASS)  # warm: the same page once more
            with CaptureQueriesContext(connection) as queries:
                response = client.get(urls[name], headers=BYPASS)
            if response.status_code != 200:
                log(f"警告：{urls[name]} 返回 {response.status_code}")
            result.setdefault(name, {})["cold" if cold else "warm"] = len(queries)
    home = {}
    for cold in (True, False):
        if cold:
            bump()
        with CaptureQueriesContext(connection) as queries:
            client.get("/", headers=BYPASS)
        home["cold" if cold else "warm"] = len(queries)
    result["home"] = home
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def search_sql(rounds: int) -> dict:
    """SQL time of `search.query.search` (exact numbers, capped count, the page) per call."""
    from django.db import connection

    from search import query as search_query

    sql = [0.0]

    def timer(execute, statement, params, many, context):
        start = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql[0] += time.perf_counter() - start

    result = {}
    with connection.execute_wrapper(timer):
        for length, word in SEARCH_WORDS.items():
            parsed = search_query.parse_query(word)
            for sort in (search_query.Sort.NEWEST, search_query.Sort.RELEVANCE):
                times = []
                count = None
                for n in range(rounds + 3):
                    sql[0] = 0.0
                    page = search_query.search(parsed, sort=sort)
                    if n >= 3:  # the first calls warm the buffers
                        times.append(sql[0] * 1000)
                    count = page.count
                result[f"{word} ({sort.label})"] = {
                    "length": length,
                    "sort": str(sort),
                    "count": count,
                    "p50_ms": statistics.median(times),
                    "p95_ms": percentile(times, 0.95),
                }
    return result


# --- 3. Under load ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=2).read()
            return server, base
        except OSError:
            if server.poll() is not None:
                sys.exit("gunicorn 未能启动")
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn 30 秒内未就绪")


def database_pids(url: str):
    import psycopg

    conn = psycopg.connect(url, autocommit=True)
    name = urlsplit(url).path.lstrip("/")

    def pids() -> list[int]:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'",
            [name],
        ).fetchall()
        return [pid for (pid,) in rows]

    return pids, conn


def fetch(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def load_phases(args, base: str, urls: dict, probe, *, with_search: bool) -> list:
    from bench.lib.load import HEADER_ROW, run_load

    status, headers, _ = fetch(base, urls["first"])
    fetch(base, urls["first"])
    status, headers, _ = fetch(base, urls["first"])
    if headers.get("X-Cache") != "HIT":
        log(f"警告：栏目页第二次请求未命中整页缓存（X-Cache: {headers.get('X-Cache')}）")
    etag = headers.get("ETag")
    fetch(base, urls["document"])
    cases = [
        ("(B) static copy (whitenoise)", urls["static"], {}),
        ("(A) column first, uncached", urls["first"], BYPASS),
        (f"(A) column deep p.{urls['deep_number']:,}, uncached", urls["deep"], BYPASS),
        ("(C) naive Paginator first", urls["naive_first"], BYPASS),
        (f"(C) naive Paginator p.{urls['deep_number']:,}", urls["naive_deep"], BYPASS),
        ("(D) column first, page cache", urls["first"], {}),
        ("(D) 304 If-None-Match (cache)", urls["first"], {"If-None-Match": etag or '"none"'}),
        (
            "(D) 304 If-None-Match (no cache)",
            urls["first"],
            {**BYPASS, "If-None-Match": etag or '"none"'},
        ),
        (f"(D) search {SEARCH_WORDS['two']} (2 chars)", urls["search_two"], {}),
        (f"(D) search {SEARCH_WORDS['four']} (4 chars)", urls["search_four"], {}),
        ("(D) document page, uncached", urls["document"], BYPASS),
        ("(D) document page, page cache", urls["document"], {}),
    ]
    if not with_search:
        cases = [case for case in cases if "search" not in case[0]]
    results = []
    print("\n" + HEADER_ROW + "   (CPU: ms per request)")
    for label, path, headers in cases:
        for _ in range(args.workers * 3):  # every worker renders the page before the clock runs
            fetch(base, path, headers)
        result = run_load(
            label,
            base + path,
            seconds=args.duration,
            connections=args.connections,
            threads=args.threads,
            headers=headers,
            probe=probe,
        )
        results.append(result)
        print(result.as_row(), flush=True)
    return results


def publish_visibility(base: str, urls: dict, rounds: int = 3) -> list[float]:
    """Seconds from the start of a publish (in this process) until the cached column page,
    polled every 10 ms, shows the new title. The document is withdrawn afterwards."""
    from disclosure import selectors, services
    from disclosure.demo.seeding import ensure_demo_accounts
    from disclosure.models import Document

    accounts = ensure_demo_accounts()
    column = selectors.column_with_ancestors(urls["column"])
    template = selectors.published_documents(column).first()
    seconds = []
    for n in range(rounds):
        # Every worker trusts the version it read for PORTAL_LOCAL_CACHE_SECONDS: wait that
        # long after the previous round's withdrawal, then until the page is a hit again.
        time.sleep(0.5)
        for _attempt in range(20):
            status, headers, _ = fetch(base, urls["first"])
            if headers.get("X-Cache") == "HIT":
                break
        assert headers.get("X-Cache") == "HIT", headers.get("X-Cache")
        title = f"性能基准发布可见性检查{int(time.time())}-{n}"
        draft = Document.objects.get(pk=template.pk)
        draft.pk = draft.id = None
        draft.status = Document.Status.DRAFT
        draft.index_number = None
        draft.published_at = None
        draft.document_number = ""
        draft.title = title
        services.document_save(document=draft, actor=accounts["editor"])
        started = time.perf_counter()
        services.document_publish(
            document=draft, actor=accounts["reviewer"], confidentiality_checked=True
        )
        published = time.perf_counter()
        while time.perf_counter() - started < 30:
            _, headers, body = fetch(base, urls["first"])
            if title.encode() in body:
                break
            time.sleep(0.01)
        visible = time.perf_counter()
        seconds.append(visible - started)
        log(
            f"发布→可见：{(visible - started) * 1000:.0f} ms（发布本身 "
            f"{(published - started) * 1000:.0f} ms；X-Cache: {headers.get('X-Cache')}）"
        )
        services.document_withdraw(
            document=draft, actor=accounts["reviewer"], reason="性能基准测试"
        )
    return seconds


# --- 5. Report ---------------------------------------------------------------------------------


def targets(results: list, figures: dict) -> list[tuple[str, str, bool | None]]:
    def rps(prefix: str) -> float:
        value = next((r.rps for r in results if r.label.startswith(prefix)), 0.0)
        return value or float("nan")  # a case that served nothing gives "nan", not a crash

    static = rps("(B)")
    first = rps("(A) column first")
    deep = rps("(A) column deep")
    naive_deep = rps("(C) naive Paginator p.")
    cached = rps("(D) column first, page cache")
    search_two = rps("(D) search " + SEARCH_WORDS["two"])
    search_four = rps("(D) search " + SEARCH_WORDS["four"])
    lines = [
        ("uncached column ≥ 12% of static", f"{first / static:.1%}", first / static >= 0.12),
        ("deep ≥ 0.9× first", f"{deep / first:.2f}×", deep / first >= 0.9),
        ("deep ≥ 5× naive deep", f"{deep / naive_deep:.1f}×", deep / naive_deep >= 5),
        ("cached ≥ 80% of static", f"{cached / static:.1%}", cached / static >= 0.8),
    ]
    if any("search" in r.label for r in results):
        lines.append(
            (
                "search page ≥ 60% of uncached column",
                f"{SEARCH_WORDS['two']} {search_two / first:.0%}, {SEARCH_WORDS['four']} "
                f"{search_four / first:.0%}",
                min(search_two, search_four) / first >= 0.6,
            )
        )
    visibility = figures.get("publish_visible_seconds")
    if visibility:
        worst = max(visibility)
        lines.append(("published change visible ≤ 1 s", f"max {worst * 1000:.0f} ms", worst <= 1))
    for key, item in figures.get("search_sql", {}).items():
        limit = 30 if item["sort"] == "relevance" else 15
        lines.append(
            (
                f"search SQL p95 ≤ {limit} ms: {key}",
                f"{item['p95_ms']:.1f} ms",
                item["p95_ms"] <= limit,
            )
        )
    for page, counts in figures.get("queries", {}).items():
        lines.append(
            (
                f"queries per page ≤ 5: {page}",
                f"cold {counts['cold']}, warm {counts['warm']}",
                counts["warm"] <= 5,
            )
        )
    rebuild = figures.get("index_rebuild")
    if rebuild:
        lines.append(
            (
                "index rebuild (1M) ≤ 30 min",
                f"{rebuild['seconds'] / 60:.1f} min for {rebuild['items']:,} "
                f"({rebuild['rate']:,.0f}/s → 1M in {1_000_000 / rebuild['rate'] / 60:.1f} min)",
                1_000_000 / rebuild["rate"] <= 1800,
            )
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS,
        help="a Redis database for the bench alone (it is flushed)",
    )
    parser.add_argument("--duration", type=int, default=20, help="seconds per load case")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--column", default="fdzdgknr", help="column slug (法定主动公开内容)")
    parser.add_argument("--depth", type=int, default=20_000, help="rows before the deep page")
    parser.add_argument("--search-rounds", type=int, default=30)
    parser.add_argument("--rebuild-index", action="store_true", help="time a full rebuild")
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="skip the index rebuild and every search measurement (when time is short)",
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="generate the documents and (re)build the index, then stop (no load cases)",
    )
    parser.add_argument("--static-root", default=str(ROOT / "var" / "bench-static"))
    parser.add_argument("--json", help="also write every figure to this file")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("需要 PostgreSQL：--database-url postgres://…")

    ensure_database(args.database_url)
    static_root = configure_environment(args)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection

    figures: dict = {"command": " ".join(sys.argv), "machine": machine()}
    log(f"机器：{figures['machine']}")
    cache.clear()  # the bench's own Redis database
    prepare(args, figures)
    if args.prepare_only:
        log("--prepare-only：数据已就绪，不做负载测量")
        if args.json:
            Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
        return
    urls = page_urls(args)
    figures["urls"] = urls
    log(
        f"栏目“{urls['column_name']}”{urls['column_total']:,} 条；"
        f"深页：第 {urls['deep_number']:,} 页"
        f"（第 {urls['depth']:,} 条之后）"
    )
    figures["static_bytes"] = write_static_copy(static_root, urls)
    with_search = not args.no_index
    figures["queries"] = queries_per_page(urls, with_search=with_search)
    log(f"每页查询数（冷/热缓存）：{figures['queries']}")
    try:
        figures["search_sql"] = search_sql(args.search_rounds) if with_search else {}
    except Exception as error:  # noqa: BLE001 — report and go on with the other measurements
        log(f"搜索SQL测量失败：{error!r}")
        figures["search_sql"] = {}
    for key, item in figures["search_sql"].items():
        log(
            f"搜索SQL {key}：{item['count']} 条  "
            f"p50 {item['p50_ms']:.1f} ms  p95 {item['p95_ms']:.1f} ms"
        )
    connection.close()

    from bench.lib.load import CpuProbe, child_pids, have_wrk

    server, base = start_server(args.workers)
    db_pids, db_conn = database_pids(args.database_url)
    try:
        probe = CpuProbe(app_pids=lambda: [server.pid, *child_pids(server.pid)], db_pids=db_pids)
        log(
            f"gunicorn {args.workers} 个 sync worker @ {base}；"
            f"负载：{'wrk' if have_wrk() else 'Python 线程客户端'}，"
            f"{args.connections} 连接，每项 {args.duration} 秒"
        )
        results = load_phases(args, base, urls, probe, with_search=with_search)
        figures["load"] = [r.__dict__ for r in results]
        figures["publish_visible_seconds"] = publish_visibility(base, urls)
    finally:
        server.terminate()
        server.wait(timeout=20)
        db_conn.close()

    print("\n目标对照（同一次运行的比值）")
    figures["targets"] = []
    for name, value, ok in targets(results, figures):
        mark = "达标" if ok else "未达标"
        print(f"  {mark:<4} {name:<48} {value}")
        figures["targets"].append({"target": name, "value": value, "met": ok})
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
        log(f"已写入 {args.json}")


if __name__ == "__main__":
    main()
