"""Fair to every student: correct work written any way scores full marks under every identity.

The fairness bank (tests/fairness/<assignment>/<style>.py) holds eight complete submissions per assignment, each
function written another way (loops, einsum, Gram forms, logaddexp, log1p, tanh, in place on private copies,
the standard library). Each is handed in under 200 student identities, so 200 different sets of random inputs,
in one class batch per assignment: every one must score full marks. A tolerance that is a bare constant, or
random inputs where a correct formula loses digits, fails here (a Gram-matrix distance lost 2.5 points under
83 of 200 identities before the tolerances were computed from each input).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import grade_class

BANK = Path(__file__).resolve().parent / "fairness"
IDENTITIES = 200


@pytest.mark.parametrize("assignment", ["a1_encoding", "a2_losses", "a3_gradients"])
def test_every_correct_style_scores_full_marks_under_every_identity(tmp_path, assignment):
    styles = sorted((BANK / assignment).glob("*.py"))
    assert len(styles) >= 6, "the bank holds at least 6 ways of writing each function"
    sources = {
        f"{style.stem}-{n:04d}": style.read_text(encoding="utf-8") for style in styles for n in range(IDENTITIES)
    }
    graded = grade_class(sources, assignment, tmp_path)
    lost = {}
    for student, results in graded.items():
        for test in results["tests"]:
            if test["score"] < test["max_score"]:
                lost.setdefault((student.rsplit("-", 1)[0], test["name"]), []).append((student, test["output"][:300]))
    assert not lost, {key: (len(found), found[0]) for key, found in lost.items()}
    assert all(r["score"] == r["extra_data"]["kit"]["max_score"] for r in graded.values())
