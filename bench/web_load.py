"""How the scorecard page holds up under load, against a trivial view of the same application.

Builds a 300-indicator council (the demo council's 58 plus generated ones, each with seven
years of published quarterly outturns, targets and a tolerance) in a scratch SQLite file
(or in the database ``DATABASE_URL`` names: its register is replaced), starts Outturn with
gunicorn on a free loopback port, and drives 32 concurrent keep-alive clients (threads
with ``http.client``) at ``/`` and, in the same run, at ``/healthz/``, a view that returns
"ok". The two are measured in alternating rounds, so background load falls on both. It
prints requests per second and the 95th percentile latency of each, and their ratios.

    .venv/bin/python bench/web_load.py [--indicators 300] [--clients 32] [--seconds 10]
                                       [--rounds 2] [--workers 4] [--threads 8]

Goals: the scorecard at 50% or more of the trivial view's throughput, with a p95 no more
than twice the trivial view's. Anonymous requests are what is measured: the public
scorecard, asked for as a browser asks (``Accept-Encoding: gzip``); the clients read each
body but do not inflate it. ``--data DIR`` keeps the council for the next run. Timings
vary between machines; compare the ratios.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a browser sends that changes the answer: it takes gzip. Bodies are read, not inflated.
BROWSER_HEADERS = {"Accept-Encoding": "gzip"}
GUNICORN = Path(sys.executable).with_name("gunicorn")
SHIM = '''\
"""Written by bench/web_load.py: Outturn's URLs plus /healthz/, until urls.py has it."""
from django.urls import path
from outturn.urls import urlpatterns as outturn_urls
from outturn.web.views import healthz
urlpatterns = [path("healthz/", healthz), *outturn_urls]
'''
SHIM_SETTINGS = """\
from outturn.settings import *  # noqa: F403
ROOT_URLCONF = "bench_web_load_urls"
"""


def build_council(indicator_count: int, seed: int = 7) -> tuple[int, int]:
    """The demo council topped up to ``indicator_count`` indicators; (indicators, outturns)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from outturn.demo.builder import build_demo_council
    from outturn.engine.periods import parse_period, periods_between
    from outturn.scorecard.models import (
        Committee,
        Indicator,
        Outturn,
        OutturnState,
        ServiceUnit,
        Target,
        Tolerance,
    )

    call_command("migrate", interactive=False, verbosity=0)
    build_demo_council()
    rng = random.Random(seed)
    units = list(ServiceUnit.objects.select_related("directorate"))
    from outturn.scorecard.models import CorporatePriority, Portfolio

    priorities = list(CorporatePriority.objects.all())
    portfolios = list(Portfolio.objects.all())
    committees = list(Committee.objects.all())
    extra = max(0, indicator_count - Indicator.objects.count())
    new = []
    for n in range(1, extra + 1):
        unit = rng.choice(units)
        new.append(
            Indicator(
                code=f"GEN{n:03d}",
                title=f"Improve generated measure {n} for the load test",
                polarity=rng.choice(["up", "down"]),
                unit=rng.choice(["percentage", "number"]),
                frequency="quarterly",
                directorate=unit.directorate,
                service_unit=unit,
                priority=rng.choice(priorities),
                portfolio=rng.choice(portfolios),
                is_public=rng.random() < 0.85,
                active_from=parse_period("2019/20"),
                order=10_000 + n,
            )
        )
    created = bulk_create_with_history(new, Indicator, batch_size=500)
    created = list(Indicator.objects.filter(code__startswith="GEN"))
    through = Indicator.committees.through
    through.objects.bulk_create(
        [through(indicator_id=i.pk, committee_id=rng.choice(committees).pk) for i in created]
    )
    quarters = periods_between(parse_period("2019/20 Q1"), parse_period("2025/26 Q4"))
    years = sorted({q.financial_year() for q in quarters})
    now = timezone.now()
    outturns, targets, tolerances = [], [], []
    for indicator in created:
        level = rng.uniform(20, 80)
        for year in years:
            targets.append(
                Target(
                    indicator=indicator,
                    period=year,
                    value=Decimal(str(round(level * rng.uniform(0.9, 1.1), 1))),
                )
            )
        tolerances.append(
            Tolerance(
                indicator=indicator,
                applies_from=years[0],
                kind="relative",
                value=Decimal("0.05"),
            )
        )
        value = level
        for quarter in quarters:
            value = max(0.0, value + rng.gauss(0, level * 0.05))
            outturns.append(
                Outturn(
                    indicator=indicator,
                    period=quarter,
                    value=Decimal(str(round(value, 1))),
                    state=OutturnState.PUBLISHED,
                    published_at=now,
                )
            )
    bulk_create_with_history(targets, Target, batch_size=1000)
    bulk_create_with_history(tolerances, Tolerance, batch_size=1000)
    bulk_create_with_history(outturns, Outturn, batch_size=1000)
    from django.db import connections

    total = Indicator.objects.count()
    published = Outturn.objects.filter(state=OutturnState.PUBLISHED).count()
    connections.close_all()
    return total, published


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def healthz_routed() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("web:healthz")
    except NoReverseMatch:
        return False
    return True


def wait_until_up(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped with status {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


def drive(port: int, path: str, clients: int, seconds: float) -> tuple[int, list[float], int]:
    """``clients`` threads, each on one keep-alive connection, for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = latencies[index]
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=BROWSER_HEADERS)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures[index] += 1
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException):
                failures[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - began)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    start.wait()
    for thread in threads:
        thread.join()
    merged = [t for mine in latencies for t in mine]
    return len(merged), merged, sum(failures)


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[94] if len(latencies) > 1 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0, help="per path, per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8, help="gthread threads per worker")
    parser.add_argument(
        "--data",
        type=Path,
        help="keep the council in this directory and reuse it next time (default: a "
        "scratch directory, deleted at the end)",
    )
    args = parser.parse_args()

    scratch = args.data.resolve() if args.data else Path(tempfile.mkdtemp(prefix="outturn-web-"))
    scratch.mkdir(parents=True, exist_ok=True)
    reuse = bool(args.data) and (scratch / "outturn.sqlite3").exists()
    env = {
        **os.environ,
        "OUTTURN_DATA_DIR": str(scratch),
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "outturn.settings",
        "OUTTURN_POLARS_THREADS": "1",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({k: env[k] for k in ("OUTTURN_DATA_DIR", "DEBUG", "DJANGO_SETTINGS_MODULE")})
    where = (
        "PostgreSQL (DATABASE_URL)" if os.environ.get("DATABASE_URL") else f"SQLite in {scratch}"
    )
    if reuse and not os.environ.get("DATABASE_URL"):
        print(f"Reusing the council in {where}")
        import django

        django.setup()
    else:
        print(f"Building a {args.indicators}-indicator council in {where} ...", flush=True)
        began = time.perf_counter()
        total, published = build_council(args.indicators)
        seconds = time.perf_counter() - began
        print(f"  {total} indicators, {published} published outturns in {seconds:.0f}s")

    if not healthz_routed():
        (scratch / "bench_web_load_urls.py").write_text(SHIM)
        (scratch / "bench_web_load_settings.py").write_text(SHIM_SETTINGS)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(scratch), env.get("PYTHONPATH")]))
        env["DJANGO_SETTINGS_MODULE"] = "bench_web_load_settings"
        print("  /healthz/ is not in outturn.web.urls yet: routed by a shim for this run")

    port = free_port()
    command = [
        str(GUNICORN),
        "outturn.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    print(f"Starting gunicorn: {args.workers} workers x {args.threads} threads on port {port}")
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        wait_until_up(port, server)
        # Warm every worker: the first scorecard request in each rates the whole council.
        drive(port, "/", args.clients, 5)
        drive(port, "/healthz/", args.clients, 2)
        results: dict[str, list[tuple[int, list[float], int]]] = {"/healthz/": [], "/": []}
        for round_ in range(1, args.rounds + 1):
            for path in ("/healthz/", "/"):
                count, latencies, failed = drive(port, path, args.clients, args.seconds)
                results[path].append((count, latencies, failed))
                print(
                    f"  round {round_} {path:<10} {count / args.seconds:8.0f} req/s  "
                    f"p95 {p95(latencies) * 1000:7.1f} ms  failures {failed}",
                    flush=True,
                )
        size = len(_fetch(port, "/"))
        sent = len(_fetch(port, "/", BROWSER_HEADERS))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if not args.data:
            shutil.rmtree(scratch, ignore_errors=True)

    summary = {}
    for path, runs in results.items():
        count = sum(r[0] for r in runs)
        latencies = [t for r in runs for t in r[1]]
        summary[path] = (
            count / (args.seconds * args.rounds),
            p95(latencies),
            sum(r[2] for r in runs),
        )
    trivial, page = summary["/healthz/"], summary["/"]
    print()
    print(f"{'':12}{'req/s':>10}{'p95 ms':>10}{'failures':>10}")
    print(f"{'/healthz/':12}{trivial[0]:10.0f}{trivial[1] * 1000:10.1f}{trivial[2]:10d}")
    print(f"{'/':12}{page[0]:10.0f}{page[1] * 1000:10.1f}{page[2]:10d}")
    print(f"(the scorecard page is {size // 1024} KB; {sent // 1024} KB sent gzipped)")
    throughput = page[0] / trivial[0]
    latency = page[1] / trivial[1]
    print()
    print(
        f"scorecard throughput / trivial: {throughput:.0%}  (goal at least 50%: "
        f"{'met' if throughput >= 0.5 else 'not met'})"
    )
    print(
        f"scorecard p95 / trivial p95:    {latency:.2f}x (goal at most 2x: "
        f"{'met' if latency <= 2 else 'not met'})"
    )


def _fetch(port: int, path: str, headers: dict[str, str] | None = None) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers=headers or {})
    body = conn.getresponse().read()
    conn.close()
    return body


if __name__ == "__main__":
    main()
