"""A notebook checks itself anywhere: each assignment's notebook, copied ALONE into an empty folder, runs in a
fresh virtual environment that has numpy, sympy, mpmath, lark, matplotlib, ipykernel and nbclient (pinned as the
kit pins them) and not the kit. With the reference functions pasted in, every check() succeeds and no cell errs;
with a known mistake in every function, each problem's check() fails with the grader's teaching message and
still no cell errs (the demos run with the wrong functions and say so). The carried archive holds no hidden
check and no reference code.

The environment is built once per set of pins (pip, from PyPI or pip's cache) under the temporary folder and
reused by later runs."""

from __future__ import annotations

import ast
import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
import tomllib

from autograder import paths
from autograder.authoring.carry import encode, minified, payloads_in
from autograder.authoring.generate import leaks
from autograder.authoring.layout import read_module
from autograder.authoring.notebooks import student_notebook
from autograder.course import load_course

from english import english_sentences

pytestmark = pytest.mark.slow

COURSE = load_course()
IDS = list(COURSE.assignments)
PACKAGES = ("numpy", "sympy", "mpmath", "lark", "matplotlib", "ipykernel", "nbclient")

# One known mistake per function, and what check() must then say about that problem.
BROKEN = {
    "a1_encoding": {
        "encoding_distances": (
            """
def encoding_distances(encodings):
    e = np.asarray(encodings, dtype=float)
    d = e[:, None, :] - e[None, :, :]
    return np.sum(d * d, axis=-1)
""",
            "Your distances equal the squared distances",
        ),
        "one_hot": (
            """
def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    if np.any(labels < 0) or np.any(labels >= num_classes) or np.any(labels != np.round(labels)):
        raise ValueError("not a class")
    return np.eye(num_classes)[labels.astype(int) - 1]
""",
            "Your result is the one-hot vector of label − 1",
        ),
        "softmax": (
            """
def softmax(logits, axis=-1):
    e = np.exp(logits)
    return e / e.sum(axis=axis, keepdims=True)
""",
            "This is what exp(z) / Σ exp(z) gives without subtracting the max first",
        ),
        "log_softmax": (
            """
def log_softmax(logits, axis=-1):
    e = np.exp(logits - np.max(logits, axis=axis, keepdims=True))
    return np.log(e / e.sum(axis=axis, keepdims=True))
""",
            "Your result equals log(softmax(z))",
        ),
        "sigmoid": (
            """
def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
""",
            "exp overflowed while computing this (numpy warned)",
        ),
        "mlp_logits": (
            """
def mlp_logits(x, W1, b1, W2, b2):
    hidden = 1 / (1 + np.exp(-(x @ W1.T + b1)))
    return (hidden @ W2.T + b2).T
""",
            "expected shape (4, 2), got shape (2, 4)",
        ),
    },
    "a2_losses": {
        "mse_loss": (
            """
def mse_loss(targets, probs):
    return float(np.sum((targets - probs) ** 2))
""",
            "the sum over the batch of 2 examples",
        ),
        "cross_entropy": (
            """
def cross_entropy(targets, probs, eps=1e-12):
    return float(np.mean(-np.sum(targets * np.log(probs), axis=-1)))
""",
            "This is what the loss gives without clipping: ln 0 is −inf",
        ),
        "softmax_cross_entropy": (
            """
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    return float(np.mean(-np.log(p[np.arange(len(z)), labels])))
""",
            "For huge logits your loss is inf: an exp overflowed, or a probability rounded to 0",
        ),
        "binary_cross_entropy": (
            """
def binary_cross_entropy(targets, probs, eps=1e-12):
    return float(np.mean(-(targets * np.log(probs) + (1 - targets) * np.log(1 - probs))))
""",
            "Clip the probabilities (np.clip) to [eps, 1 − eps]",
        ),
        "likelihood": (
            """
def likelihood(probs, labels):
    return float(np.sum(np.log(probs[np.arange(len(labels)), labels])))
""",
            "the log-likelihood: the likelihood is the product",
        ),
        "output_layer_for": (
            """
def output_layer_for(problem):
    table = {"binary": ("sigmoid", "binary_crossentropy"), "multiclass": ("softmax", "categorical_crossentropy"),
             "multilabel": ("softmax", "categorical_crossentropy"), "regression": ("none", "mse"),
             "bounded_regression": ("sigmoid", "mse")}
    if problem not in table:
        raise ValueError(problem)
    return table[problem]
""",
            "is the lecture's row for multi-class, single-label classification",
        ),
    },
    "a3_gradients": {
        "softmax_jacobian": (
            """
def softmax_jacobian(logits):
    s = _softmax(logits)
    return s[..., :, None] * np.eye(s.shape[-1]) * (1 - s[..., None, :])
""",
            "Your Jacobian keeps only its diagonal",
        ),
        "ce_grad_logits": (
            """
def ce_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return _softmax(z) - _one_hot(labels, z.shape[-1])
""",
            "so its gradient is divided by N",
        ),
        "mse_grad_logits": (
            """
def mse_grad_logits(logits, labels):
    z = np.asarray(logits, dtype=float)
    return 2 * (_softmax(z) - _one_hot(labels, z.shape[-1])) / z.shape[0]
""",
            "multiply it by the softmax Jacobian (chain rule)",
        ),
        "numerical_gradient": (
            """
def numerical_gradient(f, x, eps=1e-6):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for k in range(x.size):
        up, down = x.copy().reshape(-1), x.copy().reshape(-1)
        up[k] += eps
        down[k] -= eps
        g.reshape(-1)[k] = (f(up.reshape(x.shape)) - f(down.reshape(x.shape))) / eps
    return g
""",
            "Your result is twice the central difference",
        ),
        "loss_surface": (
            """
def loss_surface(loss, y1_values, y2_values, y3=-1000.0, label=0):
    out = np.zeros((len(y1_values), len(y2_values)))
    for i, a in enumerate(y1_values):
        for j, b in enumerate(y2_values):
            s = _softmax(np.array([a, b, y3]))
            out[i, j] = -np.log(s[label]) if loss == "ce" else np.mean((_one_hot(np.array(label), 3) - s) ** 2)
    return out
""",
            "the expected value divided by the 3 classes",
        ),
        "train_softmax_regression": (
            """
def train_softmax_regression(X, labels, loss, lr=0.1, steps=100, W0=None, b0=None):
    K = int(np.max(labels)) + 1
    return np.zeros((K, X.shape[1])), np.zeros(K), np.zeros(steps)
""",
            "expected shape (2, 3), got shape (3, 2)",
        ),
    },
    "a4_derivations": {
        "sigmoid_softmax_equivalence": (
            """
def sigmoid_softmax_equivalence():
    z1, z2 = symbols("z1 z2", real=True)
    return [exp(z1) / (exp(z1) + exp(z2)), 1 / (1 + exp(-(z1 - z2)))]
""",
            "step 1 is true but too large",
        ),
        "softmax_shift_invariance": (
            """
def softmax_shift_invariance():
    z1, z2, z3, c = symbols("z1 z2 z3 c", real=True)
    return [exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c)), exp(z1) / (exp(z1) + exp(z2))]
""",
            "does not follow from step 0",
        ),
        "cross_entropy_is_nll": (
            """
def cross_entropy_is_nll():
    return "not a chain"
""",
            "the function must return a list of expressions (a chain), got str",
        ),
        "softmax_ce_gradient": (
            """
def softmax_ce_gradient():
    return ["s1 - y1", "s1 - y1"]
""",
            "s1 is not a symbol: write the softmax out",
        ),
        "mse_softmax_gradient": (
            """
def mse_softmax_gradient():
    return [0.5, 0.25]
""",
            "use exact numbers (Rational(1, 2), not 0.5)",
        ),
    },
}


