#!/usr/bin/env python
"""CPU per request in process (每请求CPU耗时): pages served by Django's WSGI handler alone, with
no HTTP server and no load generator, on the harness's database and settings.

    python bench/inprocess.py [--database-url …] [--redis-url …] [--requests 500] [--rounds 3]
        [PATH …]

For each path: the page rendered afresh (the page-cache bypass header of the bench settings) and
served from the page cache, and — when the static copy written by `harness.py` exists — the
same HTML as a static file through whitenoise. Prints the CPU milliseconds per request
(`time.process_time`, this process only: the database's own CPU is not included), the best of
`--rounds` rounds, since the figure moves with whatever else the machine does.
Run `harness.py --prepare-only` first (it creates the data, the index and the static files).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402 - the project root must be importable first
    DEFAULT_DATABASE,
    DEFAULT_REDIS,
    configure_environment,
)

DEFAULT_PATHS = ["/xxgk/column/fdzdgknr/", "/xxgk/catalogue/", "/search/?q=预算", "/"]
STATIC_COPY = "/static/bench/column.html"


def environ(path: str, *, bypass: bool) -> dict:
    path, _, query = path.partition("?")
    query = quote(query, safe="=&")  # as a client sends it: percent-encoded UTF-8
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    if bypass:
        env["HTTP_X_BENCH_NO_CACHE"] = "1"
    return env


def cpu_ms(app, path: str, *, bypass: bool, requests: int, rounds: int) -> tuple[float, str]:
    """(best CPU ms per request over the rounds, status and X-Cache of the last response)."""
    status = ""

    def start_response(line, headers, exc_info=None):
        nonlocal status
        x_cache = dict(headers).get("X-Cache", "-")
        status = f"{line.split()[0]} X-Cache: {x_cache}"

    def serve() -> None:
        body = app(environ(path, bypass=bypass), start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()

    for _ in range(20):  # warm-up: caches, connections, templates
        serve()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(requests):
            serve()
        best = min(best, (time.process_time() - started) / requests * 1000)
    return best, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--static-root", default=str(ROOT / "var" / "bench-static"))
    args = parser.parse_args()
    configure_environment(args)
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    app = WSGIHandler()
    print(f"{'path':<32} {'case':<12} {'CPU ms/request':>15}  status (X-Cache - : not cacheable)")
    cases = [(path, "uncached", True) for path in args.paths]
    cases += [(path, "page cache", False) for path in args.paths]
    if (Path(args.static_root) / "bench" / "column.html").exists():
        cases.append((STATIC_COPY, "static", False))
    for path, label, bypass in cases:
        ms, status = cpu_ms(app, path, bypass=bypass, requests=args.requests, rounds=args.rounds)
        print(f"{path:<32} {label:<12} {ms:>15.3f}  {status}")


if __name__ == "__main__":
    main()
