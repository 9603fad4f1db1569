"""The class report and the feedback pages, on a made-up batch: numbers, grouping, escaping, atomic writes, and a real
headless Chromium that renders the pages (a screenshot and the DOM it built)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.errors import KitError
from autograder.reporting import write_class_report, write_feedback_pages
from autograder.reporting._common import normalise_message, scrub

HOSTILE_DIR = "<img src=x onerror=alert(1)>"
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_MESSAGE = "</pre><script>alert(2)</script> got <b>bold</b>"
SECRET_SHA = "5e3c7a0f" * 8
SEED = 987654321

# a1_encoding as the graders check it: problem -> [(check, points, visibility)], points as in course.yml.
CHECKS = {
    "encoding_distances": [
        ("shape is (K, K)", 3),
        ("one-hot rows are √2 apart", 4),
        ("ids: class 1 nearer class 2", 3),
    ],
    "one_hot": [("shape is labels.shape + (K,)", 5), ("exactly one 1 per row", 5), ("ValueError for a bad label", 5)],
    "softmax": [
        ("sums to one along the axis", 8),
        ("finite for logits of ±1e4", 8),
        ("unchanged by a shift", 7),
        ("respects the axis argument", 7),
    ],
    "log_softmax": [("matches log(softmax)", 8), ("finite where softmax underflows", 7)],
    "sigmoid": [("values", 8), ("no overflow warning for large |z|", 7)],
    "mlp_logits": [("shape (N, K)", 5), ("matches the lecture's formula", 5), ("hidden batch", 5)],
}
HIDDEN = {("mlp_logits", "hidden batch")}
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/srv/kit/autograder/graders/a1_encoding.py", line 88, in check_softmax\n'
    "    assert np.allclose(secret_expected, got)\n"
    '  File "submission.py", line 5, in softmax\n'
    "    e = np.exp(logits)\n"
    "FloatingPointError: overflow encountered in exp (logits up to 10000.0)"
)

# student -> failures {(problem, check): (message, misconception or None)}, whole-problem statuses, duration, language.
STUDENTS = {
    "alice": ({}, {}, 0.81, "en"),
    "bob": (
        {
            ("softmax", "finite for logits of ±1e4"): (
                "softmax([1e4, 0]) returned [nan, 0.0], expected [1.0, 0.0]: subtract the row max before exp",
                "no-max-subtraction",
            ),
            ("log_softmax", "finite where softmax underflows"): (
                "got -inf at logits[0, 2] = -1000.0",
                "log-of-softmax",
            ),
        },
        {},
        1.2,
        "en",
    ),
    "chen": (
        {
            ("softmax", "sums to one along the axis"): (
                "sums along axis -1 are [0.33, 0.41]; you normalised along axis 0",
                "wrong-axis",
            ),
            ("softmax", "respects the axis argument"): ("softmax(x, axis=0) ignored axis", "wrong-axis"),
        },
        {"one_hot": ("not implemented", "one_hot is not defined in the submission")},
        0.93,
        "en",
    ),
    "dana": (
        {
            ("softmax", "finite for logits of ±1e4"): (
                "softmax([-1e4, 3]) returned [0.0, nan], expected [0.0, 1.0]: subtract the row max before exp",
                "no-max-subtraction",
            ),
            ("sigmoid", "no overflow warning for large |z|"): (
                "RuntimeWarning: overflow in exp for z = -800.0",
                "sigmoid-overflow",
            ),
        },
        {},
        2.3,
        "en",
    ),
    "eve": (
        {},
        {"softmax": ("forbidden", "softmax calls scipy.special.softmax: scipy is not allowed here")},
        1.04,
        "en",
    ),
    "farid": (
        {
            ("encoding_distances", "one-hot rows are √2 apart"): (
                "expected 1.4142 between one-hot rows 0 and 1, got 2.0",
                None,
            ),
            ("mlp_logits", "hidden batch"): ("hidden batch: W1 = [[0.25, -1.5]] expected 0.731", None),
        },
        {},
        45.3,
        "en",
    ),
    "gao": (
        {
            ("encoding_distances", "one-hot rows are √2 apart"): (
                "expected 1.4142 between one-hot rows 2 and 3, got 1.0",
                None,
            ),
            ("softmax", "finite for logits of ±1e4"): (TRACEBACK, "no-max-subtraction"),
        },
        {},
        3.1,
        "zh-TW",
    ),
    HOSTILE_DIR: ({("one_hot", "ValueError for a bad label"): (HOSTILE_MESSAGE, None)}, {}, 0.7, "en"),
}


def _result(student: str, failures: dict, whole: dict, duration: float, language: str) -> dict:
    """A results.json as the engine writes it (Gradescope fields plus extra_data.kit)."""
    tests, problems = [], {}
    for pid, checks in CHECKS.items():
        got = 0.0
        first = ""
        for name, points in checks:
            if pid in whole:
                ok, message, tag = False, whole[pid][1], None
            else:
                message, tag = failures.get((pid, name), ("", None))
                ok = (pid, name) not in failures
            score = float(points) if ok else 0.0
            got += score
            first = first or ("" if ok else message)
            tags = [pid] + ([f"misconception:{tag}"] if tag else [])
            test = {
                "name": f"{pid}: {name}",
                "score": score,
                "max_score": float(points),
                "status": "passed" if ok else "failed",
                "output": message,
                "visibility": "hidden" if (pid, name) in HIDDEN else "visible",
                "tags": tags,
                "extra_data": {"duration": 0.01},
            }
            if tag:
                test["extra_data"]["misconception"] = tag
            tests.append(test)
        status = whole[pid][0] if pid in whole else ("passed" if got == sum(p for _, p in checks) else "failed")
        problems[pid] = {
            "score": got,
            "max_score": float(sum(p for _, p in checks)),
            "status": status,
            "message": first,
        }
    total = sum(p["score"] for p in problems.values())
    return {
        "score": total,
        "execution_time": duration,
        "output": f"{total:g} / 100 on a1_encoding",
        "visibility": "after_published",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "kit": {
                "assignment": "a1_encoding",
                "student": HOSTILE_NAME if student == HOSTILE_DIR else student,
                "seed": SEED,
                "language": language,
                "max_score": 100.0,
                "problems": problems,
                "status": "graded",
                "note": "",
                "content_sha256": SECRET_SHA,
                "graders_sha256": SECRET_SHA,
                "duration": duration,
            }
        },
    }


def _syntax_error() -> dict:
    problems = {
        pid: {
            "score": 0.0,
            "max_score": float(sum(p for _, p in checks)),
            "status": "failed",
            "message": "the submission could not be imported",
        }
        for pid, checks in CHECKS.items()
    }
    return {
        "score": 0.0,
        "execution_time": 0.1,
        "output": "syntax error at line 3",
        "visibility": "after_published",
        "stdout_visibility": "hidden",
        "tests": [],
        "extra_data": {
            "kit": {
                "assignment": "a1_encoding",
                "student": "hana",
                "seed": SEED,
                "language": "en",
                "max_score": 100.0,
                "problems": problems,
                "status": "error",
                "note": "syntax error at line 3: invalid syntax",
                "duration": 0.1,
            }
        },
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A batch of ten: eight graded, one syntax error, one results.json that is not JSON."""
    root = tmp_path / "OUT"
    for student, spec in STUDENTS.items():
        (root / student).mkdir(parents=True)
        (root / student / "results.json").write_text(json.dumps(_result(student, *spec), ensure_ascii=False), "utf-8")
    (root / "hana").mkdir()
    (root / "hana" / "results.json").write_text(json.dumps(_syntax_error()), "utf-8")
    (root / "broken").mkdir()
    (root / "broken" / "results.json").write_text("{not json", "utf-8")
    (root / "grades.csv").write_text("student,score\n", "utf-8")
    return root


