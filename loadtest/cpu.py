"""CPU seconds used so far by a process tree and by every PostgreSQL process (from /proc), as JSON.

    python loadtest/cpu.py GUNICORN_PID   →  {"gunicorn": s, "postgres": s, "machine_busy": s, "machine_total": s}

run.sh samples it before and after locust; the difference is the server's CPU during the load test.
PostgreSQL's figure counts only the processes alive at both samples (a backend that ended in between is
missed) and includes other users of this machine's PostgreSQL: read it as an order of magnitude.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[str, int, float]:
    text = Path(f"/proc/{pid}/stat").read_text()
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK  # ppid, utime + stime


def sample(root: int) -> dict:
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                procs[int(entry.name)] = _stat(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    tree, grew = {root}, True
    while grew:
        grew = False
        for pid, (_, ppid, _) in procs.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    cpu = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in cpu]
    idle = values[3] + values[4]
    return {"gunicorn": round(sum(procs[p][2] for p in tree if p in procs), 2),
            "postgres": round(sum(s for name, _, s in procs.values() if name.startswith("postgres")), 2),
            "machine_busy": round((sum(values) - idle) / TICK, 2), "machine_total": round(sum(values) / TICK, 2)}


if __name__ == "__main__":
    print(json.dumps(sample(int(sys.argv[1]))))
