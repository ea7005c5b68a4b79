#!/usr/bin/env python
"""Benchmark of the site search (站内搜索) on PostgreSQL: index rebuild and query SQL time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_searchbench \\
        python bench/search.py --documents 100000

Steps: create the database if missing (TEMPLATE template0, LC_CTYPE 'C.UTF-8', which pg_trgm
needs for Chinese), migrate, seed the demo and generate documents until `--documents` are
published; rebuild the search index from scratch (`rebuild_search_index`, timed: documents/s);
then run each query `--rounds` times per sort order (relevance, newest) and result page
(`--pages`, default the first) through
`search.query.search` — the exact-number lookup, the capped count and the page, as the search
page runs them — and print p50/p95 of their SQL time and of the whole call.

Queries (`--queries`): two-character words (预算: a few hundred matches per 100k; 文化: nearly
every document) and four-character words (文化产业, 安全检查).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "portal.settings.test"  # DEBUG off, no secrets needed; same code paths as production
DEFAULT_QUERIES = ["预算", "文化", "文化产业", "安全检查"]


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


def prepare(documents: int) -> int:
    from django.core.management import call_command

    from disclosure.models import Document

    call_command("migrate", verbosity=0)
    call_command("seed_demo")
    have = Document.objects.published().count()
    if have < documents:
        call_command("generate_documents", count=documents - have, batch=5000)
    return Document.objects.published().count()


def rebuild() -> None:
    from django.db import connection

    from search.indexing import rebuild_index
    from search.models import SearchEntry

    with connection.cursor() as cursor:  # from scratch: an empty table, as on a new site
        cursor.execute(f"TRUNCATE {SearchEntry._meta.db_table}")
    started = time.perf_counter()

    def progress(done: int, total: int, seconds: float) -> None:
        if done % 20000 < 2000 or done == total:
            rate = done / seconds if seconds else 0
            eta = (total - done) / rate if rate else 0
            print(f"  {done:>9,} / {total:,}  {rate:,.0f} 条/秒  预计剩余 {eta:.0f} 秒")

    done = rebuild_index(batch_size=2000, progress=progress)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size(%s)), "
            "pg_size_pretty(pg_relation_size('search_entry_vector_gin'))",
            [SearchEntry._meta.db_table],
        )
        table_size, gin_size = cursor.fetchone()
    print(
        f"重建索引：{done:,} 条，{seconds:.1f} 秒，{done / seconds:,.0f} 条/秒"
        f"（按此速率 1,000,000 条约 {1_000_000 / (done / seconds) / 60:.1f} 分钟）；"
        f"表及索引 {table_size}，tsvector GIN 索引 {gin_size}"
    )


def measure(queries: list[str], rounds: int, pages: list[int] = (1,)) -> None:
    from django.db import connection

    from search.query import Sort, parse_query, search

    sql_time = [0.0]
    statements = [0]

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - start
            statements[0] += 1

    print(f"\n查询（每项 {rounds} 次；SQL = 完全匹配 + 计数（上限1000） + 当页结果）")
    print(
        f"  {'query':<10}{'sort':<11}{'page':>5}{'results':>8}  {'SQL p50':>9} {'SQL p95':>9}"
        f" {'call p50':>9} {'call p95':>9}"
    )
    for text in queries:
        query = parse_query(text)
        for sort, number in ((sort, n) for sort in (Sort.NEWEST, Sort.RELEVANCE) for n in pages):
            search(query, sort=sort, page=number)  # warm the cache of the pages involved
            sql, calls = [], []
            with connection.execute_wrapper(timer):
                for _ in range(rounds):
                    sql_time[0] = 0.0
                    statements[0] = 0
                    start = time.perf_counter()
                    page = search(query, sort=sort, page=number)
                    calls.append(time.perf_counter() - start)
                    sql.append(sql_time[0])
            shown = f"{page.count}+" if page.more else str(page.count)
            print(
                f"  {text:<10}{sort.value:<11}{page.number:>5}{shown:>8}  "
                f"{percentile(sql, 0.5) * 1000:7.2f}ms {percentile(sql, 0.95) * 1000:7.2f}ms "
                f"{statistics.median(calls) * 1000:7.2f}ms {percentile(calls, 0.95) * 1000:7.2f}ms"
                f"  ({statements[0]} SQL)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--queries", nargs="+", default=DEFAULT_QUERIES)
    parser.add_argument("--pages", nargs="+", type=int, default=[1], help="result pages to time")
    parser.add_argument(
        "--no-rebuild", action="store_true", help="keep the existing index (measure queries only)"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请设置 DATABASE_URL=postgres://…（本基准只针对 PostgreSQL）")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()
    total = prepare(args.documents)
    print(f"已发布信息 {total:,} 条")
    if not args.no_rebuild:
        rebuild()
    measure(args.queries, args.rounds, args.pages)


if __name__ == "__main__":
    main()
