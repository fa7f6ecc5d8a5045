"""`python -m benchmarks` (make bench): every benchmark on a generated province in a database of its own.

1. creates `unionreport_bench` on the local PostgreSQL (dropping the one a previous run made),
2. migrates, generates a demo-size province and lets each module measure it (`demo(ctx)`, optional),
3. replaces it by the full-size province (5.000 CĐCS, 500.000 members, 1.000.000 welfare rows a year),
4. runs `run(ctx)` of every `benchmarks/bench_*.py`, prints `name  value  unit  baseline  ratio`,
   writes the same with the machine's description to `benchmarks/results/latest.json`.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import secrets
import sys
import time
import traceback
from pathlib import Path

import psycopg

from benchmarks.common import Context, Figure, peak_rss_mb

HERE = Path(__file__).resolve().parent
MARKER = "created by python -m benchmarks"
FULL = {"cdcs": 5000, "members": 500_000, "welfare": 1_000_000}
SMALL = {"cdcs": 500, "members": 50_000, "welfare": 100_000}
DEMO = {"cdcs": 40, "members": 2_000, "welfare": 4_000}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", action="store_true", help="a tenth of the full size (a quick run)")
    parser.add_argument("--server", default=os.environ.get("BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432"))
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "unionreport_bench"))
    parser.add_argument("--year", type=int, default=2025, help="the last generated year, the one measured")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", action="append", default=[], help="run only bench_<ONLY>.py (repeatable)")
    parser.add_argument("--output", default=str(HERE / "results" / "latest.json"))
    return parser.parse_args(argv)


def recreate_database(server: str, name: str) -> None:
    """Drop the bench database if a previous run created it (never another one), then create it."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           [name]).fetchone()
        if row is not None:
            if row[0] != MARKER:
                raise SystemExit(f"Database {name} exists and was not created by the benchmarks: not dropping it.")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARKER}'")


def machine(server_version: str) -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor())
    return {"cores": os.cpu_count(), "cpu": model, "memory_gb": round(total_kb / 1024 / 1024, 1),
            "postgresql": server_version, "python": platform.python_version(), "platform": platform.platform(),
            "load_average": os.getloadavg()}


def bench_modules(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    return [n for n in names if not only or n.removeprefix("bench_") in only or n in only]


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionreport.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log, production template behaviour (static files stay plain)


def generate(sizes: dict, args, stream) -> dict:
    from django.db import connection

    from unionreport.demo.province import generate_province

    result = generate_province(**sizes, years=2, year=args.year, seed=args.seed, wipe=True, stream=stream)
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")  # visibility map and statistics, as a settled database has
    return {"rows": result.total_rows, "per_table": result.rows, "seconds": round(result.seconds, 2),
            "rows_per_second": round(result.rows_per_second), "vacuum_seconds": round(time.perf_counter() - started, 2),
            "peak_rss_mb": round(peak_rss_mb(), 1), "sizes": sizes, "years": result.years,
            "province_code": result.province_code, **result.extra}


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{int(value):,}"


def print_figure(figure: Figure) -> None:
    ratio = "–" if figure.ratio is None else f"{figure.ratio:.2f}"
    line = f"{figure.name:<44} {fmt(figure.value):>14} {figure.unit:<8} {fmt(figure.baseline):>14} {ratio:>7}"
    extra = "  ".join(x for x in (figure.goal and f"goal {figure.goal}", figure.note) if x)
    print(line + (f"  {extra}" if extra else ""), flush=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.time()
    url = f"{args.server}/{args.database}"
    print(f"# database {url} (recreated)", flush=True)
    recreate_database(args.server, args.database)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    modules = {}
    for name in bench_modules(args.only):
        try:
            modules[name] = importlib.import_module(f"benchmarks.{name}")
        except Exception as exc:  # a broken module must not stop the others
            print(f"{name:<44} ERROR import: {exc!r}", flush=True)
    ctx = Context(database_url=url, year=args.year, province_code="")
    errors: list[dict] = []

    print(f"# demo-size province {DEMO}", flush=True)
    ctx.extra["demo_generation"] = generate(DEMO, args, sys.stderr)
    ctx.province_code = ctx.extra["demo_generation"]["province_code"]
    ctx.extra["demo"] = {}
    for name, module in modules.items():
        if hasattr(module, "demo"):
            try:
                module.demo(ctx)
            except Exception as exc:
                errors.append({"module": name, "phase": "demo", "error": repr(exc)})
                print(f"{name:<44} ERROR demo: {exc!r}", flush=True)

    sizes = SMALL if args.small else FULL
    print(f"# {'small' if args.small else 'full-size'} province {sizes}", flush=True)
    ctx.extra["generation"] = generate(sizes, args, sys.stderr)
    ctx.province_code = ctx.extra["generation"]["province_code"]
    print(f"# generated {ctx.extra['generation']['rows']:,} rows in {ctx.extra['generation']['seconds']} s", flush=True)
    # Measure pages as a server process sees them, not with the generator's leftovers in the heap:
    # collect once and move what survives out of the garbage collector's sight.
    gc.collect()
    gc.freeze()

    print(f"{'# name':<44} {'value':>14} {'unit':<8} {'baseline':>14} {'ratio':>7}", flush=True)
    figures: list[Figure] = []
    for name, module in modules.items():
        module_started = time.perf_counter()
        try:
            produced = module.run(ctx)
        except Exception as exc:
            errors.append({"module": name, "phase": "run", "error": repr(exc),
                           "traceback": traceback.format_exc(limit=5)})
            print(f"{name:<44} ERROR {exc!r}", flush=True)
            continue
        for figure in produced:
            print_figure(figure)
            figures.append(figure)
        print(f"#   {name} took {time.perf_counter() - module_started:.1f} s", flush=True)

    report = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "machine": machine(server_version),
        "size": "small" if args.small else "full",
        "generation": ctx.extra["generation"],
        "demo_generation": ctx.extra["demo_generation"],
        "figures": [f.as_dict() for f in figures],
        "errors": errors,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    print(f"# {len(figures)} figures, {len(errors)} errors, {report['seconds']} s; written to {output}", flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