class Tables(HTMLParser):
    """Rows of cell texts of every table with an id, and the attributes of every element with an id."""

    def __init__(self, text: str):
        super().__init__()
        self.tables, self.ids, self.tags = {}, {}, []
        self._table, self._row, self._cell = None, None, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids[attrs["id"]] = attrs
        if tag == "table" and "id" in attrs:
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = {"attrs": attrs, "cells": []}
            self._table.append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _row(tables: Tables, table: str, **attrs) -> list[str]:
    for row in tables.tables[table]:
        if all(row["attrs"].get(k) == v for k, v in attrs.items()):
            return row["cells"]
    raise AssertionError(f"no row {attrs} in {table}: {tables.tables[table]}")


def _card(tables: Tables, text: str, key: str) -> str:
    match = re.search(rf'data-key="{key}"><div class="v">([^<]*)</div>', text)
    assert match, f"no {key} card"
    return match.group(1)


def test_report_summarises_the_class(out):
    path = write_class_report(out)
    assert path == out / "report.html"
    text = path.read_text("utf-8")
    tables = Tables(text)
    assert "a1_encoding" in tables.ids["title"] or "a1_encoding" in text.split("</h1>")[0]
    assert _card(tables, text, "submissions") == "10"
    assert _card(tables, text, "graded") == "8"
    assert _card(tables, text, "errors") == "2"  # the syntax error and the unreadable file
    assert _card(tables, text, "mean") == "76"  # (100+85+70+85+70+91+88+95+0) / 9
    assert _card(tables, text, "median") == "85"
    # softmax passed by alice, farid and the hostile one; mean (30+22+15+22+0+30+22+30+0)/9 = 19.
    assert _row(tables, "problem-table", **{"data-problem": "softmax"})[:4] == ["softmax", "30", "33%", "19"]
    assert _row(tables, "problem-table", **{"data-problem": "one_hot"})[:3] == ["one_hot", "15", "67%"]
    assert "forbidden import 1" in _row(tables, "problem-table", **{"data-problem": "softmax"})[4]
    assert "not implemented 1" in _row(tables, "problem-table", **{"data-problem": "one_hot"})[4]
    assert tables.ids["score-histogram"]["data-counts"] == "1,0,0,0,0,0,0,2,3,3"
    assert tables.ids["score-histogram"]["role"] == "img"  # an inline SVG: its bands are read out, not fetched
    assert tables.ids["score-histogram"]["aria-label"].endswith("90–100: 3")
    # Per check: 4 of 8 graded submissions kept softmax finite at ±1e4 (bob, dana, gao, eve failed; hana has no checks).
    # Discrimination: the bottom two (chen 70, eve 70) pass it 1 time in 2, the top two (hostile 95, alice 100) always.
    assert _row(tables, "check-table", **{"data-check": "softmax: finite for logits of ±1e4"})[2:] == [
        "50%",
        "",
        "4/8",
        "+0.50",
    ]
    # The misconceptions, most students first.
    mistakes = tables.tables["mistakes-table"][1:]
    assert mistakes[0]["attrs"]["data-key"] == "no-max-subtraction" and mistakes[0]["attrs"]["data-students"] == "3"
    by_key = {(r["attrs"]["data-problem"], r["attrs"]["data-key"]): int(r["attrs"]["data-students"]) for r in mistakes}
    # "got 2.0" and "got 1.0" are the same mistake once the numbers are out.
    assert by_key[("encoding_distances", "expected # between one-hot rows # and #, got #")] == 2
    assert by_key[("softmax", "wrong-axis")] == 1
    assert not [k for k in by_key if k[0] == "one_hot" and "not defined" in k[1]], "not attempting is no misconception"
    assert by_key[("softmax", "softmax calls scipy.special.softmax: scipy is not allowed here")] == 1
    slowest = tables.tables["slowest-table"][1:]
    assert [r["cells"][:2] for r in slowest[:2]] == [["farid", "45.3"], ["gao", "3.1"]]
    errors = {r["cells"][0]: r["cells"][1] for r in tables.tables["errors-table"][1:]}
    assert errors == {"hana": "syntax error at line 3: invalid syntax", "broken": "results.json unreadable"}


