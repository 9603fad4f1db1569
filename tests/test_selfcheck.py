"""One checker in three places: the visible checks say the same through the grading engine (`autograder check`),
in this process (plain pytest, a notebook's check()), and their failures are never empty; check() unfolds
its hints one at a time and says why a problem matters once it passes; the in-process `student` gives the
engine's outcomes."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest
from test_notebook_alone import BROKEN

from autograder import paths
from autograder.authoring.layout import read_module
from autograder.checker.feedback import NotImplementedByStudent, StudentRaised
from autograder.checker.local import LocalStudent
from autograder.checker.notebook import Checker
from autograder.checker.run import checks_of, run
from autograder.course import load_course
from autograder.grading.engine import Grader

COURSE = load_course()
CORPUS = Path(__file__).resolve().parent / "corpus"


def visible_module(assignment_id: str) -> types.ModuleType:
    """The shipped visible checks, imported here (they import the kit's own autograder.checker)."""
    path = paths.assignments_dir() / assignment_id / f"test_{assignment_id}_visible.py"
    spec = importlib.util.spec_from_file_location(f"_visible_{assignment_id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def submission_source(assignment_id: str, replaced: dict) -> str:
    """The reference solution with some functions replaced by other definitions."""
    source = (paths.solutions_dir() / f"{assignment_id}.py").read_text(encoding="utf-8")
    for function in read_module(source).functions:
        if function.name in replaced:
            source = source.replace(function.code, replaced[function.name].strip())
    return source


def namespace_of(source: str) -> dict:
    namespace = {"__name__": "submission"}
    exec(compile(source, "mine.py", "exec"), namespace)
    return namespace


# ---- the same messages through the engine and in this process ----------------------------------------
@pytest.mark.parametrize("assignment_id", ["a1_encoding", "a2_losses", "a3_gradients"])
def test_a_failed_visible_check_says_the_same_through_the_engine_and_here(tmp_path, assignment_id):
    broken = {name: code for name, (code, _) in BROKEN[assignment_id].items()}
    source = submission_source(assignment_id, broken)
    (tmp_path / "mine.py").write_text(source, encoding="utf-8")
    with Grader(assignment_id, visible=True) as grader:
        report = grader.grade(tmp_path / "mine.py")
    engine = {c.nodeid.split("::")[-1]: c for c in report.checks}

    module = visible_module(assignment_id)
    problems = list(COURSE.assignment(assignment_id).problems)
    student = LocalStudent(namespace_of(source))
    here = {
        o.test: o
        for problem, checks in checks_of(vars(module), problems).items()
        for o in run(assignment_id, problem, checks, student)
    }
    assert set(here) == set(engine)
    for test, outcome in here.items():
        assert outcome.passed == engine[test].passed, test
        for lang in ("en", "zh-TW"):
            ours = "\n".join(m.render(lang) for m in outcome.messages)
            theirs = engine[test].message(lang)
            assert ours == theirs, (test, lang)
    for problem, (_, message) in BROKEN[assignment_id].items():
        assert any(message in c.message("en") for c in report.checks if c.problem == problem), problem


def test_the_visible_checks_name_two_mistakes_at_once_as_the_grade_does():
    """One-hot minus softmax, not divided by N: at N = 1 the flipped sign alone, at N > 1 both; the self-check names
    the pair on every check it explains, as the hidden checks do (the pair composed from the carried slips)."""
    wrong = """
def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return _one_hot(labels, z.shape[-1]) - _softmax(z)
"""
    source = submission_source("a3_gradients", {"ce_grad_logits": wrong})
    module = visible_module("a3_gradients")
    checks = checks_of(vars(module), list(COURSE.assignment("a3_gradients").problems))["ce_grad_logits"]
    outcomes = run("a3_gradients", "ce_grad_logits", checks, LocalStudent(namespace_of(source)))
    named = [m.render("en") for o in outcomes if not o.passed for m in o.messages]
    pairs = [text for text in named if text.startswith("Your result is exactly what two mistakes made together give")]
    assert len(pairs) >= 3 and all("not divided by N, and flipped sign" in text for text in pairs), named
    assert not any(text.startswith("Your gradient is the negative") for text in named), named


def _failed_visible_checks(assignment_id: str, files: list) -> list:
    found = []
    with Grader(assignment_id, visible=True) as grader:
        for file in files:
            found += [(file.name, c) for c in grader.grade(file).checks if not c.passed]
    return found


@pytest.mark.parametrize("assignment_id", ["a1_encoding", "a2_losses", "a3_gradients", "a4_derivations"])
def test_no_failed_visible_check_anywhere_is_empty_or_reads_assertion_failed(tmp_path, assignment_id):
    """The labelled corpus of wrong submissions, a mistake in every function, and the stub: every failed visible
    check says something, in both languages, and never the bare "assertion failed"."""
    files = sorted((CORPUS / assignment_id).glob("*.py")) if (CORPUS / assignment_id).is_dir() else []
    broken = tmp_path / "broken.py"
    broken.write_text(
        submission_source(assignment_id, {n: c for n, (c, _) in BROKEN[assignment_id].items()}), encoding="utf-8"
    )
    files += [broken, paths.assignments_dir() / assignment_id / f"{assignment_id}.py"]
    failed = _failed_visible_checks(assignment_id, files)
    assert failed
    for name, check in failed:
        for lang in ("en", "zh-TW"):
            text = check.message(lang).strip()
            assert text and "assertion failed" not in text.lower() and text != "AssertionError", (
                name,
                check.name,
                lang,
            )


def test_the_engine_keeps_pytests_explanation_of_a_plain_assert(tmp_path):
    """A plain assert in a visible check explains itself under the engine as under plain pytest (the terminal
    reporter pytest's explanation needs is there, writing nowhere)."""
    tests = tmp_path / "test_plain_asserts.py"  # a name of its own: pytest keeps one module per name in a process
    tests.write_text(
        "import numpy as np\n\n\ndef test_mlp_logits_plain(student):\n"
        "    out = np.asarray(student.mlp_logits(np.ones((4, 3)), np.zeros((5, 3)), np.zeros(5),\n"
        "                                        np.zeros((2, 5)), np.zeros(2)))\n"
        "    assert out.shape == (4, 2)\n",
        encoding="utf-8",
    )
    mine = tmp_path / "mine.py"
    mine.write_text(
        submission_source("a1_encoding", {"mlp_logits": BROKEN["a1_encoding"]["mlp_logits"][0]}), encoding="utf-8"
    )
    with Grader("a1_encoding", visible=True, tests=tests) as grader:
        failed = [c for c in grader.grade(mine).checks if not c.passed]
    assert len(failed) == 1, [(c.nodeid, c.message("en")) for c in failed]
    (check,) = failed
    assert "assert (2, 4) == (4, 2)" in check.message("en")
    assert "assert (2, 4) == (4, 2)" in check.message("zh-TW")


# ---- the in-process student ----------------------------------------------------------------------------
def test_the_local_student_gives_the_engines_outcomes():
    def softmax(z):
        e = np.exp(z)
        return np.float32(e.sum()) if z.ndim == 0 else e / e.sum()

    def mutate(x):
        x += 1
        return x

    def broken(x):
        return [1, 2, 3][x]

    def todo(x):
        raise NotImplementedError

    student = LocalStudent({"softmax": softmax, "mutate": mutate, "broken": broken, "todo": todo})
    previous = np.seterr(all="ignore")  # a notebook that silenced numpy: each call still runs under the grader's state
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            student.softmax(np.array([1000.0, 0.0]))
    finally:
        np.seterr(**previous)
    assert student.last_warnings and "overflow encountered in exp" in student.last_warnings[0]
    assert type(student.softmax(np.array(2.0))) is float  # numpy scalars come back as numbers, as over the wire
    x = np.zeros(3)
    got, after = student.call_with_args_after("mutate", x)
    assert np.array_equal(x, np.zeros(3)) and np.array_equal(after[0], np.ones(3)), "the student works on a copy"
    with pytest.raises(StudentRaised) as raised:
        student.broken(5)
    assert raised.value.type_name == "IndexError" and "broken(5) raised IndexError" in raised.value.render("en")
    with pytest.raises(NotImplementedByStudent) as todo_raised:
        student.todo(1)
    assert todo_raised.value.render("en") == "todo is not implemented yet (it raised NotImplementedError)."
    with pytest.raises(NotImplementedByStudent) as missing:
        student.nothing_here(1)
    assert missing.value.render("en") == "nothing_here is not defined in your submission."
    assert str(student.last_call) == "nothing_here(1)"


def test_a_comparison_names_the_last_call_unless_told_another():
    """expect_* default to the call the `student` made last; a new `student` (a new check) names no earlier call."""
    from autograder.checker.compare import expect_array, expect_scalar
    from autograder.checker.feedback import Feedback
    from autograder.checker.values import CallText

    student = LocalStudent({"double": lambda x: 2 * x, "half": lambda x: x / 2})
    first = student.double(np.array([1.0, 2.0]))
    student.half(8.0)
    with pytest.raises(Feedback) as named:
        expect_scalar(3.0, 4.0)
    assert named.value.render("en").startswith("half(8): expected 4")
    with pytest.raises(Feedback) as pointed:
        expect_array(first, [2.0, 5.0], call=CallText("double", (np.array([1.0, 2.0]),)))
    assert pointed.value.render("en").startswith("double([1., 2.]): expected [2., 5.]")
    LocalStudent({})  # the next check's student: it has called nothing yet
    with pytest.raises(Feedback) as fresh:
        expect_scalar(3.0, 4.0)
    assert fresh.value.render("en").startswith(": expected 4"), "no earlier call named"


# ---- check() in a notebook ------------------------------------------------------------------------------
def _checker(assignment_id: str, definitions: dict, lang: str = "en"):
    printed = []
    namespace = namespace_of(submission_source(assignment_id, definitions))
    check = Checker(
        namespace,
        visible_module(assignment_id),
        assignment=assignment_id,
        points=COURSE.assignment(assignment_id).problems,
        lang=lang,
        printer=printed.append,
    )
    return check, printed, namespace


def test_hints_unfold_one_more_each_time_the_checks_fail_again():
    check, printed, _ = _checker("a1_encoding", {"softmax": BROKEN["a1_encoding"]["softmax"][0]})
    for _ in range(4):
        assert not check("softmax")
    kinds = [re.findall(r"Hint \d of 3 \((the idea|the formula|a skeleton)\)", text) for text in printed]
    assert kinds == [
        ["the idea"],
        ["the idea", "the formula"],
        ["the idea", "the formula", "a skeleton"],
        ["the idea", "the formula", "a skeleton"],
    ]
    assert "without subtracting the max first" in printed[0] and "softmax is worth 30 points" in printed[0]
    assert "one more hint unfolds" in printed[0] and "one more hint unfolds" not in printed[2]
    fresh, again, _ = _checker("a1_encoding", {"softmax": BROKEN["a1_encoding"]["softmax"][0]})
    fresh("softmax")
    assert "Hint 2 of 3" not in again[0], "the hints live in the session's Checker only"


def test_a_passing_problem_says_why_it_matters_with_the_students_own_numbers():
    check, printed, _ = _checker("a3_gradients", {})
    assert check("mse_grad_logits")
    text = printed[0]
    assert "→ mse_grad_logits: all 8 visible checks pass." in text and "Why it matters:" in text
    assert re.search(
        r"your cross-entropy gradient is \[-1, 1, 0\] and your MSE gradient is \[-4\.5e-07, 4\.5e-07, -0\]", text
    ), text
    assert "Hint" not in text


def test_check_speaks_the_course_language_and_knows_its_problems():
    check, printed, namespace = _checker(
        "a2_losses", {"cross_entropy": BROKEN["a2_losses"]["cross_entropy"][0]}, "zh-TW"
    )
    assert not check("cross_entropy")
    assert "沒有裁切" in printed[0] and "提示 1/3（概念）" in printed[0] and "佔 20 分" in printed[0]
    assert not check("cross_entropi") and "這裡沒有名為 cross_entropi 的題目" in printed[1]
    assert check.failing("mse_loss", "cross_entropy") == ["cross_entropy"]
    with check.demo("cross_entropy"):
        pass
    assert "還沒通過公開檢查：cross_entropy" in printed[-1] and 'check("cross_entropy")' in printed[-1]
    namespace.pop("mse_loss")
    assert not check("mse_loss") and "→ mse_loss 還沒寫" in printed[-1]


def test_check_of_every_problem_sums_up_the_points_the_visible_checks_cover():
    check, printed, _ = _checker("a1_encoding", {"mlp_logits": BROKEN["a1_encoding"]["mlp_logits"][0]})
    assert not check()
    assert "✗ mlp_logits: 0 / 6" in printed[0]
    assert "41 of 47 visible checks pass; problems worth 85 of 100 points pass all of theirs." in printed[0]


# ---- forbidden packages: refused by the self-check as by the grade ---------------------------------------------
FAKE_PACKAGE = '''"""A package under a forbidden name (course.yml forbids it), imported in place of the work."""
import numpy as _np


def softmax(z, axis=-1):
    e = _np.exp(z - _np.max(z, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


expit = _np.frompyfunc(lambda v: 1.0 / (1.0 + _np.exp(-v)), 1, 1)  # a ufunc: it names no module of its own
'''


@pytest.fixture
def forbidden_package(tmp_path, monkeypatch):
    """A package named sklearn (forbidden by course.yml, not installed in the kit's environment) on sys.path."""
    (tmp_path / "pkgs" / "sklearn").mkdir(parents=True)
    (tmp_path / "pkgs" / "sklearn" / "__init__.py").write_text(FAKE_PACKAGE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))
    yield tmp_path / "pkgs"
    sys.modules.pop("sklearn", None)


@pytest.mark.parametrize(
    "use",
    [
        "from sklearn import softmax as _theirs\n\ndef softmax(logits, axis=-1):\n"
        "    return _theirs(logits, axis=axis)\n",
        "import sklearn\n\ndef softmax(logits, axis=-1):\n    return sklearn.softmax(logits, axis=axis)\n",
        "import importlib\n\ndef softmax(logits, axis=-1):\n"
        "    return importlib.import_module('sk' + 'learn').softmax(logits, axis=axis)\n",
    ],
    ids=["imported", "attribute", "lazy"],
)
def test_check_refuses_a_forbidden_package_as_the_grade_does(forbidden_package, use):
    assert "sklearn" in COURSE.assignment("a1_encoding").forbidden_imports
    printed = []
    namespace = namespace_of(submission_source("a1_encoding", {}) + "\n" + use)
    check = Checker(
        namespace,
        visible_module("a1_encoding"),
        assignment="a1_encoding",
        points=COURSE.assignment("a1_encoding").problems,
        printer=printed.append,
        forbidden=COURSE.assignment("a1_encoding").forbidden_imports,
    )
    assert not check("softmax")
    assert "softmax uses sklearn, which this assignment does not allow" in printed[0]
    assert check("one_hot")  # the other problems are not touched


def test_plain_pytest_refuses_a_forbidden_ufunc(forbidden_package, tmp_path):
    folder = tmp_path / "a1"
    shutil.copytree(paths.KIT_ROOT / "assignments" / "a1_encoding", folder)
    (folder / "a1_encoding.py").write_text(
        submission_source("a1_encoding", {}) + "\nfrom sklearn import expit\n\n\ndef sigmoid(z):\n"
        "    return expit(z).astype(float)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(forbidden_package)},
    )
    assert done.returncode == 1, done.stdout
    assert "sigmoid uses sklearn, which this assignment does not allow" in done.stdout
    assert "test_softmax" not in done.stdout.split("short test summary")[-1]


# ---- where a raise is: the student's terms everywhere ----------------------------------------------------------
RAISING = "def encoding_distances(encodings):\n    e = np.asarray(encodings)\n    return e[99]\n"


def test_the_grade_and_plain_pytest_point_into_the_notebook_as_jupyter_numbers_it(tmp_path):
    """A function that raises: the grade says the function, its line within the cell and the cell as Jupyter
    numbers it ([n] once the notebook ran), and so does plain pytest on the same notebook."""
    import nbformat

    from autograder.authoring.notebooks import solution_notebook

    nb = solution_notebook(COURSE.assignment("a1_encoding"))
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("def encoding_distances("):
            cell.source = RAISING
            cell.execution_count = 12
    path = tmp_path / "mine.ipynb"
    nbformat.write(nb, path)
    with Grader("a1_encoding", visible=True) as grader:
        report = grader.grade(path)
    said = [c.message("en") for c in report.checks if c.problem == "encoding_distances" and not c.passed]
    assert said and all("(in encoding_distances, line 3 of cell [12])" in text for text in said), said[:2]
    assert any("（encoding_distances 函式裡，儲存格 [12] 第 3 行）" in c.message("zh-TW") for c in report.checks)

    folder = tmp_path / "a1"
    shutil.copytree(paths.assignments_dir() / "a1_encoding", folder)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--submission={path}"],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=300,
    )
    assert "(in encoding_distances, line 3 of cell [12])" in done.stdout, done.stdout[-2000:]
