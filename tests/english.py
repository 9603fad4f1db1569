"""Finding English sentences in text that should be in another language (code, numbers and names allowed).

A sentence is two or more ordinary English words in a row, separated by spaces only. Code does not look like
that (calls, arrays, identifiers with _ or ., numbers), and the technical terms the lecture itself writes in
Latin letters (softmax, logit, MSE, Jacobian, ...) are allowed, as are the names of tools and Python.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED = {
    # the lecture's own terms, function names and notation
    "softmax",
    "sigmoid",
    "logit",
    "logits",
    "mse",
    "rmse",
    "ce",
    "bce",
    "jacobian",
    "exp",
    "log",
    "ln",
    "sum",
    "max",
    "mean",
    "eps",
    "nan",
    "inf",
    "axis",
    "keepdims",
    "label",
    "labels",
    "class",
    "one-hot",
    "log-sum-exp",
    "diag",
    "s",
    "relu",
    "y",
    "z",
    "x",
    "w",
    "b",
    "k",
    "n",
    "i",
    "j",
    "e",
    "f",
    "t",
    "p",
    "d",
    "h",
    "sin",
    "cos",
    "none",
    "binary",
    "categorical",
    "crossentropy",
    "true",
    "false",
    "lambda",
    "def",
    "return",
    # Python, numpy and the tools
    "numpy",
    "np",
    "clip",
    "allclose",
    "array",
    "dtype",
    "float",
    "int",
    "str",
    "list",
    "tuple",
    "dict",
    "pytest",
    "assert",
    "sympy",
    "latex",
    "python",
    "ipython",
    "jupyter",
    "notebook",
    "nbformat",
    "nbgrader",
    "gradescope",
    "github",
    "classroom",
    "dask",
    "ubuntu",
    "json",
    "utf",
    "kib",
    "cpu",
    "exit",
    "autograder",
    "autograder_debug",
    "valueerror",
    "indexerror",
    "notimplementederror",
    "typeerror",
    "systemexit",
    "namedfunction",
    "params",
    "name",
    "html",
    "png",
    "csv",
    "yml",
    "py",
    "ipynb",
    "ok",
    "id",
    "ids",
    "cell",
    "line",
    "scipy",
    "torch",
    "tensorflow",
    "jax",
    "keras",
    "sklearn",
    "shape",
    "warning",
    "runtimewarning",
    "overflow",
    "encountered",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def english_sentences(text: str, allowed: set = frozenset()) -> list[str]:
    """Every run of two or more non-allowed English words separated by single spaces."""
    found = []
    text = re.sub(r"`[^`]*`", " ", text)  # code spans
    for line in text.splitlines():
        words = list(_WORD.finditer(line))
        run: list = []
        for previous, match in zip([None, *words[:-1]], words):
            word = match.group(0).lower().strip("'’-")
            joined = previous is not None and line[previous.end() : match.start()] == " "
            magic = line[: match.start()].endswith(("%", "!"))  # an IPython line quoted back: %matplotlib inline
            ordinary = word not in ALLOWED and word not in allowed and len(word) > 1 and not magic
            if not ordinary:
                _close(run, found)
                run = []
                continue
            if run and not joined:
                _close(run, found)
                run = []
            run.append(match.group(0))
        _close(run, found)
    return found


def _close(run: list, found: list) -> None:
    if len(run) >= 2:
        found.append(" ".join(run))


class _Text(HTMLParser):
    """The text a reader sees on a page, and the alt/title text read out for images and marks."""

    def __init__(self):
        super().__init__()
        self.parts: list = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)
