"""Every word in the student's language: with zh-TW, no English sentence in what grade, check, feedback and report
show for failing submissions (code, numbers and function names allowed), and feedback stored as catalogue keys is
shown again in whichever language a page asks for."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
import yaml

from english import english_sentences, page_text
from helpers import ROOT, write_course

CORPUS = ROOT / "tests" / "corpus"


def _with_mistakes(assignment: str, *entries: str, extra: str = "") -> str:
    source = (ROOT / "solutions" / f"{assignment}.py").read_text(encoding="utf-8")
    for entry in entries:
        source += "\n\n" + (CORPUS / assignment / f"{entry}.py").read_text(encoding="utf-8")
    return source + textwrap.dedent(extra)


# assignment -> {student: source}: failing in many ways (wrong values, misconceptions, raised, forbidden, not
# implemented)
SUBMISSIONS = {
    "a1_encoding": {
        "many_mistakes": _with_mistakes(
            "a1_encoding",
            "softmax_no_max",
            "sigmoid_flipped",
            "one_hot_transposed",
            "mlp_relu",
            extra="""
            def encoding_distances(encodings):
                raise IndexError(3)
            """,
        ),
        "forbidden": _with_mistakes(
            "a1_encoding",
            extra="""
            def log_softmax(logits, axis=-1):
                from scipy import special
                return special.log_softmax(logits, axis=axis)
            """,
        ),
        "syntax_error": (ROOT / "samples" / "a1_encoding" / "syntax_error.py").read_text(encoding="utf-8"),
        "stub": (ROOT / "assignments" / "a1_encoding" / "a1_encoding.py").read_text(encoding="utf-8"),
    },
    "a2_losses": {
        "many_mistakes": _with_mistakes(
            "a2_losses",
            "ce_no_clipping",
            "likelihood_log",
            "table_softmax_for_multilabel",
            "mse_rmse",
            "sce_log_of_softmax",
            "bce_sum_over_labels",
        ),
    },
    "a3_gradients": {
        "many_mistakes": _with_mistakes(
            "a3_gradients",
            "jacobian_flipped",
            "numgrad_forward",
            "train_gradient_not_divided",
            "surface_transposed",
            "mse_grad_no_jacobian",
            "ce_grad_not_divided",
        ),
    },
    "a4_derivations": {
        "false_step": (ROOT / "samples" / "a4_derivations" / "false_step.py").read_text(encoding="utf-8"),
        "leap": (ROOT / "samples" / "a4_derivations" / "leap.py").read_text(encoding="utf-8"),
    },
}


def _notebook(source: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("%matplotlib inline\n" + source)]
    return nbformat.writes(nb)


@pytest.fixture(scope="module")
def zh_course(tmp_path_factory):
    """A course taught in Traditional Chinese (its titles too: they are the instructor's words, not the kit's)."""
    folder = tmp_path_factory.mktemp("zh-course")
    path = write_course(folder, call_seconds=3, submission_seconds=60)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["language"] = "zh-TW"
    data["title"] = "分類的損失函數"
    for spec in data["assignments"].values():
        spec["title"] = "作業"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def run(course: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "--course", str(course), *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )


def no_english(where: str, text: str, allowed: set = frozenset()) -> None:
    found = english_sentences(text, allowed)
    assert found == [], f"English in {where}: {found[:5]}\n---\n{text[:3000]}"


@pytest.fixture(scope="module")
def graded(zh_course, tmp_path_factory):
    """Every failing submission batch-graded by the zh-TW course, with its feedback pages and class report."""
    root = tmp_path_factory.mktemp("zh-graded")
    outs = {}
    for assignment, students in SUBMISSIONS.items():
        folder = root / "in" / assignment
        folder.mkdir(parents=True)
        for student, source in students.items():
            (folder / f"{student}.py").write_text(source, encoding="utf-8")
        if assignment == "a1_encoding":
            (folder / "notebook.ipynb").write_text(_notebook(students["many_mistakes"]), encoding="utf-8")
        out = root / "out" / assignment
        proc = run(zh_course, "batch", str(folder), "-a", assignment, "--out", str(out), "--jobs", "2")
        assert proc.returncode == 0, proc.stderr
        for command in ("feedback", "report"):
            proc = run(zh_course, command, str(out))
            assert proc.returncode == 0, proc.stderr
            no_english(f"autograder {command}", proc.stdout)
        outs[assignment] = out
    return outs


@pytest.mark.slow
def test_results_json_outputs_are_in_traditional_chinese(graded):
    for out in graded.values():
        for path in sorted(out.glob("*/results.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["extra_data"]["kit"]["language"] == "zh-TW"
            no_english(f"{path} output", data["output"])
            for test in data["tests"]:
                no_english(f"{path} {test['name']}", test["name"] + "\n" + test["output"])
            for problem in data["extra_data"]["kit"]["problems"].values():
                no_english(f"{path} problem", problem["message"])
            assert any(t["status"] == "failed" for t in data["tests"]) or data["score"] == 0


@pytest.mark.slow
def test_feedback_pages_and_the_report_are_in_traditional_chinese(graded):
    for assignment, out in graded.items():
        for page in sorted(out.glob("*/feedback.html")):
            no_english(str(page), page_text(page.read_text(encoding="utf-8")))
        report = (out / "report.html").read_text(encoding="utf-8")
        no_english(f"{assignment} report", page_text(report))
    a1 = (graded["a1_encoding"] / "report.html").read_text(encoding="utf-8")
    assert "exp 溢位（沒有先減去最大值）" in a1 and 'data-tag="no-max-subtraction"' in a1  # tags by their names


@pytest.mark.slow
def test_grade_and_check_print_traditional_chinese(zh_course, tmp_path):
    for assignment, students in SUBMISSIONS.items():
        for student, source in students.items():
            path = tmp_path / f"{student}_{assignment}.py"
            path.write_text(source, encoding="utf-8")
            results = tmp_path / f"{student}_{assignment}.json"
            proc = run(zh_course, "grade", str(path), "-a", assignment, "--results", str(results))
            assert proc.returncode == 0, proc.stderr
            no_english(f"grade {student} {assignment}", proc.stdout)
            proc = run(zh_course, "check", assignment, str(path))
            assert proc.returncode == 0, proc.stderr
            no_english(f"check {student} {assignment}", proc.stdout)
    proc = run(zh_course, "check", "a1_encoding", str(tmp_path / "missing.py"))
    assert proc.returncode == 2 and "找不到繳交檔案" in proc.stderr
    no_english("a bad-input error", proc.stderr)
    proc = run(zh_course, "check", "a7_unknown")
    assert proc.returncode == 2 and "未知的作業" in proc.stderr


@pytest.mark.slow
def test_feedback_lang_renders_the_messages_again(tmp_path):
    """Graded in English, the pages and the report are rendered in Traditional Chinese on request, and back."""
    course = write_course(tmp_path, call_seconds=3)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "alice.py").write_text(SUBMISSIONS["a2_losses"]["many_mistakes"], encoding="utf-8")
    out = tmp_path / "out"
    assert run(course, "batch", str(folder), "-a", "a2_losses", "--out", str(out), "--lang", "en").returncode == 0
    data = json.loads((out / "alice" / "results.json").read_text(encoding="utf-8"))
    failed = next(t for t in data["tests"] if "misconception:log-of-zero" in t["tags"])
    assert "without clipping" in failed["output"]
    assert [m["key"] for m in failed["extra_data"]["messages"]][-1] == "hint:log-of-zero"
    assert run(course, "feedback", str(out), "--lang", "zh-TW").returncode == 0
    page = (out / "alice" / "feedback.html").read_text(encoding="utf-8")
    assert "沒有裁切" in page and "without clipping" not in page
    no_english("re-rendered page", page_text(page))
    assert run(course, "report", str(out), "--lang", "zh-TW").returncode == 0
    data = yaml.safe_load(course.read_text(encoding="utf-8"))  # the course's titles are the instructor's words
    titles = [data["title"], *(spec.get("title", "") for spec in data["assignments"].values())]
    no_english(
        "re-rendered report",
        page_text((out / "report.html").read_text(encoding="utf-8")),
        {w.lower() for t in titles for w in t.replace("—", " ").split()},
    )
    assert run(course, "feedback", str(out), "--lang", "en").returncode == 0
    page = (out / "alice" / "feedback.html").read_text(encoding="utf-8")
    assert "without clipping" in page and "沒有裁切" not in page


def test_the_detector_finds_english_and_allows_code():
    assert (
        english_sentences("softmax([[1., 2.]], axis=0)：應為 [0.5, 0.5]，得到 nan。pytest：assert (2, 3) == (2, 4)")
        == []
    )
    assert english_sentences("np.clip(p, eps, 1) 與 `# YOUR CODE HERE`") == []
    assert english_sentences("這正是 the loss without clipping 的結果") == ["the loss without clipping"]
    assert english_sentences("Likely cause: exp overflows") == ["Likely cause"]


@pytest.mark.parametrize("assignment", ["a1_encoding", "a4_derivations"])
def test_plain_pytest_in_traditional_chinese_on_a_big5_console_prints_no_escape(tmp_path, assignment):
    """`pytest --lang=zh-TW` in an assignment folder on a cp950 (Big5) console: readable text, never pytest's
    \\uXXXX escapes of a line that held one character the console lacks (⟨, ×, −, ✗); the messages in Chinese."""
    import shutil

    folder = tmp_path / assignment
    shutil.copytree(ROOT / "assignments" / assignment, folder)
    mistakes = {"a1_encoding": SUBMISSIONS["a1_encoding"]["many_mistakes"]}
    if assignment in mistakes:
        (folder / f"{assignment}.py").write_text(mistakes[assignment], encoding="utf-8")
    env = {**__import__("os").environ, "PYTHONIOENCODING": "cp950"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--lang=zh-TW"],
        cwd=folder,
        capture_output=True,
        timeout=300,
        env=env,
    )
    out = done.stdout.decode("cp950")
    assert done.returncode == 1, out[-3000:]
    assert "\\u" not in out and "\\x" not in out, [line for line in out.splitlines() if "\\u" in line][:3]
    assert "未通過" in out or "尚未實作" in out or "應為" in out, out[-2000:]
    no_english(f"pytest --lang=zh-TW {assignment}", out.split("short test summary info")[0].split("FAILURES")[-1])


def test_the_glossary_is_followed_by_the_messages_and_the_stories():
    """One word per lecture term and language (catalogue/<language>/glossary.yml): no sentence of the catalogue and
    no story of that language uses a variant the glossary lists under `avoid`, and every [[term]] is one of its
    terms."""
    from autograder.authoring.story import STORIES_DIR
    from autograder.catalogue import CATALOGUE
    from autograder.catalogue.store import TERM

    wrong = []
    for code, language in CATALOGUE.languages.items():
        avoid = {
            key.split(":", 1)[1]: [w.strip() for w in text.split(",") if w.strip() not in ("", "-")]
            for key, text in language.messages.items()
            if key.startswith("avoid:")
        }
        assert avoid and all(f"glossary:{term}" in language.messages for term in avoid), code
        texts = {key: text for key, text in language.messages.items() if not key.startswith("avoid:")}
        folder = STORIES_DIR / code
        stories = (
            {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))} if folder.is_dir() else {}
        )
        for term, words in avoid.items():
            for word in words:
                wrong += [f"{code} {key}: {word!r} for [[{term}]]" for key, text in texts.items() if word in text]
                wrong += [
                    f"{code} story {name}: {word!r} for [[{term}]]" for name, text in stories.items() if word in text
                ]
        for name, text in stories.items():
            wrong += [
                f"{code} story {name}: [[{m[1]}]]" for m in TERM.finditer(text) if f"glossary:{m[1]}" not in texts
            ]
    assert wrong == []
    zh = CATALOGUE.languages["zh-TW"].messages
    assert zh["glossary:likelihood"] == "概似" and "最大化概似" in zh["lesson:a2_losses:likelihood:why"]
