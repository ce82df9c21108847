"""Fitting FSRS parameters to a simulated population: held-out scores and the fit's cost.

    python -m bench.scheduler_bench [--learners 200] [--days 90] [--new-per-day 1]

Synthetic learners whose memory follows ``practice.population.TRUE_PARAMETERS``
(not the defaults) review the bank for ``--days`` days, scheduled with the
default parameters. The fit sees all but the later 20% of each learner's log
and is scored on that 20%, like ``optimize_scheduler``; the true parameters
are scored too, as the floor. Targets: the fit beats the defaults on log
loss, and fitting 100,000 reviews takes under a minute. Prints a table and
writes bench/results/scheduler.json.
"""

from __future__ import annotations

import argparse
import resource
import time

from fsrs.scheduler import DEFAULT_PARAMETERS

from bench.common import save
from practice import fitting, population

TIME_LIMIT_SECONDS = 60


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--new-per-day", type=int, default=1)
    parser.add_argument("--cards", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    logs = population.simulate(args.learners, range(args.cards), days=args.days, new_per_day=args.new_per_day)
    rows = [(person, card, rating, when) for person, log in logs.items() for card, rating, when in log]
    simulated = time.perf_counter() - started
    held_out, _ = fitting.split(rows)
    _, test = fitting.items(rows, held_out)

    before_fit = _peak_mb()
    started = time.perf_counter()
    fit = fitting.fit(rows, None)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    truth = fitting.evaluate(population.TRUE_PARAMETERS, test)

    print(f"{len(rows)} reviews by {args.learners} learners over {args.days} days (simulated in {simulated:.1f} s)")
    print(f"{'parameters':<12} {'log loss':>9} {'RMSE':>8}")
    for name, scores in (("defaults", fit.before), ("fitted", fit.after), ("true", truth)):
        print(f"{name:<12} {scores.log_loss:>9.4f} {scores.rmse:>8.4f}")
    print(f"fit: {seconds:.1f} s, peak resident {peak:.0f} MB ({peak - before_fit:+.0f} MB during the fit)")
    print(
        f"log loss {100 * fit.improvement:.1f}% lower than the defaults: {'adopted' if fit.better else 'NOT adopted'}"
    )
    save(
        "scheduler",
        {
            "reviews": len(rows),
            "learners": args.learners,
            "days": args.days,
            "held_out_items": len(test),
            "defaults": fit.before.__dict__,
            "fitted": fit.after.__dict__,
            "true": truth.__dict__,
            "fit_seconds": round(seconds, 2),
            "peak_rss_mb": round(peak),
            "parameters": {"fitted": fit.parameters, "default": DEFAULT_PARAMETERS, "true": population.TRUE_PARAMETERS},
        },
    )
    per_100k = seconds * 100_000 / len(rows)
    if not fit.better or per_100k > TIME_LIMIT_SECONDS:
        raise SystemExit(f"target missed: better={fit.better}, {per_100k:.1f} s per 100,000 reviews")


if __name__ == "__main__":
    main()
