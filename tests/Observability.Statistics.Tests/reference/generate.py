#!/usr/bin/python3
"""Reference values for Observability.Statistics, computed with SciPy, statsmodels and mpmath.

Run with Debian's interpreter (python3-scipy, python3-statsmodels, python3-mpmath):

    /usr/bin/python3 tests/Observability.Statistics.Tests/reference/generate.py > \
        tests/Observability.Statistics.Tests/reference/fixture.json

The C# tests compare every statistic of the library with this fixture, and one test re-runs this script
and compares its output with the committed fixture, so a change in either side is caught. Nothing here
calls the C# code: every value comes from the reference libraries or, for the mSPRT (which no library
here implements), from the formula of Johari, Pekelis and Walsh written out below with numpy.

Conventions: "control" and "variant" are the two arms; differences are variant minus control. A value
the library answers as "not computable" (an empty arm, fewer than two durations, zero variance) is null.
"""

import json
import math
import sys

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import integrate, special, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

# Arms up to this size get Boschloo's exact p-value from SciPy (it takes seconds at a few hundred).
BOSCHLOO_MAX_ARM = 400

RATE_CASES = [
    # name, (control successes, control n), (variant successes, variant n)
    ("small", (7, 12), (8, 15)),
    ("small_better", (4, 20), (14, 21)),
    ("tiny", (1, 5), (4, 5)),
    ("zero_successes_control", (0, 10), (5, 10)),
    ("zero_successes_both", (0, 30), (0, 30)),
    ("all_successes_both", (30, 30), (30, 30)),
    ("all_successes_variant", (15, 25), (20, 20)),
    ("ties_identical_arms", (3, 20), (3, 20)),
    ("identical_arms_medium", (60, 150), (60, 150)),
    ("moderate", (10, 30), (20, 30)),
    ("unequal_sizes", (13, 17), (7, 25)),
    ("control_empty", (0, 0), (5, 10)),
    ("variant_empty", (5, 10), (0, 0)),
    ("both_empty", (0, 0), (0, 0)),
    ("below_switch", (60, 199), (80, 200)),
    ("at_switch", (60, 200), (80, 200)),
    ("large_arms_rare_events", (2, 300), (3, 300)),
    ("large", (480, 1000), (540, 1000)),
    ("large_no_difference", (5000, 20000), (5040, 20000)),
    ("large_worse", (3000, 5000), (2800, 5000)),
]

def boschloo_battery():
    """Random tables for Boschloo's test beyond the named cases: unequal arms, every range of rates."""
    rng = np.random.default_rng(1998)
    cases = []
    for i in range(40):
        nc, nv = (int(x) for x in rng.integers(1, 81, size=2))
        sc, sv = int(rng.integers(0, nc + 1)), int(rng.integers(0, nv + 1))
        res = stats.boschloo_exact([[sv, sc], [nv - sv, nc - sc]], alternative="two-sided")
        cases.append({"name": f"random_{i}", "control": {"n": nc, "successes": sc}, "variant": {"n": nv, "successes": sv},
                      "boschloo_p": num(res.pvalue)})
    return cases


DURATION_SEEDS = 20240601


def lognormal(rng, median, sigma, n):
    return [round(float(x), 1) for x in rng.lognormal(math.log(median), sigma, n)]


def duration_cases():
    rng = np.random.default_rng(DURATION_SEEDS)
    minutes = [60.0, 60.0, 120.0, 120.0, 180.0, 240.0, 240.0, 240.0, 300.0, 600.0]
    return [
        ("small", lognormal(rng, 600, 0.6, 12), lognormal(rng, 450, 0.6, 15)),
        ("clearly_faster", lognormal(rng, 1200, 0.5, 40), lognormal(rng, 600, 0.5, 45)),
        ("large", lognormal(rng, 900, 0.8, 400), lognormal(rng, 1000, 0.8, 380)),
        ("ties_identical_arms", list(minutes), list(reversed(minutes))),
        ("with_zero_durations", [0.0, 0.0] + lognormal(rng, 300, 0.7, 18), lognormal(rng, 300, 0.7, 20)),
        ("control_empty", [], lognormal(rng, 300, 0.7, 10)),
        ("single_value", [300.0], lognormal(rng, 300, 0.7, 10)),
        ("constant_both", [60.0] * 5, [60.0] * 7),
    ]


