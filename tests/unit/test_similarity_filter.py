"""The filtered form near-identical code is compared in: what a student can change without changing it (names,
comments, layout, string texts) and what they cannot (the operations), and code the tokenizer cannot read."""

from __future__ import annotations

from autograder.reporting.similarity_worker import filtered

ORIGINAL = '''import numpy as np


def softmax(logits, axis=-1):
    """Probabilities."""
    shifted = logits - np.max(logits, axis=axis, keepdims=True)  # stable
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


class Model:
    pass
'''

DISGUISED = """import numpy as np
def my_softmax(scores, dim=-1):
    '''my own work'''
    # subtract the max first
    moved = scores - np.max(scores, axis=dim, keepdims=True)
    expo = np.exp(moved)

    return expo / np.sum(expo, axis=dim, keepdims=True)
class Net:
    pass
"""


def test_names_comments_layout_and_strings_do_not_change_the_filtered_form():
    assert filtered(ORIGINAL) == filtered(DISGUISED)
    assert "F(" in filtered(ORIGINAL) and "classO:" in filtered(ORIGINAL), filtered(ORIGINAL)
    assert "return" in filtered(ORIGINAL) and "shifted" not in filtered(ORIGINAL)


def test_the_operations_do_change_it():
    changed = ORIGINAL.replace("logits - np.max", "logits + np.max")
    assert filtered(changed) != filtered(ORIGINAL)
    assert filtered(ORIGINAL.replace("np.max(logits, axis=axis", "np.max(logits, axis=0")) != filtered(ORIGINAL)


def test_builtins_stay_and_attributes_named_like_builtins_do_not():
    assert filtered("x = sum(y)\n") == "V=sum(V)"
    assert filtered("x = np.sum(y)\n") == "V=V.V(V)"


def test_code_the_tokenizer_cannot_read_still_gets_a_form():
    unclosed = "def f(x:\n    return (x\n"
    form = filtered(unclosed)
    assert isinstance(form, str) and form, "copydetect's own filter takes over"


def test_the_c_tokenizer_and_the_public_one_give_the_same_form():
    """Where the C tokenizer is used (3.11), it must read code as `tokenize` does: every source file of the kit."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    files = sorted([*root.glob("autograder/**/*.py"), *root.glob("solutions/*.py"), *root.glob("samples/*/*.py")])
    assert len(files) > 50
    for path in files:
        code = path.read_text(encoding="utf-8")
        if "syntax_error" in path.name:
            continue  # code neither reads: each path falls back on its own terms
        assert filtered(code, fast=True) == filtered(code, fast=False), path


def test_a_nul_byte_is_read_like_any_other_character():
    """The C tokenizer refuses a NUL byte ("embedded null character"); the filtered form must not: a NUL in a
    comment or a string would otherwise hide a copied file, or stop the comparison of the whole class."""
    hidden = ORIGINAL.replace("# stable", "# stable \x00 hidden").replace('"""Probabilities."""', '"""\x00"""')
    assert filtered(hidden) == filtered(ORIGINAL)
    assert filtered("x = 1\n\x00\n") is not None  # a NUL where code stands: read somehow, never raised


def test_a_huge_line_and_a_lone_surrogate_are_read():
    assert filtered("X = '" + "z" * 2_000_000 + "'\n") == "V=S"
    assert filtered("x = '\ud800'\n") == "V=S"
