#!/usr/bin/python3
"""Seeded experiment and goal histories, with the answers the sidecar must give, computed with SciPy and statsmodels.

Run with Debian's interpreter (python3-scipy, python3-statsmodels):

    /usr/bin/python3 tests/Observability.Sidecar.Tests/Experiments/reference/generate.py > \
        tests/Observability.Sidecar.Tests/Experiments/reference/fixture.json

ExperimentsApiTests posts each history to a real sidecar and compares its answers with this fixture, live, after
a restart from the snapshot and after a full replay. Nothing here calls the C# code. The histories are built
deterministically (no random numbers): unit i of an arm succeeds when i < successes, and takes
base + step * i seconds.

Rules the expected verdicts follow (docs/experiments.md): Boschloo's exact test when an arm has fewer than 200
units or an expected cell is below 5, else the pooled score test; the sample-ratio check flags p < 0.001; the
verdict is insufficient_data below the minimum sample per arm (20), srm on a mismatch, else better or worse when
the (Holm-adjusted, here single) p-value is at most 0.05, else no_difference.

Goals: each unit is a task linked by metadata.goal; offsets are days before the moment the test runs.
"""

import json
import math
import sys

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

EXPERIMENTS = [
    # name, control (n, successes, base seconds, step), variant (n, successes, base, step), expected verdict
    ("better", (40, 12, 900, 20), (40, 28, 600, 15), "better"),
    ("worse", (40, 30, 600, 10), (40, 14, 800, 25), "worse"),
    ("no-difference", (40, 20, 700, 12), (41, 21, 690, 13), "no_difference"),
    ("broken-split", (300, 150, 500, 3), (200, 100, 500, 3), "srm"),
    ("below-minimum", (15, 10, 400, 10), (15, 3, 400, 10), "insufficient_data"),
]

GOALS = [
    # name, target count, done offsets (days ago), open units, due (days from now, None for none), expected status
    ("goal-done", 5, [1, 2, 3, 4, 5], 0, None, "done"),
    ("goal-on-track", 20, [i + 0.5 for i in range(14)], 6, 30, "on_track"),
    ("goal-stalled", 10, [10, 9, 8], 7, None, "stalled"),
    ("goal-overdue", 10, [3, 2], 8, -1, "overdue"),
]

STALLED_AFTER_DAYS = 3.0
MIN_SAMPLE = 20
ALPHA = 0.05


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def arm(spec):
    n, successes, base, step = spec
    durations = [float(base + step * i) for i in range(n)]
    lo, hi = proportion_confint(successes, n, alpha=0.05, method="wilson")
    return durations, {
        "n": n,
        "successes": successes,
        "rate": successes / n,
        "rate_lower": num(lo),
        "rate_upper": num(hi),
        "mean_seconds": float(np.mean(durations)),
        "median_seconds": float(np.median(durations)),
        "geometric_mean_seconds": float(stats.gmean(durations)),
    }


def rate_test(c, v):
    nc, sc = c[0], c[1]
    nv, sv = v[0], v[1]
    pooled = (sc + sv) / (nc + nv)
    cells = [n * p for n in (nc, nv) for p in (pooled, 1 - pooled)]
    if nc < 200 or nv < 200 or min(cells) < 5:
        # SciPy's table: columns are the two samples (variant, control), rows successes and failures. SciPy maximises
        # over the nuisance parameter on a Sobol grid; its default 32 points miss the supremum of 10/15 against 3/15
        # by 8e-5 (relative), 2048 points agree with the exact search to 1e-13.
        p = stats.boschloo_exact([[sv, sc], [nv - sv, nc - sc]], alternative="two-sided", n=2048).pvalue
        return "boschloo_exact", float(p)
    _, p = proportions_ztest([sv, sc], [nv, nc])
    return "pooled_score", float(p)


def experiment(name, c, v, expected):
    dc, control = arm(c)
    dv, variant = arm(v)
    lo, hi = confint_proportions_2indep(v[1], v[0], c[1], c[0], method="newcomb", compare="diff")
    test, p = rate_test(c, v)
    log_c, log_v = np.log(dc), np.log(dv)
    welch = stats.ttest_ind(log_v, log_c, equal_var=False)
    chi2 = stats.chisquare([c[0], v[0]], [ (c[0] + v[0]) / 2 ] * 2)
    if min(c[0], v[0]) < MIN_SAMPLE:
        verdict = "insufficient_data"
    elif chi2.pvalue < 0.001:
        verdict = "srm"
    elif p <= ALPHA:
        verdict = "better" if v[1] / v[0] > c[1] / c[0] else "worse"
    else:
        verdict = "no_difference"
    assert verdict == expected, (name, verdict, expected)
    return {
        "name": name,
        "arms": {
            "control": {"variant": "control", "units": [{"success": i < c[1], "durationSeconds": dc[i]} for i in range(c[0])]},
            "variant": {"variant": "variant", "units": [{"success": i < v[1], "durationSeconds": dv[i]} for i in range(v[0])]},
        },
        "expected": {
            "control": control,
            "variant": variant,
            "difference": v[1] / v[0] - c[1] / c[0],
            "difference_lower": num(lo),
            "difference_upper": num(hi),
            "test": test,
            "p_value": p,
            "duration_ratio": float(math.exp(np.mean(log_v) - np.mean(log_c))),
            "duration_p_value": float(welch.pvalue),
            "chi_square": float(chi2.statistic),
            "sample_ratio_p_value": float(chi2.pvalue),
            "mismatch": bool(chi2.pvalue < 0.001),
            "verdict": verdict,
        },
    }


def goal(name, target, done_offsets, open_units, due, expected):
    done = len(done_offsets)
    last7 = sum(1 for d in done_offsets if d < 7)
    last28 = sum(1 for d in done_offsets if d < 28)
    remaining = max(0, target - done)
    since = min(done_offsets) if done_offsets else None
    forecast = 0.0 if remaining == 0 else (remaining / (last28 / 28.0) if last28 else None)
    if done >= target:
        status = "done"
    elif due is not None and due < 0:
        status = "overdue"
    elif since is not None and since >= STALLED_AFTER_DAYS:
        status = "stalled"
    elif due is not None and (forecast is None or forecast > due):
        status = "at_risk"
    else:
        status = "on_track"
    assert status == expected, (name, status, expected)
    return {
        "name": name,
        "target_count": target,
        "done_days_ago": done_offsets,
        "open_units": open_units,
        "due_in_days": due,
        "expected": {
            "status": status,
            "done": done,
            "total": target,
            "percent": min(100.0, 100.0 * done / target),
            "last_7_days": last7,
            "last_28_days": last28,
            "forecast_in_days": forecast,
            "open_count": open_units,
        },
    }


def main():
    fixture = {
        "generator": "tests/Observability.Sidecar.Tests/Experiments/reference/generate.py",
        "versions": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "stalled_after_days": STALLED_AFTER_DAYS,
        "experiments": [experiment(*e) for e in EXPERIMENTS],
        "goals": [goal(*g) for g in GOALS],
    }
    json.dump(fixture, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
