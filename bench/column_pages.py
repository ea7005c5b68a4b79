#!/usr/bin/env python
"""Benchmark of column pages (栏目页) at depth: first page versus a deep page, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        python bench/column_pages.py --documents 100000

Steps: create the database if missing (TEMPLATE template0, LC_CTYPE 'C.UTF-8'), migrate, seed
the demo and generate documents until the column holds `--documents` published rows, then
measure the column's first page and the page that starts after row `--depth` (default 40,000,
page 2,001 at 20 per page):

1. in process, through Django's test client: latency p50/p95 and SQL time per request;
2. over HTTP, with gunicorn on loopback (`--workers`) and a bounded load loop of `--requests`
   requests from `--concurrency` threads: p50/p95 and req/s (skip with `--no-http`);
3. for contrast, the SQL of Django's stock `Paginator` at the same depth (COUNT(*) + OFFSET)
   and the keyset query the page uses.

The deep page's URL is built from the cursor of the row at that depth with
`disclosure.pagination.Cursor` (the same opaque `?after=` token the "下一页" link carries).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "portal.settings.test"  # DEBUG off, no secrets needed; same code paths as production


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
        print(f"已创建数据库 {name}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(label: str, latencies: list[float], extra: str = "") -> dict:
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"  {label:<10} p50 {p50 * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms   {extra}")
    return {"p50": p50, "p95": p95}


def prepare(args):
    from django.core.management import call_command
    from django.utils import timezone

    from disclosure import selectors

    call_command("migrate", verbosity=0)
    call_command("seed_demo")
    column = selectors.column_with_ancestors(args.column)
    if column is None:
        sys.exit(f"栏目 {args.column} 不存在")
    have = selectors.published_documents(column).count()
    if have < args.documents:
        call_command(
            "generate_documents",
            count=args.documents - have,
            batch=5000,
            column=None if column.children else args.column,
        )
        column = selectors.column_with_ancestors(args.column)
    total = selectors.published_documents(column).count()
    print(
        f"栏目“{column.name}”（{args.column}）已发布信息 {total:,} 条；"
        f"时间 {timezone.localtime():%Y-%m-%d %H:%M}"
    )
    return column, total


def page_urls(column, depth: int, per_page: int) -> tuple[str, str, object]:
    from disclosure import selectors
    from disclosure.pagination import Cursor

    queryset = selectors.published_documents(column)
    row = queryset.only("id", "published_at")[depth - 1]
    token = Cursor(value=row.published_at, pk=row.pk).encode()
    first = column.get_absolute_url()
    return first, f"{first}?after={token}&page={depth // per_page + 1}", row


def measure_in_process(urls: dict[str, str], rounds: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    sql_time = [0.0]

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - start

    print(f"\n进程内（Django test client，{rounds} 次/页）")
    results = {}
    with connection.execute_wrapper(timer):
        for label, url in urls.items():
            for _ in range(5):  # warm-up: caches, connection
                assert client.get(url).status_code == 200
            latencies, sqls = [], []
            for _ in range(rounds):
                sql_time[0] = 0.0
                start = time.perf_counter()
                response = client.get(url)
                latencies.append(time.perf_counter() - start)
                sqls.append(sql_time[0])
                assert response.status_code == 200, (url, response.status_code)
            results[label] = summary(
                label,
                latencies,
                f"SQL p50 {statistics.median(sqls) * 1000:5.2f} ms   "
                f"{len(latencies) / sum(latencies):6.0f} req/s（单线程）",
            )
    print(f"  深页/首页 p50 比值：{results['deep']['p50'] / results['first']['p50']:.2f}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_http(urls: dict[str, str], *, workers: int, concurrency: int, requests: int) -> None:
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + urls["first"], timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        print(
            f"\nHTTP（gunicorn {workers} 个 sync worker，{concurrency} 个并发线程，每页 {requests} 次请求）"
        )
        results = {}
        for label, url in urls.items():
            for _ in range(workers * 10):
                urllib.request.urlopen(base + url, timeout=10).read()
            latencies: list[float] = []
            lock = threading.Lock()
            remaining = [requests]

            def worker(url=url, latencies=latencies, lock=lock, remaining=remaining):
                while True:
                    with lock:
                        if remaining[0] == 0:
                            return
                        remaining[0] -= 1
                    start = time.perf_counter()
                    with urllib.request.urlopen(base + url, timeout=10) as response:
                        response.read()
                        assert response.status == 200
                    elapsed = time.perf_counter() - start
                    with lock:
                        latencies.append(elapsed)

            threads = [threading.Thread(target=worker) for _ in range(concurrency)]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - start
            results[label] = summary(label, latencies, f"{len(latencies) / wall:7.0f} req/s")
        print(f"  深页/首页 p50 比值：{results['deep']['p50'] / results['first']['p50']:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def measure_sql(column, depth: int, per_page: int, rounds: int) -> None:
    from django.core.paginator import Paginator
    from django.db import connection, reset_queries

    from disclosure import selectors
    from disclosure.pagination import keyset_page

    def timed(fn) -> float:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    queryset = selectors.published_documents(column)
    number = depth // per_page + 1
    _, deep_url, row = page_urls(column, depth, per_page)
    token = deep_url.split("after=")[1].split("&")[0]
    print(f"\n仅SQL（中位数，{rounds} 次）")
    count = timed(lambda: Paginator(queryset, per_page).count)
    offset = timed(lambda: list(queryset[(number - 1) * per_page : number * per_page]))
    keyset_first = timed(lambda: keyset_page(queryset, per_page=per_page))
    keyset_deep = timed(lambda: keyset_page(queryset, per_page=per_page, after=token))
    print(f"  Paginator COUNT(*)                     {count * 1000:8.2f} ms")
    print(
        f"  Paginator 第 {number:,} 页 OFFSET {(number - 1) * per_page:,}   {offset * 1000:8.2f} ms"
    )
    print(f"  Paginator 第 {number:,} 页合计                {(count + offset) * 1000:8.2f} ms")
    print(f"  游标分页 首页                          {keyset_first * 1000:8.2f} ms")
    print(f"  游标分页 第 {number:,} 页                      {keyset_deep * 1000:8.2f} ms")
    with connection.cursor() as cursor:
        sql, params = queryset[(number - 1) * per_page : number * per_page].query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [line for (line,) in cursor.fetchall()]
    print("  OFFSET 查询计划：" + plan[-1].strip())
    reset_queries()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--documents", type=int, default=100_000, help="栏目中至少这么多条已发布信息"
    )
    parser.add_argument("--column", default="fdzdgknr", help="栏目标识（默认 法定主动公开内容）")
    parser.add_argument(
        "--depth", type=int, default=40_000, help="深页从第几条之后开始（默认 40000）"
    )
    parser.add_argument("--rounds", type=int, default=200, help="进程内每页请求次数")
    parser.add_argument("--requests", type=int, default=1000, help="HTTP 每页请求次数")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--no-http", action="store_true", help="不启动 gunicorn")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "请设置 DATABASE_URL 为 PostgreSQL，例如 postgres://postgres@127.0.0.1:5432/portal_bench"
        )
    ensure_database(url)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.conf import settings

    column, total = prepare(args)
    per_page = settings.PORTAL_PAGE_SIZE
    depth = min(args.depth, total - per_page)
    first, deep, row = page_urls(column, depth, per_page)
    urls = {"first": first, "deep": deep}
    print(f"首页：{first}\n深页（第 {depth // per_page + 1:,} 页，第 {depth:,} 条之后）：{deep}")
    measure_in_process(urls, args.rounds)
    measure_sql(column, depth, per_page, rounds=20)
    if not args.no_http:
        measure_http(
            urls, workers=args.workers, concurrency=args.concurrency, requests=args.requests
        )


if __name__ == "__main__":
    main()
