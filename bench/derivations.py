"""How long the symbolic checker takes: each reference derivation cold, and a class-sized batch with the cache.

Cold means a fresh pool (newly forked workers) and an empty verdict cache, with sympy's own cache cleared
first, so nothing of an earlier check is reused. The batch is 200 chains, 80% the reference chains and 20%
variants (a false step, a leap [start, goal], steps written as text, a skipped step), checked with one
shared cache as a batch grader would; it is compared with 200 × the cold median.

    .venv/bin/python bench/derivations.py [--repeat 5] [--batch 200] [--workers N] [--step-seconds 60]

Target: median ≤ 0.1 s per derivation cold (every step read, checked, its move named and its place on the
lecture's route found, in workers). `--step-seconds` is the backstop only: no verdict depends on it.
What each kind of chain scores is bench/derivation_credit.py's table.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sympy import sstr  # noqa: E402
from sympy.core.cache import clear_cache  # noqa: E402

from autograder.checker.symbolic import grade_chain  # noqa: E402
from autograder.checker.symbolic.runner import DEFAULT_STEP_SECONDS  # noqa: E402
from autograder.checker.symbolic.symbols import PROBLEM_NAMES  # noqa: E402
from autograder.grading import budget  # noqa: E402


def load_reference() -> dict[str, list]:
    spec = importlib.util.spec_from_file_location("a4_reference_for_bench", REPO / "solutions" / "a4_derivations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: getattr(module, name)() for name in PROBLEM_NAMES}


def variants(problem: str, chain: list) -> list[list]:
    """The kinds of wrong or different chains a class hands in besides the reference."""
    return [
        chain[:2] + [2 * e for e in chain[2:]],  # a false step, carried on
        [chain[0], chain[-1]],  # a leap
        [sstr(e) for e in chain],  # the same steps as text
        chain[:2] + chain[3:],  # one step skipped
    ]


def cold(problem: str, chain: list, workers: int | None, seconds: float) -> tuple[float, float]:
    clear_cache()
    budget.reset_default(workers=workers)
    start = time.perf_counter()
    grade = grade_chain(problem, chain, step_seconds=seconds)
    elapsed = time.perf_counter() - start
    if grade.score != 1.0:
        raise SystemExit(f"{problem}: the reference chain scored {grade.score}:\n{grade.feedback}")
    return elapsed, grade.score


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="cold runs per derivation")
    parser.add_argument("--batch", type=int, default=200, help="chains in the batch")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: the pool's own choice)")
    parser.add_argument("--step-seconds", type=float, default=DEFAULT_STEP_SECONDS, help="the backstop of one job")
    args = parser.parse_args(argv)

    chains = load_reference()
    pool = budget.reset_default(workers=args.workers)
    print(f"workers: {pool.size}, backstop: {args.step_seconds:g} s, cold runs per derivation: {args.repeat}")
    print()
    print(f"{'derivation':32} {'median':>8} {'worst':>8}")
    all_times = []
    for problem, chain in chains.items():
        times = [cold(problem, chain, args.workers, args.step_seconds)[0] for _ in range(args.repeat)]
        all_times.extend(times)
        print(f"{problem:32} {statistics.median(times):7.3f}s {max(times):7.3f}s")
    cold_median = statistics.median(all_times)
    print(f"{'all derivations':32} {cold_median:7.3f}s {max(all_times):7.3f}s   (target: median ≤ 0.100 s)")

    rng = random.Random(20261124)
    batch = []
    problems = list(chains)
    for k in range(args.batch):
        problem = problems[k % len(problems)]
        chain = chains[problem]
        if rng.random() < 0.8:
            batch.append((problem, chain))
        else:
            batch.append((problem, rng.choice(variants(problem, chain))))
    clear_cache()
    pool = budget.reset_default(workers=args.workers)
    start = time.perf_counter()
    scores = [grade_chain(problem, chain, step_seconds=args.step_seconds).score for problem, chain in batch]
    batch_time = time.perf_counter() - start
    print()
    print(f"batch of {len(batch)} chains (80% reference, 20% variants), one shared cache:")
    print(
        f"  {batch_time:.2f} s in all, {batch_time / len(batch) * 1000:.1f} ms per chain, "
        f"{pool.calls} worker jobs, mean score {statistics.mean(scores):.3f}"
    )
    print(
        f"  vs {len(batch)} × the cold median: {len(batch) * cold_median:.2f} s "
        f"({len(batch) * cold_median / batch_time:.1f}× slower)"
    )
    pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
