#!/usr/bin/env python
"""Benchmark of 依申请公开 submissions under concurrency, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        python bench/submissions.py --submissions 200 --workers 16

Steps: create the database if missing (TEMPLATE template0, LC_CTYPE 'C.UTF-8'), migrate, make
sure a site profile (the receiving agency) exists, then:

1. ``service``: `--submissions` calls of `services.application_submit` from `--workers` threads,
   each thread on its own connection — the write path alone;
2. ``form``: the same number of POSTs of the online form through Django's test client (form
   validation, rate limits, honeypot, session, redirect) — the whole request minus HTTP;
3. ``same key``: `--workers` × 2 simultaneous submissions carrying one submission key (a
   double click multiplied) — exactly one application may result.

Each run reports submissions per second, latency p50/p95, and checks that every submission was
stored with a distinct tracking number. The query code is hashed with the production hasher
(PBKDF2, Django's default) unless `--fast-hashing` (the test suite's MD5) is given: the hash is
most of a submission's CPU. Rows created by the benchmark are deleted afterwards (`--keep` to
keep them).
"""

import argparse
import os
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETTINGS = "portal.settings.test"  # DEBUG off, local-memory cache, in-memory email


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


def resident_id(n: int) -> str:
    """A valid 居民身份证号码 (checksum included), distinct for each n < 365,000."""
    import datetime as dt

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n // 10)
    seventeen = f"110105{birth:%Y%m%d}{n % 10:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(seventeen, weights, strict=True))
    return seventeen + "10X98765432"[total % 11]


def application_data(n: int) -> dict:
    from requests_app.models import ApplicantType, Application, IdType

    return {
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "name": f"压测申请人{n}",
        "id_type": IdType.RESIDENT_ID,
        "id_number": resident_id(n),
        "phone": f"137{n % 100_000_000:08d}",
        "email": f"bench{n}@example.com",
        "subject": f"压测第{n}项信息",
        "description": "并发提交基准测试。",
        "information_form": Application.InformationForm.ELECTRONIC,
        "delivery": Application.Delivery.EMAIL,
        "privacy_consent": True,
    }


def form_data(n: int) -> dict:
    data = {key: str(value) for key, value in application_data(n).items()}
    data.update(privacy_consent="on", submission_key=str(uuid.uuid4()), homepage="")
    return data


def timed_pool(function, count: int, workers: int) -> tuple[float, list[float], list]:
    """Run ``function(n)`` for n < count on ``workers`` threads: (wall seconds, latencies,
    results). Each thread closes its database connection when done."""
    from django.db import connection

    latencies: list[float] = []
    lock = threading.Lock()

    def run(n: int):
        started = time.perf_counter()
        try:
            return function(n)
        finally:
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)

    def close(_):
        connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, range(count)))
        list(pool.map(close, range(workers * 4)))  # best effort: every worker closes its own
    return time.perf_counter() - started, latencies, results


def report(label: str, wall: float, latencies: list[float], stored: int, distinct: int, n: int):
    print(
        f"  {label:<9} {n / wall:7.1f} submissions/s   wall {wall:6.2f} s   "
        f"p50 {percentile(latencies, 0.5) * 1000:7.1f} ms   "
        f"p95 {percentile(latencies, 0.95) * 1000:7.1f} ms   "
        f"stored {stored}/{n}, distinct numbers {distinct}"
    )


def bench_service(args) -> None:
    from requests_app import services
    from requests_app.models import Application

    before = set(Application.objects.values_list("pk", flat=True))

    def submit(n: int) -> str:
        application, _ = services.application_submit(
            data=application_data(n), submission_key=uuid.uuid4()
        )
        return application.tracking_number

    wall, latencies, numbers = timed_pool(submit, args.submissions, args.workers)
    created = Application.objects.exclude(pk__in=before)
    stored = set(created.values_list("tracking_number", flat=True))
    report("service", wall, latencies, len(stored), len(set(numbers)), args.submissions)
    assert stored == set(numbers), "a submission was lost or renumbered"


def bench_form(args) -> None:
    from django.test import Client

    from requests_app.models import Application

    last_pk = Application.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    local = threading.local()

    def post(n: int) -> int:
        if not hasattr(local, "client"):
            local.client = Client(REMOTE_ADDR=f"10.{n % 250}.0.1")
        response = local.client.post("/ysqgk/apply/", form_data(n))
        assert response.status_code == 302, response.status_code
        return response.status_code

    wall, latencies, _ = timed_pool(post, args.submissions, args.workers)
    numbers = list(
        Application.objects.filter(pk__gt=last_pk).values_list("tracking_number", flat=True)
    )
    report("form", wall, latencies, len(numbers), len(set(numbers)), args.submissions)


def bench_same_key(args) -> None:
    from requests_app import services
    from requests_app.models import Application

    key = uuid.uuid4()
    count = args.workers * 2

    def submit(n: int) -> int:
        try:
            return services.application_submit(data=application_data(n), submission_key=key)[0].pk
        except services.DuplicateSubmission as duplicate:
            return duplicate.application.pk

    wall, latencies, ids = timed_pool(submit, count, args.workers)
    stored = Application.objects.filter(submission_key=key).count()
    print(
        f"  same key  {count} simultaneous posts of one form → {stored} application(s), "
        f"{len(set(ids))} distinct receipt(s); wall {wall:.2f} s, "
        f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms"
    )
    assert stored == 1 and len(set(ids)) == 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--fast-hashing", action="store_true", help="MD5 query-code hashes")
    parser.add_argument("--keep", action="store_true", help="keep the rows created")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("请设置 DATABASE_URL=postgres://…（本基准测试针对 PostgreSQL）")
    ensure_database(url)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django
    from django.conf import settings

    django.setup()
    if not args.fast_hashing:
        from django.contrib.auth.hashers import get_hashers

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
        get_hashers.cache_clear()
    # The benchmark measures throughput, not the anti-abuse limits.
    settings.REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR = 10**9
    settings.REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY = 10**9

    from django.core.management import call_command
    from django.db import connection

    from portal.models import Organisation, SiteProfile
    from requests_app.models import Application

    call_command("migrate", verbosity=0)
    if SiteProfile.current() is None:
        host, _ = Organisation.objects.get_or_create(
            name="压测受理机关", defaults={"code": "11210000000000001X"}
        )
        SiteProfile.objects.create(site_name="压测门户", host=host)
    first_pk = Application.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    hasher = "MD5 (tests)" if args.fast_hashing else "PBKDF2 (production default)"
    print(
        f"PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPUs, "
        f"{args.submissions} submissions × {args.rounds} rounds, {args.workers} threads, "
        f"query-code hash: {hasher}"
    )
    try:
        for _ in range(args.rounds):
            bench_service(args)
        for _ in range(args.rounds):
            bench_form(args)
        bench_same_key(args)
    finally:
        if not args.keep:
            deleted = Application.objects.filter(pk__gt=first_pk).delete()[0]
            print(f"已删除基准测试创建的 {deleted} 行")


if __name__ == "__main__":
    main()
