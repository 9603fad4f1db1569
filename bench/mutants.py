"""How many real bugs the hidden checks catch: the mutation score per problem, and the grade's surprise rate.

Every single-point mutant of each reference function of a1-a3 (tests/mutants/mutate.py: the kinds of slips
students make) is graded like a student's file under three identities. A mutant is killed when its problem
loses points under all three; mutants listed in tests/mutants/equivalent.yml (each with its reason) do not
count. The surprise rate is the share of wrong submissions that lose points although every visible check
passes: the mutants, the labelled corpus (tests/corpus/) and the real-world bugs (tests/realworld/).

    .venv/bin/python bench/mutants.py [--problem softmax] [--survivors] [--surprises] [--no-visible]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "mutants"))

import mutate  # noqa: E402
import outcomes as mutant_evaluate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problem", action="append", help="only these problems (repeatable)")
    parser.add_argument("--survivors", action="store_true", help="print every mutant that kept its points")
    parser.add_argument("--surprises", action="store_true", help="print every surprise")
    parser.add_argument("--no-visible", action="store_true", help="skip the visible checks (no surprise rate)")
    args = parser.parse_args()

    found = mutate.all_mutants()
    if args.problem:
        found = [m for m in found if m.function in args.problem]
    started = time.perf_counter()
    graded = mutant_evaluate.grade_mutants(found, visible=not args.no_visible)
    seconds = time.perf_counter() - started
    table = mutant_evaluate.scores(graded)
    print(
        f"{len(found)} mutants of {len(table)} problems graded under {len(mutant_evaluate.IDENTITIES)} identities "
        f"in {seconds:.1f} s"
    )
    print(f"{'problem':26s} {'mutants':>7s} {'equiv':>6s} {'killed':>7s} {'flaky':>6s} {'score':>7s}")
    worst = 1.0
    for problem in sorted(table, key=lambda p: (found[[m.function for m in found].index(p)].assignment, p)):
        s = table[problem]
        worst = min(worst, s.score)
        print(f"{problem:26s} {s.mutants:7d} {s.equivalent:6d} {s.killed:7d} {s.flaky:6d} {s.score:7.1%}")
    counted = sum(s.mutants - s.equivalent for s in table.values())
    killed = sum(s.killed for s in table.values())
    print(
        f"{'all':26s} {sum(s.mutants for s in table.values()):7d} "
        f"{sum(s.equivalent for s in table.values()):6d} {killed:7d} "
        f"{sum(s.flaky for s in table.values()):6d} {killed / counted if counted else 1:7.1%}"
    )
    if args.survivors:
        by_key = {m.key: m for m in found}
        for g in graded:
            if g.equivalent is None and not g.killed:
                m = by_key[g.label]
                state = "flaky" if g.flaky else "alive"
                print(f"  {state} {m.ident} [{m.kind}] {m.function}: {m.before}  =>  {m.after}")
    if not args.no_visible:
        corpus = mutant_evaluate.grade_submissions(mutant_evaluate.wrong_submissions()) if not args.problem else []
        surprises, losing = mutant_evaluate.surprise_rate(graded)
        c_surprises, c_losing = mutant_evaluate.surprise_rate(corpus)
        total = surprises + c_surprises, losing + c_losing
        print(
            f"surprise rate: mutants {surprises}/{losing} ({surprises / max(losing, 1):.1%}), "
            f"corpus and real-world bugs {c_surprises}/{c_losing} ({c_surprises / max(c_losing, 1):.1%}), "
            f"together {total[0]}/{total[1]} ({total[0] / max(total[1], 1):.1%})"
        )
        unnamed = [g for g in graded + corpus if g.surprise and None in g.categories]
        print(f"surprises whose feedback names no category: {len(unnamed)}")
        if args.surprises:
            for g in graded + corpus:
                if g.surprise and g.equivalent is None:
                    print(f"  surprise {g.label}: {g.feedback[:160]!r}")
    return 0 if worst >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