def test_a_compound_mistake_counts_under_each_of_its_parts(tmp_path):
    """Two mistakes named at once (graders/mistakes.yml's compound tag) count the student under each mistake, with
    its readable name and kind, in either language; no row for the pair itself."""
    finite, axis = ("softmax", "finite for logits of ±1e4"), ("softmax", "respects the axis argument")
    students = {
        "ana": ({finite: ("nan where exp overflows, along axis 0", "no-max-subtraction+wrong-axis")}, {}, 0.5, "en"),
        "ben": ({axis: ("softmax(x, axis=0) ignored axis", "wrong-axis")}, {}, 0.5, "en"),
        "cai": ({finite: ("nan where exp overflows", "no-max-subtraction")}, {}, 0.5, "en"),
        "dee": ({finite: ("nan again, along axis 0", "no-max-subtraction+wrong-axis")}, {}, 0.5, "en"),
    }
    root = tmp_path / "OUT"
    for student, spec in students.items():
        (root / student).mkdir(parents=True)
        (root / student / "results.json").write_text(json.dumps(_result(student, *spec)), "utf-8")
    for lang, both, kind in (
        ("en", "taken along the wrong axis", "the wrong axis"),
        ("zh-TW", "沿錯誤的軸計算", "軸錯了"),
    ):
        text = write_class_report(root, lang=lang).read_text("utf-8")
        rows = Tables(text).tables["mistakes-table"][1:]
        by_key = {(r["attrs"]["data-problem"], r["attrs"]["data-key"]): r["attrs"]["data-students"] for r in rows}
        assert by_key == {("softmax", "wrong-axis"): "3", ("softmax", "no-max-subtraction"): "3"}, by_key
        assert both in text and kind in text and "no-max-subtraction+wrong-axis" not in text.split("mistakes-table")[1]


def test_report_escapes_untrusted_strings_and_fetches_nothing(out):
    text = write_class_report(out).read_text("utf-8")
    assert "<script" not in text.lower() and "<b>bold" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in text
    assert re.search(
        r'<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:; '
        r'style-src &#39;unsafe-inline&#39;">',
        text,
    )
    assert not re.search(r'(?:src|href)\s*=\s*["\']?\s*(?:https?:)?//', text), "the report must not fetch anything"
    assert not re.search(r"@import|url\(", text)


def test_report_uses_the_course_and_its_language(out):
    course = load_course()
    text = write_class_report(out, course=course, lang="zh-TW").read_text("utf-8")
    for label in ("成績分布", "各題通過率", "常見錯誤", "最慢的繳交", "無法評分的繳交"):
        assert label in text, label
    assert '<html lang="zh-TW">' in text
    assert "Deep Learning 02.3" in text and "From class ids to probabilities" in text
    order = [r["attrs"]["data-problem"] for r in Tables(text).tables["problem-table"][1:]]
    assert order == list(course.assignment("a1_encoding").problems)
    with pytest.raises(KitError, match="unknown report language"):
        write_class_report(out, lang="fr")
    with pytest.raises(KitError, match="not a results folder"):
        write_class_report(out / "nowhere")


