"""No page or terminal line shows a score with more than 2 decimals, whatever a results.json holds (an older kit
wrote 4 decimals: "73.3333 / 100", "3.3335/3.3335")."""

from __future__ import annotations

import copy
import html
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.grading.results_view import ResultsView

from helpers import ROOT

LONG = re.compile(r"(?<![\w.])\d+\.\d{3,}(?![\w.])")  # a number with 3 or more decimals
PAIR = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?) ?/ ?(\d+(?:\.\d+)?)(?![\w.])")  # "score / max" as printed
TRACES = ("42.738", "3.3335", "3.3334", "13.333", "14.999", "47.486")  # what the older file's numbers would print as
UGLY = {"score": 42.73817, "check": 3.33351, "max": 3.33349}


def _older(data: dict) -> dict:
    """The same grade as an older kit would have written it: scores with 4 or more decimals."""
    data = copy.deepcopy(data)
    data["score"] = UGLY["score"]
    for test in data["tests"]:
        test["score"], test["max_score"] = UGLY["check"] * (test["score"] > 0), UGLY["max"]
    for problem in data["extra_data"]["kit"]["problems"].values():
        problem["score"], problem["max_score"] = 13.33337, 14.99999
    data["extra_data"]["kit"]["late"] = {"days_late": 1, "factor": 0.9, "score_on_time": 47.48686, "accepted": True}
    return data


@pytest.fixture(scope="module")
def graded() -> dict:
    from autograder.grading.supervisor import grade_submission

    return grade_submission(
        ROOT / "samples" / "a1_encoding" / "wrong_axis.py",
        "a1_encoding",
        submitted_at=load_course().assignment("a1_encoding").due + timedelta(hours=5),
    ).to_results()


def _visible(page: str) -> str:
    """The page's text without the feedback messages themselves (their numbers are the student's answers)."""
    page = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page)
    page = re.sub(r"<(style|pre)\b.*?</\1>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _out(tmp_path: Path, graded: dict) -> Path:
    out = tmp_path / "a1_encoding"
    for student, data in (("ada", graded), ("old", _older(graded))):
        (out / student).mkdir(parents=True)
        (out / student / "results.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def test_the_pages_show_at_most_two_decimals(tmp_path, graded):
    from autograder.gradebook.book import build_gradebook
    from autograder.gradebook.page import build_gradebook_html
    from autograder.reporting.class_report import write_class_report
    from autograder.reporting.feedback_pages import write_feedback_pages

    out = _out(tmp_path, graded)
    pages = write_feedback_pages(out) + [write_class_report(out, lang="en")]
    texts = {p.name + ":" + p.parent.name: _visible(p.read_text(encoding="utf-8")) for p in pages}
    book = build_gradebook([out], load_course())
    texts["gradebook"] = _visible(build_gradebook_html(book, tmp_path, "en"))
    for name, text in texts.items():
        assert not LONG.findall(text), (name, LONG.findall(text))
    assert "42.74" in texts["feedback.html:old"] and "3.33" in texts["feedback.html:old"]


def test_the_terminal_shows_at_most_two_decimals(graded, capsys, monkeypatch):
    from autograder.integrations.nbgrader_grade import problem_text
    from autograder.reporting.terminal import print_check, print_report

    monkeypatch.setenv("COLUMNS", "160")
    for data in (graded, _older(graded)):
        view = ResultsView.of(data)
        print_report(view)
        print_check(view, "wrong_axis.py")
        print(problem_text(view, "softmax", 30.0, view.problems["softmax"].score))
    text = capsys.readouterr().out
    pairs = PAIR.findall(text)
    assert pairs and not LONG.findall(" ".join(n for pair in pairs for n in pair)), pairs
    assert not [t for t in TRACES if t in text]
    assert "42.74 / " in text


def test_the_demo_table_shows_at_most_two_decimals(tmp_path, graded, capsys):
    from autograder.reporting.demo_table import main

    _out(tmp_path, graded)
    main(str(tmp_path), ["a1_encoding"])
    text = capsys.readouterr().out
    assert not LONG.findall(text), LONG.findall(text)
    assert "42.74" in text


def test_a_fresh_grade_already_holds_at_most_two_decimals(graded):
    kit = graded["extra_data"]["kit"]
    scores = [
        graded["score"],
        kit["max_score"],
        kit["late"]["score_on_time"],
        *(t[k] for t in graded["tests"] for k in ("score", "max_score")),
        *(p[k] for p in kit["problems"].values() for k in ("score", "max_score")),
    ]
    assert not LONG.findall(json.dumps(scores)), scores
    assert any(t.get("extra_data", {}).get("kind") == "late_penalty" for t in graded["tests"])