def _pins() -> list:
    """The kit's own pins of the packages a student's notebook needs (pyproject.toml)."""
    project = tomllib.loads((paths.KIT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = project["dependencies"] + [d for group in project["optional-dependencies"].values() for d in group]
    found = {re.split(r"[=<>!~ ]", d)[0].lower(): d for d in pinned}
    return [found[name] for name in PACKAGES]


@pytest.fixture(scope="session")
def bare_venv() -> Path:
    """A virtual environment with the notebook packages and not the kit, built once per set of pins."""
    pins = _pins()
    key = hashlib.sha256("\n".join([sys.version, *pins]).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"autograder-notebook-venv-{key}"
    python = folder / "bin" / "python"
    with open(f"{folder}.lock", "w") as lock:  # concurrent test runs build it once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=300)
            built = subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pins],
                capture_output=True,
                text=True,
                timeout=1200,
            )
            assert built.returncode == 0, built.stderr[-3000:]
            (folder / "ready").write_text("\n".join(pins) + "\n", encoding="utf-8")
    probe = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(u.find_spec('autograder'))"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tempfile.gettempdir(),
    )
    assert probe.stdout.strip() == "None", "the fresh environment must not hold the kit"
    return folder


DRIVER = """
import json, sys
import nbformat
from nbclient import NotebookClient
notebook, out = sys.argv[1], sys.argv[2]
nb = nbformat.read(notebook, as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=600, allow_errors=True).execute()
cells = []
for cell in nb.cells:
    if cell.cell_type == "code":
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        errors = [o.ename + ": " + o.evalue for o in cell.outputs if o.output_type == "error"]
        cells.append({"source": cell.source, "text": text, "errors": errors, "ran": cell.execution_count is not None})
json.dump(cells, open(out, "w"))
"""


