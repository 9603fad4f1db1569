"""A notebook's graded cells, and where a message points into one: the function, its line within the cell, and
the cell as Jupyter numbers it ([7] once it ran, else its place among the code cells)."""

from autograder.checker.cells import code_cells, parse_name
from autograder.checker.feedback import place
from autograder.checker.message import fill

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "source": "# a story", "metadata": {}},
        {"cell_type": "code", "source": "import numpy as np", "metadata": {}, "execution_count": 1},
        {"cell_type": "code", "source": "check('x')", "metadata": {"tags": ["skip-grading"]}, "execution_count": 2},
        {"cell_type": "markdown", "source": "## softmax", "metadata": {}},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "def f():\n", "    return 1"], "metadata": {}},
        {"cell_type": "code", "source": "def g():\n    raise ValueError", "metadata": {}, "execution_count": 7},
    ]
}


def test_graded_cells_are_named_as_jupyter_shows_them():
    cells = code_cells(NOTEBOOK)
    assert [(c.number, c.ran, c.name) for c in cells] == [
        (1, True, "<cell [1]>"),
        (3, False, "<cell 3>"),
        (7, True, "<cell [7]>"),
    ]
    assert cells[1].source.splitlines() == ["", "def f():", "    return 1"], "an IPython line is blanked, lines kept"
    assert cells[1].dropped == [(1, "%matplotlib inline")]
    assert parse_name("<cell [7]>") == (7, True) and parse_name("<cell 3>") == (3, False) and parse_name("x") is None


def test_a_location_names_the_function_its_line_and_the_cell():
    assert place("<cell [7]> line 2 in g").render("en") == "in g, line 2 of cell [7]"
    assert place("<cell 3> line 2").render("en") == "code cell 3, line 2"
    assert place("<submission> line 5 in softmax").render("en") == "in softmax, line 5 of your file"
    assert place("<cell [7]> line 2 in g").render("zh-TW") == "g 函式裡，儲存格 [7] 第 2 行"


def test_a_value_that_ends_a_sentence_takes_the_templates_full_stop():
    assert fill("{call}: expected {expected}, got {got}.", {"call": "f()", "expected": "1", "got": "20000."}) == (
        "f(): expected 1, got 20000."
    )
    assert fill("應為 {x}。", {"x": "0.5。"}) == "應為 0.5。"
    assert fill("{a}. {b}.", {"a": "x", "b": "y"}) == "x. y.", "the template's own stops stay"


def test_an_empty_value_takes_the_colon_that_introduces_it():
    """NotImplementedError() has no message: "raised NotImplementedError (in f, ...)", never ": (in f, ...)"."""
    values = {"type": "NotImplementedError", "message": "", "where": " (in f, line 2 of cell [7])"}
    assert fill("raised {type}: {message}{where}", values) == "raised NotImplementedError (in f, line 2 of cell [7])"
    zh = {**values, "where": "（f 函式裡，儲存格 [7] 第 2 行）"}
    assert fill("引發了 {type}：{message}{where}", zh) == "引發了 NotImplementedError（f 函式裡，儲存格 [7] 第 2 行）"
    assert fill("引發了 {type}：{message}{where}", {**zh, "message": "x"}).startswith("引發了 NotImplementedError：x（")