def test_report_is_written_atomically(out, monkeypatch):
    first = write_class_report(out).read_text("utf-8")
    (out / "zed").mkdir()
    (out / "zed" / "results.json").write_text(json.dumps(_result("zed", {}, {}, 0.5, "en")), "utf-8")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_class_report(out)
    assert (out / "report.html").read_text("utf-8") == first, "a failed write must leave the old report whole"
    monkeypatch.undo()
    second = write_class_report(out).read_text("utf-8")
    assert second != first and ">11<" in second
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_an_empty_folder_still_gets_a_report(tmp_path):
    text = write_class_report(tmp_path).read_text("utf-8")
    assert 'id="no-results"' in text and 'data-counts="0,0,0,0,0,0,0,0,0,0"' in text


def test_messages_group_without_their_numbers():
    assert normalise_message("expected 1.4142, got 3.2") == normalise_message("expected 1.4142, got -4.1e-3")
    assert normalise_message("got [0.1, 0.2, 0.7]") == normalise_message("got [0.5, 0.5]") == "got […]"
    assert normalise_message("log_softmax2 at x1 was nan") == "log_softmax2 at x1 was #"
    assert normalise_message("sums to 1") != normalise_message("never sums at all")


def test_tracebacks_lose_the_graders_frames():
    kept = scrub(TRACEBACK)
    assert "graders" not in kept and "secret_expected" not in kept
    assert 'File "submission.py", line 5' in kept and "e = np.exp(logits)" in kept and "FloatingPointError" in kept


def test_feedback_pages(out):
    paths = write_feedback_pages(out)
    assert sorted(p.parent.name for p in paths) == sorted([*STUDENTS, "hana"])
    assert all(p.name == "feedback.html" and p.is_file() for p in paths)
    assert not (out / "broken" / "feedback.html").exists()

    bob = (out / "bob" / "feedback.html").read_text("utf-8")
    table = Tables(bob)
    assert _row(table, "problem-table", **{"data-problem": "softmax"})[:4] == ["softmax", "22", "30", "failed"]
    assert _row(table, "problem-table", **{"data-problem": "one_hot"})[:4] == ["one_hot", "15", "15", "passed"]
    assert 'id="score">85 <small>/ 100</small>' in bob
    assert "subtract the row max before exp" in bob and "no-max-subtraction" in bob

    farid = (out / "farid" / "feedback.html").read_text("utf-8")
    assert "hidden batch" not in farid and "W1 =" not in farid, "a hidden check must not reach the student"
    assert "1 hidden check(s) did not pass" in farid
    assert _row(Tables(farid), "problem-table", **{"data-problem": "mlp_logits"})[:4] == [
        "mlp_logits",
        "10",
        "15",
        "failed",
    ]
    for secret in (SECRET_SHA, str(SEED), "45.3"):
        assert secret not in farid

    gao = (out / "gao" / "feedback.html").read_text("utf-8")  # graded in zh-TW
    assert '<html lang="zh-TW">' in gao and "需要修正的地方" in gao
    assert "graders" not in gao and "secret_expected" not in gao and "submission.py" in gao

    hostile = (out / HOSTILE_DIR / "feedback.html").read_text("utf-8")
    assert "<script" not in hostile.lower() and "<b>bold" not in hostile
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile

    hana = (out / "hana" / "feedback.html").read_text("utf-8")
    assert "syntax error at line 3: invalid syntax" in hana and hana.count("the submission could not be imported") == 1

    chen = (out / "chen" / "feedback.html").read_text("utf-8")
    assert "not implemented" in chen and "one_hot is not defined in the submission" in chen

    alice = (out / "alice" / "feedback.html").read_text("utf-8")
    assert "Every visible check passed." in alice

    write_feedback_pages(out, lang="zh-TW")
    assert "作業回饋" in (out / "alice" / "feedback.html").read_text("utf-8")
    assert not list(out.glob("*/.*.tmp"))


# --- a real browser -------------------------------------------------------------------------------------------


def _chromium() -> str:
    found = shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium")
    if not found:
        pytest.fail(
            "Chromium is needed to test the rendered pages: install it with "
            "`apt-get update && apt-get install -y chromium` (Debian), then run the tests again."
        )
    return found


def _browse(page: Path, tmp: Path, *mode: str, height: int = 1600) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size=1200,{height}",
        *mode,
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    return done