def num(x):
    """A finite float as is; NaN and infinities (no answer) as null."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def rate_case(name, control, variant):
    (sc, nc), (sv, nv) = control, variant
    out = {"name": name, "control": {"n": nc, "successes": sc}, "variant": {"n": nv, "successes": sv}}
    out["wilson_control"] = [num(v) for v in proportion_confint(sc, nc, alpha=0.05, method="wilson")] if nc > 0 else None
    out["wilson_variant"] = [num(v) for v in proportion_confint(sv, nv, alpha=0.05, method="wilson")] if nv > 0 else None
    if nc > 0 and nv > 0:
        low, upp = confint_proportions_2indep(sv, nv, sc, nc, method="newcomb", compare="diff", alpha=0.05)
        out["newcombe"] = [num(low), num(upp)]
    else:
        out["newcombe"] = None
    pooled = (sc + sv) / (nc + nv) if nc + nv > 0 else float("nan")
    if nc > 0 and nv > 0 and 0 < pooled < 1:
        z, p = proportions_ztest([sv, sc], [nv, nc])
        out["score_z"], out["score_p"] = num(z), num(p)
    else:
        out["score_z"], out["score_p"] = None, None
    if nc > 0 and nv > 0 and max(nc, nv) <= BOSCHLOO_MAX_ARM:
        # SciPy's table: columns are the two samples, rows successes and failures.
        res = stats.boschloo_exact([[sv, sc], [nv - sv, nc - sc]], alternative="two-sided")
        out["boschloo_p"] = num(res.pvalue)
    else:
        out["boschloo_p"] = None
    return out


def duration_summary(values):
    values = np.asarray(values, dtype=float)
    positive = values[values > 0]
    return {
        "count": int(values.size),
        "mean": num(np.mean(values)) if values.size else None,
        "median": num(np.median(values)) if values.size else None,
        "positive_count": int(positive.size),
        "geometric_mean": num(stats.gmean(positive)) if positive.size else None,
    }


def welch_log_ratio(control, variant):
    lc = np.log(np.asarray([v for v in control if v > 0], dtype=float))
    lv = np.log(np.asarray([v for v in variant if v > 0], dtype=float))
    if lc.size < 2 or lv.size < 2:
        return None
    se2 = lv.var(ddof=1) / lv.size + lc.var(ddof=1) / lc.size
    if se2 == 0:
        return None
    t, p = stats.ttest_ind(lv, lc, equal_var=False)
    compare = CompareMeans(DescrStatsW(lv), DescrStatsW(lc))
    t_sm, p_sm, df = compare.ttest_ind(usevar="unequal")
    low, upp = compare.tconfint_diff(alpha=0.05, usevar="unequal")
    # Two libraries, one answer: SciPy's t and p must agree with statsmodels' before either is written.
    assert abs(t - t_sm) <= 1e-12 * max(1, abs(t)) and abs(p - p_sm) <= 1e-12 * max(1e-300, p), (t, t_sm, p, p_sm)
    diff = lv.mean() - lc.mean()
    return {
        "ratio": num(math.exp(diff)),
        "lower": num(math.exp(low)),
        "upper": num(math.exp(upp)),
        "t": num(t),
        "p": num(p),
        "df": num(df),
    }


def duration_case(name, control, variant):
    return {
        "name": name,
        "control": control,
        "variant": variant,
        "control_summary": duration_summary(control),
        "variant_summary": duration_summary(variant),
        "welch": welch_log_ratio(control, variant),
    }


def beta_breakpoints(a, b):
    mean = a / (a + b)
    sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    points = {0.0, 1.0}
    for j in range(-12, 13):
        x = mean + j * sd
        if 0 < x < 1:
            points.add(x)
    return sorted(points)


def beta_pdf(x, a, b):
    # a, b >= 1 here (a uniform prior plus counts), so the density is finite on [0, 1].
    if x <= 0:
        return mpmath.mpf(0) if a > 1 else mpmath.mpf(b)
    if x >= 1:
        return mpmath.mpf(0) if b > 1 else mpmath.mpf(a)
    return mpmath.exp((a - 1) * mpmath.log(x) + (b - 1) * mpmath.log(1 - x) - mpmath.log(mpmath.beta(a, b)))


def integrate_over_mass(f, a, b):
    """SciPy's adaptive quadrature of f over [0, 1], split at the mass of a Beta(a, b) density."""
    points = beta_breakpoints(a, b)
    return sum(integrate.quad(f, lo, hi, epsabs=1e-15, epsrel=1e-13, limit=200)[0] for lo, hi in zip(points, points[1:]))


def bayes_quad(ac, bc, av, bv):
    """P(pv > pc) and E[max(pc - pv, 0)] by SciPy's quadrature in double precision."""
    # P(pv > pc) = integral of f_v(x) F_c(x): the variant at x, the control below it.
    prob = integrate_over_mass(lambda x: stats.beta.pdf(x, av, bv) * special.betainc(ac, bc, x), av, bv)
    # E[max(pc - pv, 0)] = integral of f_c(x) E[(x - pv) 1{pv < x}]
    #                    = integral of f_c(x) (x F_v(x) - mean_v F_v+(x)), F_v+ the Beta(av + 1, bv) cdf.
    mean_v = av / (av + bv)
    loss = integrate_over_mass(
        lambda x: stats.beta.pdf(x, ac, bc) * (x * special.betainc(av, bv, x) - mean_v * special.betainc(av + 1, bv, x)),
        ac, bc)
    return prob, loss


