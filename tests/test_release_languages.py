"""The course in every language of the kit: one notebook per language (its story from stories/<language>/, the
same cells, the lecture's terms in that language), and `autograder release --lang` writes an assignment folder in
another language than the course's, whose visible tests run with plain pytest and speak it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from autograder.authoring.notebooks import EXERCISE, SKIP, student_notebook
from autograder.course import load_course

from helpers import ROOT

COURSE = load_course()
IDS = list(COURSE.assignments)
TERMS = {
    "a1_encoding": [
        "獨熱向量",
        "正規化",
        "Logit",
        "模型失準",
        "差距更大",
        "二分類問題使用 Sigmoid 與 Softmax 是等價的",
    ],
    "a2_losses": ["損失函數", "交叉熵", "均方誤差", "概似", "最後一層激勵函數", "問題類型", "binary_crossentropy"],
    "a3_gradients": ["交叉熵", "均方誤差", "左上角", "梯度平坦，難以優化", "誤差曲面", "連鎖律"],
    "a4_derivations": ["數學證明", "連鎖律", "推導鏈", "y1 + y2 + y3 = 1", "[start, goal]"],
}


@pytest.mark.parametrize("assignment_id", IDS)
def test_one_notebook_per_language_with_the_same_cells(assignment_id):
    assignment = COURSE.assignment(assignment_id)
    english, chinese = student_notebook(assignment, language="en"), student_notebook(assignment, language="zh-TW")
    assert [c.cell_type for c in english.cells] == [c.cell_type for c in chinese.cells]
    assert [c.metadata.get("tags") for c in english.cells] == [c.metadata.get("tags") for c in chinese.cells]
    for en, zh in zip(english.cells, chinese.cells):
        if EXERCISE in (en.metadata.get("tags") or []):
            assert en.source == zh.source, "the exercises are the same code"
        elif en.cell_type == "markdown":
            assert en.source != zh.source
    assert chinese.metadata["autograder"]["language"] == "zh-TW"
    text = "\n".join(c.source for c in chinese.cells)
    missing = [term for term in TERMS[assignment_id] if term not in text]
    assert not missing, f"{assignment_id} in zh-TW lacks {missing}"
    assert "[[" not in "\n".join(c.source for c in chinese.cells if c.cell_type == "markdown"), "every term expanded"
    # A plot's words are symbols: a kernel without a Chinese font would draw boxes (and warn in English).
    demos = [c.source for c in chinese.cells if SKIP in (c.metadata.get("tags") or []) and "check.demo(" in c.source]
    for demo in demos:
        for line in demo.splitlines():
            if any(call in line for call in ("set_title(", "set(title", "xlabel", "ylabel", "label=", "names = [")):
                assert all(ord(ch) < 0x2E80 for ch in line), line


def test_release_writes_an_assignment_in_another_language(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "release", "a1_encoding", "--out", str(out), "--lang", "zh-TW"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    folder = out / "a1_encoding"
    notebook = (folder / "a1_encoding.ipynb").read_text(encoding="utf-8")
    assert "獨熱向量" in notebook and "作答方式" in notebook
    assert 'LANGUAGE = "zh-TW"' in (folder / "conftest.py").read_text(encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1 and "尚未實作（引發 NotImplementedError）" in run.stdout, run.stdout[-2000:]