def _screenshot(page: Path, tmp: Path, height: int = 1600):
    """A 1200 px wide PNG of the page (`height` tall) as Chromium draws it, as an array of RGB floats in [0, 1]."""
    import matplotlib.image

    shot = tmp / f"{page.stem}.png"
    _browse(page, tmp, f"--screenshot={shot}", height=height)
    assert shot.is_file(), "chromium wrote no screenshot"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000, f"screenshot suspiciously small: {shot.stat().st_size} bytes"
    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (height, 1200)
    assert pixels.std() > 0.05, "the screenshot is one flat colour"
    return pixels


def test_a_missing_chromium_fails_and_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(os.path, "exists", lambda path: False)
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install -y chromium"):
        _chromium()


@pytest.mark.slow
def test_report_renders_in_chromium(out, tmp_path):
    write_feedback_pages(out)
    report = write_class_report(out)
    pixels = _screenshot(report, tmp_path, height=3200)  # the histogram follows what to re-teach
    # The histogram's bars (#2f6db3) were drawn: the inline SVG rendered.
    blue = (
        (abs(pixels[..., 0] - 0x2F / 255) < 0.04)
        & (abs(pixels[..., 1] - 0x6D / 255) < 0.04)
        & (abs(pixels[..., 2] - 0xB3 / 255) < 0.04)
    )
    assert blue.sum() > 3000, f"histogram bars not visible in the screenshot ({blue.sum()} blue pixels)"
    # Pass-rate bars (green #2f9e62) drawn by CSS.
    green = (
        (abs(pixels[..., 0] - 0x2F / 255) < 0.04)
        & (abs(pixels[..., 1] - 0x9E / 255) < 0.04)
        & (abs(pixels[..., 2] - 0x62 / 255) < 0.04)
    )
    assert green.sum() > 500, "pass-rate bars not visible in the screenshot"

    dom = _browse(report, tmp_path, "--dump-dom").stdout
    tables = Tables(dom)
    assert "script" not in tables.tags, "a student's name or message became markup"
    assert tables.tags.count("rect") == 4  # the four bands that hold scores, drawn by the browser
    assert tables.ids["score-histogram"]["data-counts"] == "1,0,0,0,0,0,0,2,3,3"
    assert _row(tables, "problem-table", **{"data-problem": "softmax"})[:4] == ["softmax", "30", "33%", "19"]
    assert _row(tables, "problem-table", **{"data-problem": "log_softmax"})[:4] == ["log_softmax", "15", "78%", "12.56"]
    assert "<script>alert(1)</script>" in dom.replace("&lt;", "<").replace("&gt;", ">")  # shown as text, not run


@pytest.mark.slow
def test_feedback_page_renders_in_chromium(out, tmp_path):
    write_feedback_pages(out)
    page = out / "bob" / "feedback.html"
    _screenshot(page, tmp_path)
    tables = Tables(_browse(page, tmp_path, "--dump-dom").stdout)
    assert _row(tables, "problem-table", **{"data-problem": "softmax"})[:4] == ["softmax", "22", "30", "failed"]
    assert _row(tables, "problem-table", **{"data-problem": "log_softmax"})[:4] == ["log_softmax", "8", "15", "failed"]


# --- who is struggling, which checks discriminate, which submissions are alike -----------------------------------


def test_report_lists_students_by_score_with_links_to_their_pages(out):
    write_feedback_pages(out)
    text = write_class_report(out).read_text("utf-8")
    tables = Tables(text)
    rows = tables.tables["students-table"][1:]
    order = [r["attrs"]["data-student"] for r in rows]
    assert order == ["hana", "chen", "eve", "bob", "dana", "gao", "farid", HOSTILE_DIR, "alice"], "lowest score first"
    hana = _row(tables, "students-table", **{"data-student": "hana"})
    assert hana[0].startswith("hana") and "needs attention" in hana[0] and hana[4] == "error"
    assert "needs attention" not in _row(tables, "students-table", **{"data-student": "chen"})[0]
    assert _row(tables, "students-table", **{"data-student": "chen"})[5] == "one_hot, softmax"  # results.json order
    links = re.findall(r'<tr data-student="[^"]*"[^>]*><td data-label="student"><a href="([^"]+)"', text)
    assert len(links) == 9 and "%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/feedback.html" in links
    assert all(
        (out / link.replace("%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E", HOSTILE_DIR)).is_file() for link in links
    ), "every link opens the student's page"


def test_report_without_feedback_pages_links_nothing(out):
    text = write_class_report(out).read_text("utf-8")
    assert "feedback.html" not in text, "no link to a page that does not exist"


def test_report_names_the_checks_that_separate_strong_from_weak(out):
    tables = Tables(write_class_report(out).read_text("utf-8"))
    rows = tables.tables["discrimination-table"][1:]
    # Bottom two: chen (wrong axis) and eve (scipy): both fail the axis checks; the top two (alice, hostile) pass them.
    assert {r["attrs"]["data-check"] for r in rows[:2]} == {
        "softmax: sums to one along the axis",
        "softmax: respects the axis argument",
    }
    assert [r["cells"][2:] for r in rows[:2]] == [["+1.00", "100%", "0%"]] * 2
    indices = [float(r["cells"][2]) for r in rows]
    assert indices == sorted(indices, reverse=True)


