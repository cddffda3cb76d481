#!/usr/bin/env python3
"""Asserts that two actions of one run overlapped in time (ran in parallel).

Usage: assert_overlap.py RECORD ACTION_A ACTION_B
RECORD is either
  - the harness's timeline.tsv (multiarch-steps.sh): action, start, end (epoch seconds), exit code; or
  - a gantry run record, `.gantry/runs/<run-id>/run.json`, or the `.gantry/runs` folder (its newest run is taken).
Prints a PASS/FAIL line and a closing 'N passed, N failed' line; exits 1 unless the two intervals overlap.
"""
import datetime
import json
import os
import sys

NAME_KEYS = ("action", "name", "id")
START_KEYS = ("startedAt", "started", "start", "startTime", "started_at", "start_time", "begin")
END_KEYS = ("finishedAt", "finished", "end", "endTime", "finished_at", "end_time", "completedAt", "endedAt")


def seconds(value):
    """Epoch seconds from epoch seconds/milliseconds or an ISO-8601 time."""
    if isinstance(value, (int, float)):
        return value / 1000.0 if value > 1e11 else float(value)
    text = str(value).strip()
    try:
        return seconds(float(text))
    except ValueError:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def first(record, keys):
    for key in keys:
        if record.get(key) is not None:
            return record[key]
    raise KeyError(f"none of {keys} in {sorted(record)}")


def from_run_json(path):
    with open(path, encoding="utf-8") as f:
        run = json.load(f)
    actions = run.get("actions", run)
    if isinstance(actions, dict):
        actions = [dict(v, name=k) if isinstance(v, dict) else v for k, v in actions.items()]
    spans = {}
    for a in actions:
        name = next((a[k] for k in NAME_KEYS if k in a), None) if isinstance(a, dict) else None
        if name is not None:
            try:
                spans[name] = (seconds(first(a, START_KEYS)), seconds(first(a, END_KEYS)))
            except KeyError:
                pass  # an action that never started (skipped, cancelled) has no interval
    return spans


def from_timeline(path):
    spans = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                name, start, end, _ = line.rstrip("\n").split("\t")
                spans[name] = (float(start), float(end))
    return spans


def load(record):
    if os.path.isdir(record):
        runs = [os.path.join(record, d, "run.json") for d in os.listdir(record)]
        runs = [r for r in runs if os.path.isfile(r)]
        if not runs:
            raise FileNotFoundError(f"no */run.json under {record}")
        record = max(runs, key=os.path.getmtime)
    return record, (from_run_json(record) if record.endswith(".json") else from_timeline(record))


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    record, spans = load(argv[1])
    a, b = argv[2], argv[3]
    missing = [x for x in (a, b) if x not in spans]
    if missing:
        print(f"FAIL: {a} and {b} overlapped in time (no start/end for {missing} in {record}; found {sorted(spans)})")
        print("0 passed, 1 failed")
        return 1
    (sa, ea), (sb, eb) = spans[a], spans[b]
    shared = min(ea, eb) - max(sa, sb)
    ok = shared > 0
    print(f"{'PASS' if ok else 'FAIL'}: {a} and {b} overlapped in time "
          f"({a} {ea - sa:.1f}s, {b} {eb - sb:.1f}s, together {max(shared, 0):.1f}s; from {record})")
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