def bayes_mpmath(ac, bc, av, bv):
    """The same two integrals with mpmath at 30 significant digits (practical for small arms only)."""
    mpmath.mp.dps = 30
    prob = mpmath.quad(lambda x: beta_pdf(x, av, bv) * mpmath.betainc(ac, bc, 0, x, regularized=True),
                       beta_breakpoints(av, bv))
    mean_v = mpmath.mpf(av) / (av + bv)
    loss = mpmath.quad(lambda x: beta_pdf(x, ac, bc) * (x * mpmath.betainc(av, bv, 0, x, regularized=True)
                                                        - mean_v * mpmath.betainc(av + 1, bv, 0, x, regularized=True)),
                       beta_breakpoints(ac, bc))
    return float(prob), float(loss)


def prob_greater_exact_sum(aB, bB, aA, bA):
    """P(X_B > X_A) for whole-number beta parameters by the closed-form sum (Evan Miller, 2015), each term from
    mpmath's beta function at 50 digits; the mirror form P(1 - X_A > 1 - X_B) when it has fewer terms."""
    if aB > bA:
        aB, bB, aA, bA = bA, aA, bB, aB
    with mpmath.workdps(50):
        log_norm = mpmath.log(mpmath.beta(aA, bA))
        return sum(mpmath.exp(mpmath.log(mpmath.beta(aA + i, bA + bB)) - mpmath.log(bB + i)
                              - mpmath.log(mpmath.beta(1 + i, bB)) - log_norm) for i in range(int(aB)))


def bayes_exact_sum(ac, bc, av, bv):
    """P(pv > pc) and E[max(pc - pv, 0)] = mean_c P(pc+ > pv) - mean_v P(pc > pv+) by 50-digit sums."""
    prob = prob_greater_exact_sum(av, bv, ac, bc)
    loss = (mpmath.mpf(ac) / (ac + bc) * prob_greater_exact_sum(ac + 1, bc, av, bv)
            - mpmath.mpf(av) / (av + bv) * prob_greater_exact_sum(ac, bc, av + 1, bv))
    return float(prob), float(loss)


# Arms up to this size get the 30-digit mpmath integrals (mpmath's incomplete beta does not converge for much larger
# parameters); larger arms get the 50-digit closed-form sums. Either is checked against SciPy's double-precision
# quadrature before it is written: the integrals validate the sum formula on the small arms, and the 50-digit sums
# are the precise values for the large ones, where double-precision quadrature is good to about 1e-9 only.
MPMATH_MAX_ARM = 60


def bayes_case(name, control, variant):
    """The beta-binomial readout with Beta(1, 1) priors: posteriors Beta(s + 1, n - s + 1)."""
    (sc, nc), (sv, nv) = control, variant
    ac, bc = sc + 1, nc - sc + 1
    av, bv = sv + 1, nv - sv + 1
    prob_quad, loss_quad = bayes_quad(ac, bc, av, bv)
    if max(nc, nv) <= MPMATH_MAX_ARM:
        prob, loss = bayes_mpmath(ac, bc, av, bv)
        method = "mpmath.quad at 30 digits"
        prob_sum, loss_sum = bayes_exact_sum(ac, bc, av, bv)
        assert abs(prob - prob_sum) <= 1e-14 and abs(loss - loss_sum) <= 1e-15, (name, prob, prob_sum, loss, loss_sum)
    else:
        prob, loss = bayes_exact_sum(ac, bc, av, bv)
        method = "closed-form sum at 50 digits"
    assert abs(prob - prob_quad) <= 1e-11 and abs(loss - loss_quad) <= 1e-11 * max(1, loss), (name, prob, prob_quad, loss, loss_quad)
    return {"name": name, "control": {"n": nc, "successes": sc}, "variant": {"n": nv, "successes": sv},
            "method": method + ", checked against scipy.integrate.quad",
            "prob_variant_beats_control": prob, "expected_loss_choosing_variant": loss}


SRM_CASES = [
    ("even_split", [50, 50], [1, 1]),
    ("slightly_off", [520, 480], [1, 1]),
    ("broken_split", [600, 400], [1, 1]),
    ("three_arms_fine", [3000, 2950, 3080], [1, 1, 1]),
    ("three_arms_broken", [3000, 2800, 3300], [1, 1, 1]),
    ("weighted_fine", [99, 301], [1, 3]),
    ("unnormalised_weights", [210, 190], [2, 2]),
    ("huge_mismatch", [90000, 10000], [1, 1]),
]


