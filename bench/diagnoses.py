"""How often the kit names the right misconception: precision and recall on the labelled corpus of wrong submissions.

The corpus (tests/corpus/<assignment>/<entry>.py) holds one wrong function per entry, labelled with the
misconception it must be told (one mistake, two at once, or the consequence two mistakes share), or with none
when no known mistake explains it (near misses: temperature, label smoothing, the min for the max). Each entry
is graded by the real engine with every hidden check, on top of the reference solution.

    precision = misconceptions named rightly / all misconceptions named   (target 1.0: a wrong one teaches wrongly)
    recall    = entries with a known mistake that got it / such entries   (target ≥ 0.95)

    .venv/bin/python bench/diagnoses.py [--entries]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "corpus"))

import evaluate  # noqa: E402

from autograder.grading import mistakes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", action="store_true", help="print every entry with what it was told")
    args = parser.parse_args()
    entries = evaluate.load_entries()
    started = time.perf_counter()
    outcomes = evaluate.grade(entries)
    seconds = time.perf_counter() - started
    figures = evaluate.figures(outcomes)
    if args.entries:
        for o in outcomes:
            named = ", ".join(f"{p}:{t}" for p, t in sorted(o.named)) or "—"
            mark = "ok " if not o.wrong and (o.found or o.entry.expect is None) else "!! "
            print(f"{mark}{o.entry.label:45s} expect {o.entry.expect or 'none':32s} named {named}")
    by_assignment = {}
    for o in outcomes:
        by_assignment.setdefault(o.entry.assignment, []).append(o)
    print(
        f"corpus: {len(entries)} wrong submissions ({figures.expected} with a known mistake, "
        f"{len(entries) - figures.expected} with none), graded in {seconds:.1f} s"
    )
    for assignment, group in sorted(by_assignment.items()):
        f = evaluate.figures(group)
        print(f"  {assignment:13s} {len(group):3d} entries  precision {f.precision:.3f}  recall {f.recall:.3f}")
    known = mistakes.known()
    labels = [o.entry.expect for o in outcomes if o.entry.expect]
    pairs = [o for o in outcomes if o.entry.expect and len(known.parts(o.entry.expect)) == 2]
    shared = [o for o in outcomes if o.entry.expect in known.consequences]
    print(
        f"  two mistakes at once {len(pairs)} (named {sum(o.found for o in pairs)}), named by a shared consequence "
        f"{len(shared)} (named {sum(o.found for o in shared)}), "
        f"single mistakes {len(labels) - len(pairs) - len(shared)}"
    )
    print(f"precision {figures.precision:.3f} ({figures.named_right} named rightly, {figures.named_wrong} wrongly)")
    print(f"recall    {figures.recall:.3f} ({figures.found} of {figures.expected} known mistakes named)")
    return 0 if figures.precision == 1.0 and figures.recall >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