def test_a_small_class_gets_no_discrimination_index(out):
    for name in ("bob", "chen", "dana", "eve", "farid", "gao"):
        import shutil

        shutil.rmtree(out / name)
    text = write_class_report(out).read_text("utf-8")
    assert 'id="too-few"' in text and "discrimination-table" not in text


def _similar_class(tmp_path: Path):
    """Real files: a planted near-identical pair, three byte-identical copies, two untouched stubs, one original."""
    import hashlib

    root = Path(__file__).resolve().parent.parent
    reference = (root / "solutions" / "a1_encoding.py").read_text("utf-8")
    loop_based = (root / "samples" / "a1_encoding" / "loop_based.py").read_text("utf-8")
    stub = (root / "assignments" / "a1_encoding" / "a1_encoding.py").read_text("utf-8")
    disguised = "# a1 -- written by me, honest\n" + re.sub(r"\blogits\b", "scores", reference).replace(
        "shifted", "moved"
    ).replace("    e = ", "    expo = ").replace("(e)", "(expo)").replace("e / np.sum(e,", "expo / np.sum(expo,")
    files = {
        "pia": reference,
        "quinn": disguised,
        "uma": loop_based,
        "xan": loop_based,
        "yul": loop_based,
        "vic": stub,
        "wes": stub,
    }
    subs_dir, out = tmp_path / "subs", tmp_path / "OUT"
    subs_dir.mkdir()
    for name, code in files.items():
        path = subs_dir / f"{name}.py"
        path.write_text(code, "utf-8")
        untouched = code == stub
        data = _result(
            name,
            {},
            {pid: ("not implemented", "NotImplementedError") for pid in CHECKS} if untouched else {},
            1.0,
            "en",
        )
        data["extra_data"]["kit"]["student"] = name
        data["extra_data"]["kit"]["content_sha256"] = hashlib.sha256(code.encode()).hexdigest()
        (out / name).mkdir(parents=True)
        (out / name / "results.json").write_text(json.dumps(data), "utf-8")
    return out, {name: subs_dir / f"{name}.py" for name in files}


def test_report_flags_identical_and_planted_near_identical_submissions(tmp_path):
    out, sources = _similar_class(tmp_path)
    write_feedback_pages(out)
    text = write_class_report(out, sources=sources).read_text("utf-8")
    clusters = re.findall(r'<div class="cluster" data-kind="(\w+)" data-size="(\d+)">(.*?)</div>', text, re.S)
    found = {kind: sorted(re.findall(r'<li data-student="(\w+)">', body)) for kind, _size, body in clusters}
    assert found == {"identical": ["uma", "xan", "yul"], "near": ["pia", "quinn"]}, found
    assert 'id="similarity-note"' not in text, "the files were at hand: nothing to excuse"
    assert re.search(
        r'<li data-student="quinn"><a href="quinn/feedback.html">quinn</a> <span class="muted small">'
        r"similarity (9\d|100)%</span>",
        text,
    )
    assert 'data-group="1">group 1</span>' in text and 'data-group="2">group 2</span>' in text
    for student in sources:  # instructor only: nothing of it on any student's page
        page = re.sub(r"<style>.*?</style>", "", (out / student / "feedback.html").read_text("utf-8"), flags=re.S)
        assert not re.search(r"similar|identical|group|cluster|copydetect", page, re.I), student
        assert not [other for other in sources if other != student and re.search(rf"\b{other}\b", page)], student


def test_without_the_files_only_byte_identical_ones_are_grouped_and_the_page_says_so(tmp_path):
    out, _sources = _similar_class(tmp_path)
    text = write_class_report(out).read_text("utf-8")
    assert re.findall(r'data-kind="(\w+)" data-size="(\d+)"', text) == [("identical", "3")]
    assert 'id="similarity-note">Only byte-identical files were compared' in text


def test_a_comparison_that_overruns_its_deadline_is_reported_not_waited_for(tmp_path):
    from autograder.reporting._common import load_results
    from autograder.reporting.similarity import find_clusters

    out, sources = _similar_class(tmp_path)
    subs, _ = load_results(out)
    result = find_clusters(subs, sources, seconds=0.01)
    assert result.failure.startswith("stopped after") and not result.compared_code
    assert [(c.kind, len(c.members)) for c in result.clusters] == [("identical", 3)]


def test_the_comparison_process_lives_under_its_memory_limit(tmp_path):
    """The worker caps its own address space before it reads a file (no preexec_fn in a threaded parent)."""
    from autograder.reporting.similarity import near_pairs

    _out, sources = _similar_class(tmp_path)
    pairs, failure = near_pairs(sources, [])
    assert not failure and ("pia", "quinn") in {(a, b) for a, b, _s1, _s2 in pairs}
    pairs, failure = near_pairs(sources, [], memory_bytes=32 << 20)
    assert pairs == [] and failure.startswith("the comparison process failed"), failure