def srm_case(name, counts, weights):
    total = sum(counts)
    expected = [total * w / sum(weights) for w in weights]
    chi2, p = stats.chisquare(counts, expected)
    return {"name": name, "counts": counts, "weights": weights, "chi_square": num(chi2), "df": len(counts) - 1,
            "p": num(p), "mismatch": bool(p < 0.001)}


HOLM_CASES = [
    ("three_variants", [0.01, 0.04, 0.03]),
    ("one_variant", [0.001]),
    ("four_mixed", [0.2, 0.01, 0.04, 0.3]),
    ("ties", [0.02, 0.02]),
    ("nothing_significant", [0.5, 0.9]),
    ("capped_at_one", [0.4, 0.6, 0.7]),
]


def holm_case(name, pvalues):
    reject, adjusted, _, _ = multipletests(pvalues, alpha=0.05, method="holm")
    return {"name": name, "p": pvalues, "adjusted": [num(v) for v in adjusted], "reject_at_0_05": [bool(r) for r in reject]}


def msprt_sequence(seed, steps, p_control, p_variant, variant_share):
    rng = np.random.default_rng(seed)
    letters = []
    for _ in range(steps):
        if rng.random() < variant_share:
            letters.append("V" if rng.random() < p_variant else "v")
        else:
            letters.append("C" if rng.random() < p_control else "c")
    return "".join(letters)


def msprt_pvalues(sequence, tau2, burn_in):
    """Johari, Pekelis and Walsh's mixture SPRT for two proportions with a N(0, tau2) mixing distribution.

    The estimate d = pv - pc is treated as normal with its plug-in variance
    v = pv(1 - pv)/nv + pc(1 - pc)/nc; with equal arms of n this is the paper's V_n / n with
    V_n = pv(1 - pv) + pc(1 - pc). Lambda = sqrt(v / (v + tau2)) * exp(tau2 d^2 / (2 v (v + tau2))),
    and the always-valid p-value is the running minimum of min(1, 1 / Lambda) over the steps at which both
    arms have at least burn_in observations and v > 0 (1 before that).
    """
    letters = np.array(list(sequence))
    is_variant = np.isin(letters, ["V", "v"])
    success = np.isin(letters, ["V", "C"])
    nv = np.cumsum(is_variant)
    nc = np.cumsum(~is_variant)
    sv = np.cumsum(is_variant & success)
    sc = np.cumsum(~is_variant & success)
    with np.errstate(divide="ignore", invalid="ignore"):
        pv = sv / nv
        pc = sc / nc
        v = pv * (1 - pv) / nv + pc * (1 - pc) / nc
        d = pv - pc
        log_lambda = 0.5 * np.log(v / (v + tau2)) + tau2 * d * d / (2 * v * (v + tau2))
        step_p = np.minimum(1.0, np.exp(-log_lambda))
    eligible = (nv >= burn_in) & (nc >= burn_in) & (v > 0)
    step_p = np.where(eligible, step_p, 1.0)
    return [float(x) for x in np.minimum.accumulate(step_p)]


MSPRT_CASES = [
    # name, seed, steps, p_control, p_variant, variant share, tau2, burn-in per arm
    ("a_a_even", 7, 400, 0.3, 0.3, 0.5, 0.01, 20),
    ("a_b_effect", 11, 500, 0.3, 0.5, 0.5, 0.01, 20),
    ("unequal_split", 13, 600, 0.4, 0.55, 0.3, 0.05, 5),
    ("no_burn_in", 17, 200, 0.2, 0.2, 0.5, 0.01, 1),
]


def msprt_case(name, seed, steps, p_control, p_variant, share, tau2, burn_in):
    sequence = msprt_sequence(seed, steps, p_control, p_variant, share)
    return {"name": name, "tau2": tau2, "burn_in": burn_in, "sequence": sequence,
            "p_values": msprt_pvalues(sequence, tau2, burn_in)}


def main():
    fixture = {
        "generated_by": "tests/Observability.Statistics.Tests/reference/generate.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__, "mpmath": mpmath.__version__},
        "z_975": float(stats.norm.ppf(0.975)),
        "rates": [rate_case(*case) for case in RATE_CASES],
        "boschloo_battery": boschloo_battery(),
        "durations": [duration_case(*case) for case in duration_cases()],
        "bayes": [bayes_case(name, c, v) for name, c, v in RATE_CASES],
        "srm": [srm_case(*case) for case in SRM_CASES],
        "holm": [holm_case(*case) for case in HOLM_CASES],
        "msprt": [msprt_case(*case) for case in MSPRT_CASES],
    }
    json.dump(fixture, sys.stdout, indent=1, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
