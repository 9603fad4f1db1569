"""A student's file is read without following a link, whatever door reads it, and in the encoding Python reads it."""

from __future__ import annotations

import os

import pytest

from autograder import student_files
from autograder.errors import KitError
from autograder.submission import load_submission

CODE = "def f(x):\n    return x\n"


@pytest.fixture
def upload(tmp_path):
    """An upload folder beside a folder of secrets (the grader's own files)."""
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "answer.py").write_text("ANSWER = 42\n")
    (tmp_path / "up").mkdir()
    return tmp_path


def reason(path, within=None) -> str:
    with pytest.raises(KitError) as caught:
        student_files.read(path, within)
    return str(caught.value)


def test_a_plain_file_is_read(upload):
    (upload / "up" / "mine.py").write_text(CODE)
    assert student_files.read(upload / "up" / "mine.py") == CODE.encode()
    assert student_files.link_problem(upload / "up" / "mine.py") is None


def test_a_link_is_refused_wherever_it_leads(upload):
    (upload / "up" / "out.py").symlink_to(upload / "secret" / "answer.py")
    (upload / "up" / "mine.py").write_text(CODE)
    (upload / "up" / "same.py").symlink_to(upload / "up" / "mine.py")
    (upload / "up" / "gone.py").symlink_to(upload / "nowhere.py")
    assert "symbolic link" in reason(upload / "up" / "out.py")
    assert "symbolic link" in reason(upload / "up" / "same.py"), "even to a file of the student's own"
    assert "broken symbolic link" in reason(upload / "up" / "gone.py")
    assert student_files.link_problem(upload / "up" / "out.py").key == "error:submission_link"
    assert student_files.link_problem(upload / "up" / "gone.py").key == "error:submission_broken_link"


def test_a_folder_link_out_of_the_students_folder_is_refused(upload):
    (upload / "up" / "work").symlink_to(upload / "secret")
    path = upload / "up" / "work" / "answer.py"
    assert "links out of" in reason(path, within=upload / "up")
    assert student_files.link_problem(path, within=upload / "up").key == "error:submission_link_outside"
    (upload / "up" / "real").mkdir()
    (upload / "up" / "real" / "mine.py").write_text(CODE)
    assert student_files.read(upload / "up" / "real" / "mine.py", within=upload / "up") == CODE.encode()


def test_what_is_not_a_regular_file_is_refused_without_waiting(upload):
    os.mkfifo(upload / "up" / "pipe.py")  # opening it to read would wait for a writer for ever
    assert "not a regular file" in reason(upload / "up" / "pipe.py")
    (upload / "up" / "dir.py").mkdir()
    assert "not a regular file" in reason(upload / "up" / "dir.py")
    assert "not found" in reason(upload / "up" / "missing.py")


def test_no_more_than_the_limit_is_read(upload):
    (upload / "up" / "big.py").write_bytes(b"#" * 1000)
    assert "too large" in reason_with_limit(upload / "up" / "big.py", 999)
    assert student_files.read(upload / "up" / "big.py", limit=1000) == b"#" * 1000


def reason_with_limit(path, limit) -> str:
    with pytest.raises(KitError) as caught:
        student_files.read(path, limit=limit)
    return str(caught.value)


def test_load_submission_reads_through_the_same_rule(upload):
    (upload / "up" / "a.py").symlink_to(upload / "secret" / "answer.py")
    with pytest.raises(KitError, match="symbolic link"):
        load_submission(upload / "up" / "a.py")


def test_a_coding_line_is_honoured_as_python_honours_it(tmp_path):
    """PEP 263: a file in latin-1 that says so is Python; one that does not say so is not UTF-8 and is refused."""
    declared = "# -*- coding: latin-1 -*-\n" + CODE + "# café\n"
    (tmp_path / "declared.py").write_bytes(declared.encode("latin-1"))
    assert load_submission(tmp_path / "declared.py").cells[0]["source"] == declared
    (tmp_path / "undeclared.py").write_bytes((CODE + "# café\n").encode("latin-1"))
    with pytest.raises(KitError, match="not UTF-8"):
        load_submission(tmp_path / "undeclared.py")
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + CODE.encode())
    assert load_submission(tmp_path / "bom.py").cells[0]["source"] == CODE