def test_the_comparison_dies_with_the_batch_that_started_it(tmp_path):
    """A batch starts the comparison while it grades; killed (SIGKILL) meanwhile, it must leave nothing running."""
    import subprocess
    import sys
    import time

    reference = (Path(__file__).resolve().parent.parent / "solutions" / "a1_encoding.py").read_text("utf-8")
    for i in range(3000):  # distinct texts (identical ones are tokenised once): seconds of work
        (tmp_path / f"s{i}.py").write_text(f"# student {i}\n{reference}", "utf-8")
    starter = (
        "import sys, time\nfrom pathlib import Path\nfrom autograder.reporting.similarity import NearComparison\n"
        f"c = NearComparison({{p.stem: p for p in Path({str(tmp_path)!r}).glob('*.py')}}, [], processes=1)\n"
        "print(c.process.pid, flush=True)\ntime.sleep(60)\n"
    )
    batch = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True)
    comparison = int(batch.stdout.readline())
    time.sleep(0.5)
    assert _running(comparison), "still fingerprinting when the batch dies"
    batch.kill()
    batch.wait()
    deadline = time.monotonic() + 2.0
    while _running(comparison) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(comparison), "the comparison outlived its batch"


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --- a phone: 390 px wide, emulated as a real mobile device ---------------------------------------------------

