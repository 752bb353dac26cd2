#!/usr/bin/env python3
"""Writes a `git fast-import` stream of a generated ADR-009 history to stdout: COMMITS commits (default 10,000), each one
step of one task (created in todo/, moved to in-progress/, to done/, one in ten sent back out of done/ and done again),
chains of ten tasks, a change request per chain, a commit a minute. Deterministic (seeded)."""
import os
import random
import sys

commits = int(os.environ.get("COMMITS", "10000"))
rng = random.Random(9)
out = sys.stdout.buffer
open_tasks = []  # [chain, task, state]
next_chain = 0
time = 1_765_000_000
mark = 0


def commit(ops):
    global time, mark
    mark += 1
    time += 60
    message = b"step"
    out.write(b"commit refs/heads/main\nmark :%d\ncommitter bench <bench@example.invalid> %d +0000\ndata %d\n%s\n" % (mark, time, len(message), message))
    if mark > 1:
        out.write(b"from :%d\n" % (mark - 1))
    for op in ops:
        out.write(op.encode() + b"\n")
    out.write(b"\n")


def new_chain():
    global next_chain
    chain = f"CHAIN-{next_chain:05d}"
    next_chain += 1
    ops = [f"M 100644 inline requests/todo/CR-{chain[6:]}.md\ndata 8\nrequest\n"]
    for t in range(10):
        ops.append(f"M 100644 inline tasks/{chain}/todo/{t:03d}-task.md\ndata {len(chain) + 5}\n{chain} {t:03d}\n")
        open_tasks.append([chain, f"{t:03d}-task", "todo"])
    commit(ops)


NEXT = {"todo": "in-progress", "in-progress": "done"}
while mark < commits:
    if len(open_tasks) < 20:
        new_chain()
        continue
    task = open_tasks[rng.randrange(len(open_tasks))]
    chain, name, state = task
    if state == "done":
        target = "in-progress" if rng.random() < 0.1 else None
        if target is None:
            open_tasks.remove(task)
            continue
    else:
        target = NEXT[state]
    commit([f"R tasks/{chain}/{state}/{name}.md tasks/{chain}/{target}/{name}.md"])
    task[2] = target