def _notebook_with(assignment_id: str, definitions: dict, language: str | None = None) -> nbformat.NotebookNode:
    """The shipped notebook (or the one the kit makes in `language`) with each exercise cell replaced by the given
    definition of its function."""
    if language is None:
        nb = nbformat.read(paths.assignments_dir() / assignment_id / f"{assignment_id}.ipynb", as_version=4)
    else:
        nb = student_notebook(COURSE.assignment(assignment_id), language=language)
    for cell in nb.cells:
        if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", []):
            match = re.search(r"^def (\w+)\(", cell.source, re.M)
            if match and match.group(1) in definitions:
                cell.source = definitions[match.group(1)]
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import sys, importlib.util\n"
            "print('PREFIX', sys.prefix, 'KIT', importlib.util.find_spec('autograder.grading'),"
            " 'CARRIED', sys.modules['autograder'].__file__)",
            metadata={"tags": ["skip-grading"]},
            id="probe",
        )
    )
    return nb


def _run_alone(venv: Path, tmp_path: Path, assignment_id: str, nb) -> list:
    """Write the notebook alone into an empty folder and execute it there with the fresh environment."""
    folder = tmp_path / "alone"
    folder.mkdir()
    notebook = folder / f"{assignment_id}.ipynb"
    nbformat.write(nb, notebook)
    driver, out = tmp_path / "driver.py", tmp_path / "cells.json"
    driver.write_text(DRIVER, encoding="utf-8")
    home = tmp_path / "home"  # no user-level kernels or configuration from this machine
    home.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "MPLCONFIGDIR": str(home / "mpl"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "LANG": "C.UTF-8",
    }
    run = subprocess.run(
        [str(venv / "bin" / "python"), str(driver), str(notebook), str(out)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(p.name for p in folder.iterdir()) == [notebook.name], "the notebook ran with nothing beside it"
    cells = json.loads(out.read_text(encoding="utf-8"))
    probe = cells[-1]["text"]
    assert f"PREFIX {venv}" in probe and "KIT None" in probe, probe  # nothing of the kit but what the notebook carries
    assert re.search(r"CARRIED \S+/checker\.zip/autograder/__init__\.py", probe), probe
    return cells


def _check_cells(cells: list) -> dict:
    """problem -> what its check("problem") cell printed."""
    found = {}
    for cell in cells:
        match = re.fullmatch(r'check\("(\w+)"\)', cell["source"].strip())
        if match:
            found[match.group(1)] = cell["text"]
    return found


def _reference(assignment_id: str) -> dict:
    module = read_module((paths.solutions_dir() / f"{assignment_id}.py").read_text(encoding="utf-8"))
    return {f.name: f.code for f in module.functions}


@pytest.mark.parametrize("assignment_id", IDS)
def test_the_notebook_alone_passes_every_check_with_the_reference(bare_venv, tmp_path, assignment_id):
    cells = _run_alone(bare_venv, tmp_path, assignment_id, _notebook_with(assignment_id, _reference(assignment_id)))
    assert [c["errors"] for c in cells if c["errors"]] == []
    assert all(c["ran"] for c in cells)
    checks = _check_cells(cells)
    problems = COURSE.assignment(assignment_id).problems
    assert set(checks) == set(problems), "a check() cell after every exercise"
    for problem, text in checks.items():
        assert re.search(rf"→ {problem}: all \d+ visible checks pass\.", text), text
        assert (
            "✗" not in text and "Why it matters:" in text and f"{problem} is worth {problems[problem]:g} points" in text
        )
    final = next(c["text"] for c in cells if c["source"].strip() == "check()")
    assert re.search(r"(\d+) of \1 visible checks pass; problems worth 100 of 100 points pass all of theirs", final), (
        final
    )


@pytest.mark.parametrize("assignment_id", IDS)
def test_the_notebook_alone_teaches_with_a_mistake_in_every_function(bare_venv, tmp_path, assignment_id):
    broken = {name: code.strip() for name, (code, _) in BROKEN[assignment_id].items()}
    cells = _run_alone(
        bare_venv, tmp_path, assignment_id, _notebook_with(assignment_id, {**_reference(assignment_id), **broken})
    )
    assert [c["errors"] for c in cells if c["errors"]] == [], "a function that is not right yet never makes a cell err"
    checks = _check_cells(cells)
    for problem, (_, message) in BROKEN[assignment_id].items():
        text = checks[problem]
        assert message in text, f"{problem}: {text}"
        assert f"→ {problem}: " in text and "visible checks pass." in text and "✗ " in text
        assert "Hint 1 of 3 (the idea): " in text, "the first hint unfolds"
        assert "Traceback" not in text
    demos = [c["text"] for c in cells if "check.demo(" in c["source"]]  # the demos (a4 has none)
    assert bool(demos) == (assignment_id != "a4_derivations")
    # A demo runs with the wrong function and says so; an error it raises is told, never a traceback.
    assert all(
        "Not passing its visible checks yet: " in t and "This demo shows what it gives now" in t for t in demos
    ), demos


@pytest.mark.parametrize("assignment_id", IDS)
def test_the_carried_archive_holds_no_hidden_check_and_no_reference_code(assignment_id):
    notebook = paths.assignments_dir() / assignment_id / f"{assignment_id}.ipynb"
    text = "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells)
    (files,) = payloads_in(text)
    package = {name for name in files if name.startswith("autograder/checker/")}
    assert set(files) - package == {"autograder/__init__.py", "carried.json", "visible.py"}
    assert not any(part in name for name in files for part in ("graders", "sandbox", "misconceptions", "grading/"))
    sources = {name: source for name, source in files.items() if name.endswith(".py")}
    defined = {
        node.name
        for source in sources.values()
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
    }
    assert not defined & set(_reference(assignment_id)), (
        f"a carried module defines {defined & set(_reference(assignment_id))}"
    )
    # The visible checks are public (the folder's test file); no statement of a hidden check is in the kit modules.
    visible = paths.assignments_dir() / assignment_id / f"test_{assignment_id}_visible.py"
    assert sources["visible.py"] == minified(visible.read_text(encoding="utf-8"))
    kit_code = {
        ast.unparse(node)
        for name, source in sources.items()
        if name != "visible.py"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.stmt)
    }
    hidden = ast.parse((paths.PACKAGE_DIR / "graders" / f"{assignment_id}.py").read_text(encoding="utf-8"))
    statements = {
        ast.unparse(node)
        for test in hidden.body
        if isinstance(test, ast.FunctionDef) and test.name.startswith("test_")
        for node in ast.walk(test)
        if isinstance(node, ast.stmt) and node is not test
    }
    assert not {s for s in statements if len(s) >= 20} & kit_code
    keys = json.loads(files["carried.json"])["catalogue"]["en"]
    assert not any(key.startswith(f"check:{assignment_id}:") for key in keys), "no hidden check's name"
    assert leaks(notebook) == []


def _planted(files: dict) -> str:
    """A set-up cell carrying an archive of `files`."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, text in files.items():
            out.writestr(name, text)
    return f'check = _set_up("{encode(buffer.getvalue())}")'


def test_the_leak_check_refuses_an_archive_that_carries_a_hidden_check(tmp_path):
    """A notebook whose set-up cell also carried the hidden graders (or misconceptions.py) is refused."""
    misconceptions = (paths.PACKAGE_DIR / "grading" / "misconceptions.py").read_text(encoding="utf-8")
    data = {"catalogue": {"en": {"check:a1_encoding:test_softmax_known": "x"}}}
    source = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                _planted({"autograder/grading/misconceptions.py": misconceptions, "carried.json": json.dumps(data)})
            ),
            nbformat.v4.new_code_cell('check = _set_up("notanarchive")'),
        ]
    )
    nbformat.write(source, tmp_path / "planted.ipynb")
    found = leaks(tmp_path / "planted.ipynb")
    assert any("carries autograder/grading/misconceptions.py, which may not travel" in f for f in found), found
    assert any("carries the name of the hidden check check:a1_encoding:test_softmax_known" in f for f in found), found
    assert any("carries an archive that cannot be read back" in f for f in found), found


# ---- the course in Traditional Chinese ----------------------------------------------------------------------
NUMPY_QUOTED = re.compile(r"（numpy 原文：[^）]*）")  # numpy's own words, kept beside their explanation
MARKDOWN_CODE = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$", re.S)


def _english_in(text: str) -> list:
    return english_sentences(NUMPY_QUOTED.sub(" ", text))


@pytest.mark.parametrize("assignment_id", IDS)
@pytest.mark.parametrize("kind", ["reference", "mistakes"])
def test_a_traditional_chinese_notebook_alone_shows_no_english_sentence(bare_venv, tmp_path, assignment_id, kind):
    """The zh-TW notebook, run alone in the fresh environment, with the reference or a mistake in every function:
    its story, its check() cells, its demos and numpy's warnings read in Traditional Chinese (code, numbers and
    numpy's own words beside their explanation allowed)."""
    definitions = _reference(assignment_id)
    if kind == "mistakes":
        definitions.update({name: code.strip() for name, (code, _) in BROKEN[assignment_id].items()})
    nb = _notebook_with(assignment_id, definitions, "zh-TW")
    markdown = "\n".join(MARKDOWN_CODE.sub(" ", c.source) for c in nb.cells if c.cell_type == "markdown")
    assert _english_in(markdown) == []
    cells = _run_alone(bare_venv, tmp_path, assignment_id, nb)
    assert [c["errors"] for c in cells if c["errors"]] == []
    shown = "\n".join(c["text"] for c in cells[:-1])  # the last is the test's own probe
    assert _english_in(shown) == [], shown[-3000:]
    checks = _check_cells(cells)
    assert set(checks) == set(COURSE.assignment(assignment_id).problems)
    if kind == "reference":
        assert all("項公開檢查全部通過" in text and "為什麼重要" in text for text in checks.values()), checks
    else:
        assert all("✗ " in text and "提示 1/3（概念）" in text for text in checks.values()), checks
        demos = [c["text"] for c in cells if "check.demo(" in c["source"]]
        assert all("✗ 還沒通過公開檢查：" in text for text in demos), demos
