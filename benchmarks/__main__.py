"""`python -m benchmarks` (make bench): every benchmark on a generated province in a database of its own.

1. creates `unionreport_bench_<size>` on the local PostgreSQL (dropping the one a previous run made),
2. migrates, generates a demo-size province and lets each module measure it (`demo(ctx)`, optional),
3. replaces it by the province of the size asked (`--size` / BENCH_SIZE): `merged` (default; 12.000 CĐCS,
   1.200.000 members, 2.500.000 welfare rows a year for 2025–2026) or `province` (today's: 5.000 CĐCS,
   500.000 members, 1.000.000 welfare rows a year for 2024–2025),
4. runs `run(ctx)` of every `benchmarks/bench_*.py`, prints `name  value  unit  baseline  ratio  goal`,
   writes the same with the machine's description to `benchmarks/results/latest.json`,
5. prints every missed goal and exits 1 if there is one (or a module failed).

`--reuse` measures the province a previous run left (same size and seed) without generating again.
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
DEMO = {"cdcs": 40, "members": 2_000, "welfare": 4_000}


def sizes_for(size: str, small: bool) -> dict:
    from unionreport.demo.province import SIZES

    sizes = dict(SIZES[size])
    if small:
        sizes.update({k: sizes[k] // 10 for k in ("cdcs", "members", "welfare")})
        if sizes.get("communes"):
            sizes["communes"] //= 10
    return sizes


def demo_sizes(full: dict) -> dict:
    """The demo-size province of the same shape (the same years, the merger when merged)."""
    return {**full, **DEMO, "communes": 2 if full.get("communes") else None}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["merged", "province"], default=os.environ.get("BENCH_SIZE") or "merged",
                        help="merged (default): the province after 01/07/2025; province: today's (BENCH_SIZE)")
    parser.add_argument("--small", action="store_true", help="a tenth of the size (a quick run)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the province a previous complete run left, without generating")
    parser.add_argument("--server", default=os.environ.get("BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432"))
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE"),
                        help="default unionreport_bench_<size> (BENCH_DATABASE)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", action="append", default=[], help="run only bench_<ONLY>.py (repeatable)")
    parser.add_argument("--output", default=str(HERE / "results" / "latest.json"))
    return parser.parse_args(argv)


def _marker(server: str, name: str) -> str | None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           [name]).fetchone()
    return None if row is None else (row[0] or "")


def recreate_database(server: str, name: str) -> None:
    """Drop the bench database if a previous run created it (never another one), then create it."""
    found = _marker(server, name)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if found is not None:
            if not found.startswith(MARKER):
                raise SystemExit(f"Database {name} exists and was not created by the benchmarks: not dropping it.")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARKER}'")


def mark_complete(server: str, name: str, what: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARKER}; {what}'")


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

    result = generate_province(**sizes, seed=args.seed, wipe=True, stream=stream)
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
    if figure.missed:
        print(f"{'':<44} MISSED: {figure.missed}", flush=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.time()
    label = f"{args.size}{' small' if args.small else ''}"
    database = args.database or f"unionreport_bench_{args.size}{'_small' if args.small else ''}"
    url = f"{args.server}/{database}"
    complete = f"complete {label} seed {args.seed}"
    demo_file = Path(args.output).with_name(f"demo-{database}.json")
    reuse = args.reuse and (_marker(args.server, database) or "").endswith(complete) and demo_file.exists()
    print(f"# database {url} ({'reused' if reuse else 'recreated'})", flush=True)
    if not reuse:
        recreate_database(args.server, database)
    setup_django(url)
    sizes = sizes_for(args.size, args.small)
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
    ctx = Context(database_url=url, year=sizes["year"], province_code="")
    ctx.extra["size"] = label
    errors: list[dict] = []

    if reuse:
        saved = json.loads(demo_file.read_text())
        ctx.extra.update(saved)
        from unionreport.units.selectors import province_root

        ctx.province_code = province_root().code
    else:
        small_sizes = demo_sizes(sizes)
        print(f"# demo-size province {small_sizes}", flush=True)
        ctx.extra["demo_generation"] = generate(small_sizes, args, sys.stderr)
        ctx.province_code = ctx.extra["demo_generation"]["province_code"]
        ctx.extra["demo"] = {}
        for name, module in modules.items():
            if hasattr(module, "demo"):
                try:
                    module.demo(ctx)
                except Exception as exc:
                    errors.append({"module": name, "phase": "demo", "error": repr(exc),
                                   "traceback": traceback.format_exc(limit=5)})
                    print(f"{name:<44} ERROR demo: {exc!r}", flush=True)
        print(f"# {label} province {sizes}", flush=True)
        ctx.extra["generation"] = generate(sizes, args, sys.stderr)
        ctx.province_code = ctx.extra["generation"]["province_code"]
        demo_file.parent.mkdir(parents=True, exist_ok=True)
        demo_file.write_text(json.dumps({k: ctx.extra[k] for k in ("demo", "demo_generation", "generation")},
                                        ensure_ascii=False, default=str))
        mark_complete(args.server, database, complete)
    print(f"# generated {ctx.extra['generation']['rows']:,} rows in {ctx.extra['generation']['seconds']} s", flush=True)
    # Measure pages as a server process sees them, not with the generator's leftovers in the heap:
    # collect once and move what survives out of the garbage collector's sight.
    gc.collect()
    gc.freeze()

    print(f"{'# name':<44} {'value':>14} {'unit':<8} {'baseline':>14} {'ratio':>7}  goal / note", flush=True)
    figures: list[Figure] = []
    for name, module in modules.items():
        module_started = time.perf_counter()
        try:
            produced = module.run(ctx)
        except Exception as exc:
            errors.append({"module": name, "phase": "run", "error": repr(exc),
                           "traceback": traceback.format_exc(limit=5)})
            print(f"{name:<44} ERROR {exc!r}", flush=True)
            traceback.print_exc(limit=5)
            continue
        for figure in produced:
            print_figure(figure)
            figures.append(figure)
        print(f"#   {name} took {time.perf_counter() - module_started:.1f} s", flush=True)

    missed = [f for f in figures if f.missed]
    report = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "seconds": round(time.time() - started, 1),
        "machine": machine(server_version),
        "size": label,
        "generation": ctx.extra["generation"],
        "demo_generation": ctx.extra["demo_generation"],
        "figures": [f.as_dict() for f in figures],
        "missed": [f.name for f in missed],
        "errors": errors,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    checked = sum(1 for f in figures if f.checked)
    print(f"# {len(figures)} figures ({checked} with a goal), {len(errors)} errors, {report['seconds']} s; "
          f"written to {output}", flush=True)
    for figure in missed:
        print(f"# MISSED {figure.name}: {figure.missed} (goal {figure.goal})", flush=True)
    for error in errors:
        print(f"# ERROR {error['module']} ({error['phase']}): {error['error']}", flush=True)
    if not missed and not errors:
        print(f"# every goal met ({checked})", flush=True)
    return 1 if missed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
