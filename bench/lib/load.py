"""Load generation on loopback and CPU accounting for the harness.

`run_load` drives one URL for a fixed duration with `wrk` (Debian package `wrk`) when it is
installed, else with a threaded Python client (slower: it competes with the server for the
CPUs, so its req/s are a lower bound), and returns requests/s, p50/p99 latency and the CPU the
server's processes (gunicorn workers, PostgreSQL backends) spent meanwhile.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            raw = handle.read().decode()
    except OSError:
        return 0.0
    fields = raw[raw.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def child_pids(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


@dataclass
class CpuProbe:
    """CPU seconds of the app server (master + workers) and of the database backends."""

    app_pids: callable
    db_pids: callable
    start: dict[str, dict[int, float]] = field(default_factory=dict)

    def _sample(self) -> dict[str, dict[int, float]]:
        return {
            "app": {pid: process_cpu_seconds(pid) for pid in self.app_pids()},
            "db": {pid: process_cpu_seconds(pid) for pid in self.db_pids()},
        }

    def begin(self) -> None:
        self.start = self._sample()

    def end(self) -> dict[str, float]:
        finish = self._sample()
        used = {}
        for part, pids in finish.items():
            before = self.start.get(part, {})
            used[part] = sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in pids.items())
        return used


@dataclass
class LoadResult:
    label: str
    url: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    app_cpu_ms: float = 0.0  # per request
    db_cpu_ms: float = 0.0  # per request
    tool: str = "wrk"

    def as_row(self) -> str:
        return (
            f"{self.label:<34} {self.rps:9.1f} {self.p50_ms:9.2f} {self.p99_ms:9.2f} "
            f"{self.app_cpu_ms:8.2f} {self.db_cpu_ms:8.2f} {self.requests:8d} {self.errors:6d}"
        )


HEADER_ROW = (
    f"{'measurement':<34} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} "
    f"{'app CPU':>8} {'db CPU':>8} {'requests':>8} {'errors':>6}"
)

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        return float("nan")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    """Requests, seconds, req/s, p50/p99 and errors from `wrk --latency` output."""
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.M))
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    seconds = _ms(done.group(2) + done.group(3)) / 1000 if done else float("nan")
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        # gunicorn's sync workers close every connection: "read" errors are those closes.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return {
        "requests": int(done.group(1)) if done else 0,
        "seconds": seconds,
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": _ms(latency.get("50", "nan")),
        "p99_ms": _ms(latency.get("99", "nan")),
        "errors": errors,
    }


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def _wrk(url: str, *, seconds: int, connections: int, threads: int, headers: dict) -> dict:
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    return parse_wrk(completed.stdout)


def _python_client(url: str, *, seconds: int, connections: int, headers: dict) -> dict:
    """A bounded threaded client: each thread sends requests until the deadline."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status >= 400:
                    failed += 1
            except OSError:
                failed += 1
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]
    return {
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        "errors": errors[0],
    }


def run_load(
    label: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    headers: dict | None = None,
    probe: CpuProbe | None = None,
    warmup_seconds: int = 2,
) -> LoadResult:
    """Warm up, then load `url` for `seconds`; CPU per request from `probe`."""
    headers = headers or {}
    use_wrk = have_wrk()

    def once(duration: int) -> dict:
        if use_wrk:
            return _wrk(
                url, seconds=duration, connections=connections, threads=threads, headers=headers
            )
        return _python_client(url, seconds=duration, connections=connections, headers=headers)

    if warmup_seconds:
        once(warmup_seconds)
    if probe:
        probe.begin()
    figures = once(seconds)
    cpu = probe.end() if probe else {"app": 0.0, "db": 0.0}
    count = max(1, figures["requests"])
    return LoadResult(
        label=label,
        url=url,
        app_cpu_ms=cpu["app"] * 1000 / count,
        db_cpu_ms=cpu["db"] * 1000 / count,
        tool="wrk" if use_wrk else "python",
        **figures,
    )