MOBILE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def _mobile_widths(pages: list[Path]) -> list[tuple]:
    """(scrollWidth, clientWidth, innerWidth, visual scale) of each page in headless Chromium with a mobile viewport.

    Playwright drives Debian's Chromium; `is_mobile` makes Chromium honour the meta viewport and shrink-to-fit
    as a phone does (Emulation.setDeviceMetricsOverride with mobile: true), so an overflowing page shows up
    either as a wider scroll width or as a zoomed-out visual viewport.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the mobile page tests need Playwright: `pip install -e '.[dev]'` (it drives /usr/bin/chromium)")
    measures = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_path in pages:
                context = browser.new_context(**MOBILE)
                page = context.new_page()
                page.goto(page_path.resolve().as_uri())
                measures.append(
                    tuple(
                        page.evaluate(
                            "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                            " window.innerWidth, window.visualViewport.scale]"
                        )
                    )
                )
                context.close()
        finally:
            browser.close()
    return measures


@pytest.mark.slow
def test_pages_fit_a_390px_phone_without_horizontal_scroll(out, tmp_path):
    from autograder.gradebook import build_gradebook
    from autograder.gradebook.page import build_gradebook_html

    write_feedback_pages(out)
    (out / "gao" / "results.json").write_text(
        (out / "gao" / "results.json").read_text("utf-8").replace("got 1.0", "got " + "9" * 300), "utf-8"
    )  # one long unbreakable number in a message
    write_feedback_pages(out)
    report = write_class_report(out, course=load_course())
    book = build_gradebook([out], load_course())
    gradebook = tmp_path / "gradebook.html"
    gradebook.write_text(build_gradebook_html(book, tmp_path, "en", "Deep Learning"), "utf-8")
    zh = tmp_path / "zh"
    import shutil

    shutil.copytree(out, zh)
    zh_report = write_class_report(zh, course=load_course(), lang="zh-TW")
    pages = [
        report,
        zh_report,
        out / "gao" / "feedback.html",
        out / HOSTILE_DIR / "feedback.html",
        out / "hana" / "feedback.html",
        gradebook,
    ]
    for page, (scroll, client, inner, scale) in zip(pages, _mobile_widths(pages)):
        assert (client, inner, scale) == (390, 390, 1), f"{page}: the phone zoomed out ({inner} px, scale {scale})"
        assert scroll <= 390, f"{page}: {scroll} px wide on a 390 px phone"


@pytest.mark.slow
def test_the_phone_check_catches_a_page_that_scrolls_sideways(tmp_path):
    wide = tmp_path / "wide.html"
    wide.write_text(
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">'
        "</head><body><table><tr>" + "<td>cell</td>" * 80 + "</tr></table></body></html>",
        "utf-8",
    )
    ((scroll, _client, inner, scale),) = _mobile_widths([wide])
    assert scroll > 390 or inner > 390 or scale < 1


# --- a class whose variants share one starting file ----------------------------------------------------------------


def _variant(i: int, numbers: tuple) -> str:
    """A helper of the student's own: the same shape for everyone, the student's numbers in it."""
    a, b, c, d, e = numbers
    return (
        f"\n\ndef weighted_total_{i}(values):\n"
        f"    total = 0.0\n"
        f"    for k, v in enumerate(values):\n"
        f"        total += v * {a} - {b} ** (k % {c})\n"
        f"    return total / {d} + {e}\n"
    )


def _shared_base_class(tmp_path: Path, students: int = 150, pairs: int = 5):
    """Every student hands in the reference (a starting file the class shares) with a helper of their own; `pairs`
    pairs of students share the same helper (copied)."""
    import hashlib
    import random

    rng = random.Random(7)
    base = (Path(__file__).resolve().parent.parent / "solutions" / "a1_encoding.py").read_text("utf-8")
    subs_dir, out = tmp_path / "subs", tmp_path / "OUT"
    subs_dir.mkdir()
    numbers = {}
    for i in range(students):
        numbers[i] = tuple(round(rng.uniform(1, 999), 3) for _ in range(5))
    planted = [(2 * j, 2 * j + 1) for j in range(pairs)]
    for a, b in planted:
        numbers[b] = numbers[a]
    sources = {}
    for i in range(students):
        name = f"s{i:03d}"
        code = base + _variant(i, numbers[i])
        path = subs_dir / f"{name}.py"
        path.write_text(code, "utf-8")
        data = _result(name, {}, {}, 1.0, "en")
        data["extra_data"]["kit"]["student"] = name
        data["extra_data"]["kit"]["content_sha256"] = hashlib.sha256(code.encode()).hexdigest()
        (out / name).mkdir(parents=True)
        (out / name / "results.json").write_text(json.dumps(data), "utf-8")
        sources[name] = path
    return out, sources, {(f"s{a:03d}", f"s{b:03d}") for a, b in planted}


def test_a_shared_starting_file_does_not_merge_the_class_into_one_group(tmp_path, monkeypatch):
    from autograder.reporting import similarity
    from autograder.reporting._common import load_results
    from autograder.reporting.similarity import find_clusters

    out, sources, planted = _shared_base_class(tmp_path)
    subs, _ = load_results(out)
    monkeypatch.setattr(similarity, "COMMON_FLOOR", 10**6)  # nothing set aside: the failure this guards against
    merged = find_clusters(subs, sources)
    assert max(len(c.members) for c in merged.clusters) >= 140, "the shared file alone joins the class"
    monkeypatch.undo()

    result = find_clusters(subs, sources)
    groups = {tuple(sorted(m.dir_name for m in c.members)) for c in result.clusters}
    assert groups == planted, groups
    assert all(c.kind == "near" for c in result.clusters)
    viewed = {(v.a, v.b) for v in result.views}
    assert viewed == planted
    view = next(v for v in result.views if v.a == "s000")
    helper = len(view.code_a.splitlines()) - 4  # the helper's def line: the file's last five lines
    assert view.marks_a and all(first >= helper - 1 for first, _last in view.marks_a), view.marks_a
    assert view.marks_b and all(first >= helper - 1 for first, _last in view.marks_b), "only the copied helper"


def test_a_near_pair_opens_side_by_side_with_its_matching_lines_marked(tmp_path):
    out, sources = _similar_class(tmp_path)
    hostile = "# </pre><script>alert(3)</script><pre>\n"
    sources["quinn"].write_text(hostile + sources["quinn"].read_text("utf-8"), "utf-8")
    text = write_class_report(out, sources=sources).read_text("utf-8")
    assert "<script>alert(3)" not in text and "&lt;/pre&gt;&lt;script&gt;alert(3)" in text, "shown as text, never run"
    pair = re.search(r'<details class="pair" data-a="(\w+)" data-b="(\w+)">(.*?)</details>', text, re.S)
    assert pair and {pair.group(1), pair.group(2)} == {"pia", "quinn"}, "the near pair, not the identical ones"
    sides = re.findall(r'<div class="pair-side" data-student="(\w+)">(.*?)</pre>', pair.group(3), re.S)
    assert [s for s, _ in sides] == [pair.group(1), pair.group(2)]
    for student, body in sides:
        lines = re.findall(r'<span class="ln( match)?" data-line="(\d+)">(.*?)</span>', body, re.S)
        code = sources[student].read_text("utf-8").splitlines()
        assert [int(n) for _m, n, _t in lines] == list(range(1, len(code) + 1))
        assert [html.unescape(t) for _m, _n, t in lines] == code, "the file as graded, every character escaped"
        marked = [int(n) for m, n, _t in lines if m]
        assert len(marked) > 0.8 * len(code), f"{student}: the copied code is marked"
        comment = next(int(n) for _m, n, t in lines if "written by me" in t) if student == "quinn" else None
        assert comment is None or comment not in marked, "quinn's own comment is not code found in pia's"


def test_the_late_sentence_has_a_line_of_its_own_on_the_feedback_page(out):
    data = json.loads((out / "bob" / "results.json").read_text("utf-8"))
    data["output"] = "72 / 100 points\nSubmitted 6 day(s) late: the score keeps 40% of the 90 points earned."
    (out / "bob" / "results.json").write_text(json.dumps(data), "utf-8")
    write_feedback_pages(out)
    page = (out / "bob" / "feedback.html").read_text("utf-8")
    line = re.search(r'<p id="summary-line">(.*?)</p>', page).group(1)
    assert line.split("<br>") == [
        "72 / 100 points",
        "Submitted 6 day(s) late: the score keeps 40% of the 90 points earned.",
    ]
