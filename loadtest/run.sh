#!/usr/bin/env bash
# `make loadtest USERS=200 MINUTES=3 SIZE=merged`: simulated users against gunicorn (DEBUG=0) on PostgreSQL,
# 127.0.0.1 only.
#
# 1. (re)creates its own database `unionreport_load` (never another one), migrates, loads the demo or
#    generates the province of LOADTEST_SIZE (province, merged) with a December morning's accounts;
# 2. collects static files into a temporary folder, starts gunicorn on a free local port;
# 3. runs locust headless (bounded by --run-time), mixing logins, lists, home, report pages and uploads;
# 4. prints requests/s, p95 per kind and errors, writes loadtest/results.json, stops gunicorn, drops nothing.
# Exit code 0 when the goals hold (0 errors, pages p95 ≤ 1 s, uploads and approvals p95 ≤ 3 s, PDF p95 ≤ 5 s),
# 1 otherwise. The server's CPU (gunicorn and PostgreSQL, from /proc) is printed and written with the results.
# Knobs: LOADTEST_USERS (50), LOADTEST_RUN_TIME (2m), LOADTEST_SPAWN_RATE (2 users/s), LOADTEST_THINK (3,10 seconds between clicks), LOADTEST_PG
# (postgresql://postgres@127.0.0.1:5432), LOADTEST_DB (unionreport_load…), LOADTEST_SIZE (demo), WEB_CONCURRENCY,
# GUNICORN_THREADS, CACHE_BACKEND (database, as in production).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
PG=${LOADTEST_PG:-postgresql://postgres@127.0.0.1:5432}
DB=${LOADTEST_DB:-unionreport_load}
USERS=${LOADTEST_USERS:-50}
RUN_TIME=${LOADTEST_RUN_TIME:-2m}
SPAWN_RATE=${LOADTEST_SPAWN_RATE:-2}
RESULTS="$ROOT/loadtest/results.json"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/unionreport-load.XXXXXX")
GUNICORN_PID=""

cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

case "$DB" in unionreport_load*|unionreport_*_load) ;;
  *) echo "LOADTEST_DB must start with unionreport_load or end with _load" >&2; exit 2 ;; esac
pg_isready -q -d "$PG/postgres" || { echo "PostgreSQL does not answer at $PG" >&2; exit 2; }

export DATABASE_URL="$PG/$DB" DEBUG=0 CACHE_BACKEND=${CACHE_BACKEND:-database} SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1 \
  SECRET_KEY="loadtest-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  STATIC_ROOT="$WORK/static" MEDIA_ROOT="$WORK/media" LOG_LEVEL=WARNING GUNICORN_LOG_LEVEL=warning \
  AXES_FAILURE_LIMIT=5 DJANGO_SETTINGS_MODULE=unionreport.settings

echo "== database $DB (recreated)"
psql -q -d "$PG/postgres" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
"$PY" manage.py migrate --noinput -v0
echo "== collectstatic"
"$PY" manage.py collectstatic --noinput -v0
echo "== demo data and accounts"
"$PY" loadtest/prepare.py "$WORK/plan.json" "$WORK"

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HOST="http://127.0.0.1:$PORT"
echo "== gunicorn on $HOST"
GUNICORN_BIND="127.0.0.1:$PORT" "$ROOT/.venv/bin/gunicorn" -c gunicorn.conf.py unionreport.wsgi \
  >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 60); do
  curl -fsS "$HOST/healthz" >/dev/null 2>&1 && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log" >&2; exit 2; }
  sleep 1
done
curl -fsS "$HOST/healthz" >/dev/null

LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
CPU_BEFORE=$("$PY" loadtest/cpu.py "$GUNICORN_PID")
echo "== locust: $USERS users, $RUN_TIME (machine load average before: $LOAD_BEFORE on $(nproc) cores)"
set +e
LOADTEST_LOAD_BEFORE="$LOAD_BEFORE" LOADTEST_PLAN="$WORK/plan.json" LOADTEST_RESULTS="$RESULTS" "$ROOT/.venv/bin/locust" -f loadtest/locustfile.py \
  --headless --host "$HOST" --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$RUN_TIME" \
  --stop-timeout 30 --only-summary --loglevel WARNING --exit-code-on-error 0
LOCUST_RC=$?
set -e
CPU_AFTER=$("$PY" loadtest/cpu.py "$GUNICORN_PID")
[ -f "$RESULTS" ] && "$PY" - "$RESULTS" "$CPU_BEFORE" "$CPU_AFTER" <<'PYEOF'
import json, os, sys
path, before, after = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
r = json.load(open(path, encoding="utf-8"))
used = {k: round(after[k] - before[k], 1) for k in before}
seconds = max(1.0, r["seconds"])
r["server_cpu"] = {"gunicorn_cpu_seconds": used["gunicorn"], "postgres_cpu_seconds": used["postgres"],
                   "gunicorn_cores_busy": round(used["gunicorn"] / seconds, 2),
                   "postgres_cores_busy": round(used["postgres"] / seconds, 2),
                   "machine_busy_percent": round(100 * used["machine_busy"] / max(1e-9, used["machine_total"]), 1),
                   "cores": os.cpu_count()}
json.dump(r, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PYEOF
grep -c '"level": "ERROR"' "$WORK/gunicorn.log" >/dev/null && {
  echo "== server errors logged (first 20 lines):"; grep '"level": "ERROR"' "$WORK/gunicorn.log" | head -20; }

[ -f "$RESULTS" ] || { echo "locust wrote no results (exit $LOCUST_RC)" >&2; exit 1; }
"$PY" - "$RESULTS" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
print(f"\n== results ({r['users']} users, {r['seconds']} s): {r['requests']} requests, "
      f"{r['requests_per_second']} requests/s, {r['errors']} errors "
      f"(load average before {r['load_average_before']}, at end {r['load_average_at_end']})")
for kind, s in r["kinds"].items():
    print(f"   {kind:8} {s['requests']:6} requests  p50 {s['p50_ms']:5} ms  p95 {s['p95_ms']:5} ms  max {s['max_ms']:6} ms")
c = r.get("server_cpu", {})
if c:
    print(f"   server CPU: gunicorn {c['gunicorn_cpu_seconds']} s ({c['gunicorn_cores_busy']} cores), PostgreSQL "
          f"{c['postgres_cpu_seconds']} s ({c['postgres_cores_busy']} cores); machine {c['machine_busy_percent']} % busy "
          f"on {c['cores']} cores")
for goal, ok in r["goals"].items():
    print(f"   {'OK  ' if ok else 'FAIL'} {goal}")
if not r["uploads_tested"]:
    print("   (no upload page yet: uploads were not part of this run)")
for line, n in r["error_detail"].items():
    print(f"   error x{n}: {line}")
sys.exit(0 if r["goals_met"] else 1)
PYEOF
