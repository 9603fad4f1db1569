"""Benchmark of `autograder batch`: M synthetic submissions for a1–a3, graded as a class, against the cold CLI.

    .venv/bin/python bench/batch.py            # M = 1000, then the same class with 2 % hanging
    .venv/bin/python bench/batch.py -m 300 --no-hang
    .venv/bin/python bench/batch.py -a a1_encoding -m 200 --no-hang   # one assignment's 200 files, and its floor
    .venv/bin/python bench/batch.py --dask 2   # the class on a LocalCluster of 2 worker processes, and locally

The class is made from solutions/ and is realistic in mix: 60 % correct (the reference with cosmetic
changes: comments, names, blank lines, some as notebooks), 30 % with the usual mistakes (no max
subtraction, wrong axis, no clipping, sum instead of mean, a transposed weight, a missing Jacobian…),
10 % that crash or exit (an exception at import, sys.exit, os._exit inside a function, a syntax error).
Printed: submissions/s, wall time, CPU utilisation, peak memory, and — in the same run — the floor of each
assignment's files (bench/floor.py: a warm numpy parent per core forks one child per submission, which runs it
and makes the very calls the hidden checks make, nothing else) with the ratio batch / floor, and the time the
cold `autograder grade` CLI takes per submission on a sample, as a ratio. The second figure replaces 2 %
of the class with submissions whose function loops forever, under a course.yml copy with short limits,
and shows what each costs and that both cores stay busy meanwhile.

With --dask, the class is graded on a Dask LocalCluster of several worker processes (in a process of its own,
so that this process is the batch's parent alone), and locally, in the same run: the figures are the cluster's
submissions/s per worker, the ratio Dask / local, and the parent's own cost per result (CPU, the results.json
writes it still does, the grades.csv rebuild), which is the ceiling of one parent: how many results per second it
can take in, whatever the cluster's size. The LocalCluster's workers see OUT, so they write the results.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ASSIGNMENTS = ("a1_encoding", "a2_losses", "a3_gradients")
sys.path.insert(0, str(ROOT / "bench"))

# (name, function, old text, new text): the mistakes students make, as edits of the reference solution.
MISTAKES = {
    "a1_encoding": [
        (
            "no max subtraction",
            "softmax",
            "    shifted = z - np.max(z, axis=axis, keepdims=True)\n    e = np.exp(shifted)\n",
            "    e = np.exp(z)\n",
        ),
        (
            "wrong axis",
            "softmax",
            "    return e / np.sum(e, axis=axis, keepdims=True)\n",
            "    return e / np.sum(e, axis=0, keepdims=True)\n",
        ),
        (
            "naive sigmoid",
            "sigmoid",
            "    e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))\n",
            "    return 1.0 / (1.0 + np.exp(-z))\n",
        ),
        ("transposed weight", "mlp_logits", "x @ np.asarray(W1, dtype=float).T", "x @ np.asarray(W1, dtype=float)"),
        ("no label check", "one_hot", "    if np.any(lab < 0) or np.any(lab >= num_classes):\n", "    if False:\n"),
    ],
    "a2_losses": [
        (
            "no clipping",
            "cross_entropy",
            "    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0)\n",
            "    p = np.asarray(probs, dtype=float)\n",
        ),
        (
            "sum instead of mean",
            "mse_loss",
            "    return float(np.mean(np.sum((t - p) ** 2, axis=-1)))\n",
            "    return float(np.sum((t - p) ** 2))\n",
        ),
        ("wrong axis", "mse_loss", "np.sum((t - p) ** 2, axis=-1)", "np.sum((t - p) ** 2, axis=0)"),
        (
            "no max subtraction",
            "softmax_cross_entropy",
            "    m = np.max(z, axis=-1, keepdims=True)\n",
            "    m = np.zeros((z.shape[0], 1))\n",
        ),
        (
            "no clipping",
            "binary_cross_entropy",
            "    p = np.clip(np.asarray(probs, dtype=float), eps, 1.0 - eps)\n",
            "    p = np.asarray(probs, dtype=float)\n",
        ),
    ],
    "a3_gradients": [
        (
            "sum instead of mean",
            "ce_grad_logits",
            "    return (_softmax(z) - _one_hot(labels, z.shape[-1])) / z.shape[0]\n",
            "    return _softmax(z) - _one_hot(labels, z.shape[-1])\n",
        ),
        (
            "transposed",
            "ce_grad_logits",
            "    return (_softmax(z) - _one_hot(labels, z.shape[-1])) / z.shape[0]\n",
            "    return (_softmax(z) - _one_hot(labels, z.shape[-1])).T / z.shape[0]\n",
        ),
        (
            "no Jacobian",
            "mse_grad_logits",
            "    return s * (g - np.sum(g * s, axis=-1, keepdims=True))\n",
            "    return g\n",
        ),
        (
            "one-sided difference",
            "numerical_gradient",
            "        flat[k] = old - eps\n        down = f(x)\n",
            "        flat[k] = old\n        down = f(x)\n",
        ),
        (
            "no max subtraction",
            "_softmax",
            "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n",
            "    e = np.exp(z)\n",
        ),
    ],
}
CRASHES = [
    ("exception at import", lambda src, fn: src + "\nraise RuntimeError('not finished yet')\n"),
    ("sys.exit at import", lambda src, fn: "import sys\nsys.exit(0)\n" + src),
    ("os._exit in a function", lambda src, fn: _into_body(src, fn, "    import os\n    os._exit(3)\n")),
    ("syntax error", lambda src, fn: src.replace("def ", "def (", 1)),
    ("division by zero in a function", lambda src, fn: _into_body(src, fn, "    1 / 0\n")),
]
HANGS_IN = {"a1_encoding": "log_softmax", "a2_losses": "likelihood", "a3_gradients": "loss_surface"}
MARK = "    ### BEGIN SOLUTION\n"


def _into_body(source: str, fn: str, code: str) -> str:
    """Put `code` first in the body of `fn` (right after its docstring, where the solution begins)."""
    at = source.index(f"\ndef {fn}(")
    mark = source.index(MARK, at)
    return source[:mark] + code + source[mark:]


def _edit(source: str, old: str, new: str) -> str:
    if old not in source:
        raise SystemExit(f"bench: the solutions changed, this mistake no longer applies: {old!r}")
    return source.replace(old, new, 1)


def cosmetic(source: str, rng: random.Random, student: str) -> str:
    """The reference as a student would hand it in: no solution markers, their own comments and spacing."""
    text = source.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION\n", "")
    if rng.random() < 0.5:
        text = re.sub(r'^"""[\s\S]*?"""\n', f'"""My work for this assignment ({student})."""\n', text, count=1)
    if rng.random() < 0.4:
        text = text.replace("\n\ndef ", "\n\n\n# ---\ndef ")
    if rng.random() < 0.3:
        text = text.replace("import numpy as np\n", "import numpy as np\nimport math  # might need it\n")
    if rng.random() < 0.2:
        text += "\n\nif __name__ == '__main__':\n    print('tests pass on my machine')\n"
    if rng.random() < 0.1:
        text += "\nprint('loaded')\n"
    return f"# {student}\n" + text


def as_notebook(source: str) -> str:
    """One code cell per top-level block, like a filled-in notebook, with a markdown cell first."""
    import nbformat

    blocks = re.split(r"\n(?=def |# ---\ndef |if __name__)", source)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# My solutions")] + [
        nbformat.v4.new_code_cell(b.strip("\n")) for b in blocks
    ]
    return nbformat.writes(nb)


def generate(root: Path, m: int, seed: int, hang_fraction: float = 0.0, assignments: tuple = ASSIGNMENTS) -> dict:
    """Write M submissions under root/<assignment>/; return {assignment: {student: kind}}."""
    rng = random.Random(seed)
    kinds: dict = {}
    n = len(assignments)
    per = [m // n + (i < m % n) for i in range(n)]
    hang_total = round(hang_fraction * m)
    hang_per = [hang_total // n + (i < hang_total % n) for i in range(n)]
    for aid, count, hang_count in zip(assignments, per, hang_per):
        reference = (ROOT / "solutions" / f"{aid}.py").read_text(encoding="utf-8")
        functions = re.findall(r"^def ([a-z]\w*)\(", reference, re.M)
        folder = root / aid
        folder.mkdir(parents=True)
        plan = ["correct"] * round(0.6 * count) + ["mistake"] * round(0.3 * count)
        plan += ["crash"] * (count - len(plan))
        rng.shuffle(plan)
        hangs = set(rng.sample(range(count), min(hang_count, count)))
        kinds[aid] = {}
        for i, kind in enumerate(plan):
            student = f"s{i:04d}"
            source = reference
            if i in hangs:
                kind = "hang"
                source = _into_body(source, HANGS_IN[aid], "    while True:\n        pass\n")
            elif kind == "mistake":
                name, fn, old, new = rng.choice(MISTAKES[aid])
                source = _edit(source, old, new)
                kind = f"mistake: {name}"
            elif kind == "crash":
                name, make = rng.choice(CRASHES)
                source = make(source, rng.choice(functions))
                kind = f"crash: {name}"
            text = cosmetic(source, rng, student)
            if rng.random() < 0.25 and "syntax" not in kind:
                (folder / f"{student}.ipynb").write_text(as_notebook(text), encoding="utf-8")
            else:
                (folder / f"{student}.py").write_text(text, encoding="utf-8")
            kinds[aid][student] = kind
    return kinds


# ---- measuring -------------------------------------------------------------------------------------
def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]) - idle, sum(fields[:8])


def others_busy(seconds: float = 1.0) -> float:
    """How busy the machine is without us: other jobs (a test suite, a build) make every figure worse."""
    busy0, total0 = cpu_jiffies()
    time.sleep(seconds)
    busy1, total1 = cpu_jiffies()
    return (busy1 - busy0) / max(1, total1 - total0)


class TreeMemory(threading.Thread):
    """Samples the resident memory of this process and all its descendants (workers, templates, students),
    and the CPU time that processes outside that tree (someone else's job) take meanwhile."""

    def __init__(self, every: float = 0.5):
        super().__init__(daemon=True)
        self.every, self.peak, self.stop_flag = every, 0, threading.Event()
        self.history: list = []  # (seconds since start, {pid: resident bytes} of the whole tree)
        self.last: dict = {}
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.others: dict = {}  # pid -> [cpu ticks when first seen, when last seen]

    def sample(self) -> int:
        parents, rss, cpu = {}, {}, {}
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                statm = Path(f"/proc/{pid}/statm").read_text().split()
            except (OSError, IndexError):
                continue
            parents[int(pid)] = int(fields[1])
            cpu[int(pid)] = int(fields[11]) + int(fields[12])
            rss[int(pid)] = int(statm[1]) * self.page
        tree, frontier = {os.getpid()}, [os.getpid()]
        children: dict = {}
        for pid, ppid in parents.items():
            children.setdefault(ppid, []).append(pid)
        while frontier:
            for child in children.get(frontier.pop(), []):
                if child not in tree:
                    tree.add(child)
                    frontier.append(child)
        for pid, ticks in cpu.items():
            if pid not in tree:
                self.others.setdefault(pid, [ticks, ticks])[1] = ticks
        self.last = {pid: rss[pid] for pid in tree if pid in rss}
        return sum(self.last.values())

    def run(self):
        started = time.perf_counter()
        while not self.stop_flag.is_set():
            resident = self.sample()
            self.history.append((time.perf_counter() - started, self.last))
            self.peak = max(self.peak, resident)
            self.stop_flag.wait(self.every)

    def stop(self) -> int:
        self.stop_flag.set()
        self.join()
        return self.peak

    def others_cpu(self) -> float:
        """CPU seconds used by processes outside this benchmark while it ran (0 on an idle machine)."""
        return sum(last - first for first, last in self.others.values()) / self.ticks


def run_class(subs: Path, out: Path, course, jobs: int, dask: str | None = None, report: bool = True) -> dict:
    """Grade every assignment's folder as one batch each; wall, CPU utilisation, per-batch summaries."""
    from autograder.batch import run_batch

    busy0, total0 = cpu_jiffies()
    own0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    summaries = {}
    for aid in ASSIGNMENTS:
        if (subs / aid).is_dir():
            summaries[aid] = run_batch(
                subs / aid,
                aid,
                out / aid,
                jobs=0 if dask else jobs,
                force=True,
                course=course,
                progress=False,
                dask=dask,
                report=report,
            )
    wall = time.perf_counter() - started
    busy1, total1 = cpu_jiffies()
    own1 = resource.getrusage(resource.RUSAGE_SELF)
    parent_cpu = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
    return {
        "wall": wall,
        "cpu": (busy1 - busy0) / max(1, total1 - total0),
        "summaries": summaries,
        "parent_cpu": parent_cpu,
    }


def results_of(out: Path, aid: str, student: str) -> dict:
    return json.loads((out / aid / student / "results.json").read_text(encoding="utf-8"))


def cold_cli(subs: Path, out: Path, sample: list, course_path: Path | None) -> tuple[float, int]:
    """Grade each sampled submission with a fresh `autograder grade` process; (seconds each, scores agreeing)."""
    agree = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for aid, path in sample:
            target = Path(tmp) / "results.json"
            command = [sys.executable, "-m", "autograder"] + (["--course", str(course_path)] if course_path else [])
            command += ["grade", str(path), "-a", aid, "--student", path.stem, "--results", str(target)]
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            try:
                cold = json.loads(target.read_text(encoding="utf-8"))["score"]
            except (OSError, ValueError, KeyError):
                cold = None
            agree += cold == results_of(out, aid, path.stem)["score"]
    return (time.perf_counter() - started) / max(1, len(sample)), agree


def short_course(tmp: Path, call_seconds: float, submission_seconds: float | None) -> Path:
    """A copy of course.yml with short limits, beside a link to solutions/ (problems are checked against it)."""
    import yaml

    data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    data["defaults"]["limits"]["call_seconds"] = call_seconds
    if submission_seconds is not None:
        data["defaults"]["limits"]["submission_seconds"] = submission_seconds
    for spec in data["assignments"].values():
        spec.pop("limits", None)
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "course.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp / "solutions").symlink_to(ROOT / "solutions")
    return tmp / "course.yml"


CLUSTER = """
import sys
from distributed import LocalCluster
cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=int(sys.argv[2]), processes=True,
                       host="127.0.0.1", dashboard_address=None)
print(cluster.scheduler_address, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
cluster.close()
"""


def dask_figures(args, work: Path, kinds: dict) -> None:
    """The class on a LocalCluster of worker processes (its own process): throughput per worker, parent's cost."""
    from autograder.batch import rebuild_grades_csv
    from autograder.batch.runner import WRITERS
    from autograder.course import load_course
    from autograder.grading.results_model import Results

    workers = args.dask or (os.cpu_count() or 1)
    cluster = subprocess.Popen(
        [sys.executable, "-c", CLUSTER, str(workers), str(args.dask_threads)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        address = cluster.stdout.readline().strip()
        if not address:
            raise SystemExit("bench: the LocalCluster did not start")
        print(
            f"dask: a LocalCluster of {workers} worker process(es) × {args.dask_threads} thread(s) at {address}, "
            "in a process of its own",
            flush=True,
        )
        print(f"  other load on the machine just before: {100 * others_busy():.0f} % of its CPU", flush=True)
        course = load_course()
        run_class(work / "class", work / "out-warm", course, 0, dask=address)  # every worker's graders warm
        load_dask = os.getloadavg()[0]
        run = run_class(work / "class", work / "out", course, 0, dask=address)
    finally:
        cluster.stdin.close()
        cluster.wait(timeout=60)
    from autograder.batch.runner import default_jobs

    load_local = os.getloadavg()[0]
    local = run_class(work / "class", work / "out-local", course, default_jobs())  # the same class, locally
    summaries = run["summaries"]
    graded = sum(s.graded for s in summaries.values())
    errors = sum(s.errors for s in summaries.values())
    grading = sum(s.grading_wall for s in summaries.values())
    per_worker: dict = {}
    for aid in summaries:
        for path in (work / "out" / aid).glob("*/results.json"):
            batch = Results.read(path).kit_data.batch
            worker = (batch.worker if batch else None) or "?"
            per_worker[worker] = per_worker.get(worker, 0) + 1
    print(
        f"  {args.submissions} submissions in {run['wall']:.1f} s wall ({grading:.1f} s grading) → "
        f"{args.submissions / run['wall']:.1f} submissions/s; {graded} graded, {errors} errors"
    )
    print(
        "  per worker: "
        + ", ".join(f"{w.rsplit(':', 1)[-1]} {n} ({n / grading:.1f}/s)" for w, n in sorted(per_worker.items()))
    )
    local_grading = sum(s.grading_wall for s in local["summaries"].values())
    print(
        f"  the same class locally, in the same run: {args.submissions / local['wall']:.1f} submissions/s "
        f"({local_grading:.1f} s grading) → Dask / local {local['wall'] / run['wall']:.2f}× "
        f"(grading alone {local_grading / grading:.2f}×); load average {load_dask:.2f} before the Dask run, "
        f"{load_local:.2f} before the local one"
    )
    writes = sum(s.write_seconds for s in summaries.values())
    cpu = sum(s.grading_cpu for s in summaries.values())
    loop = sum(s.loop_cpu for s in summaries.values())
    rebuild_started = time.perf_counter()
    for aid in summaries:
        rebuild_grades_csv(work / "out" / aid, course.assignment(aid))
    rebuild = time.perf_counter() - rebuild_started
    per = max(1, graded + errors)
    print(
        f"  the parent's own CPU per result while grading: {1000 * loop / per:.2f} ms from the first submission sent "
        f"to the last result, {1000 * cpu / per:.2f} ms with connecting and the workers' checks (Dask client, "
        f"deadlines, what it still writes: its writes took {1000 * writes / per:.2f} ms per result, "
        f"{WRITERS} at a time; the workers see OUT and write results.json and pages themselves); grades.csv rebuilt "
        f"once at the end in {1000 * rebuild:.0f} ms ({1e6 * rebuild / per:.0f} µs per result)"
    )
    print(
        f"  all of the parent's CPU for the batches (connecting, the workers' checks, the loop, grades.csv, the report "
        f"and pages it still writes): {1000 * run['parent_cpu'] / per:.2f} ms per result"
    )
    busiest = max(loop / per, writes / per / WRITERS)
    per_thread = graded / grading / max(1, workers * args.dask_threads)
    print(
        f"  ceiling of one parent: about {1 / busiest:.0f} results/s, the rate of "
        f"≈ {1 / busiest / per_thread:.0f} worker threads grading at this run's {per_thread:.1f} submissions/s each"
    )


class ParentSteps:
    """The CPU time the batch's own process spends in each step of a submission (each thread's CPU, summed): the
    parent's share of the breakdown, beside bench/profile.py's for the grading and student processes."""

    STEPS = (
        ("autograder.submission", "load_submission", "read and parse the submission"),
        ("autograder.grading.supervisor:SupervisedGrader", "grade", "send it, wait, read the results back"),
        ("autograder.batch.runner:_Batch", "write_graded", "write results.json and the page (both below)"),
        ("autograder.batch.worker_side", "write_json_atomic", "  results.json (atomic, fsync'd)"),
        ("autograder.batch.runner:_Batch", "_keep", "  the student's page"),
        ("autograder.reporting", "write_class_report", "the class report at the end"),
    )

    def __init__(self):
        import importlib

        self.seconds: dict = {}
        self.lock = threading.Lock()
        self.undo = []
        for where, name, label in self.STEPS:
            module, _, cls = where.partition(":")
            owner = importlib.import_module(module)
            owner = getattr(owner, cls) if cls else owner
            original = getattr(owner, name)
            setattr(owner, name, self._timed(original, label))
            self.undo.append((owner, name, original))

    def _timed(self, original, label):
        def timed(*args, **kwargs):
            started = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                with self.lock:
                    self.seconds[label] = self.seconds.get(label, 0.0) + time.thread_time() - started

        return timed

    def restore(self) -> None:
        for owner, name, original in self.undo:
            setattr(owner, name, original)

    def lines(self, count: int) -> list:
        return [f"    {1000 * self.seconds.get(label, 0.0) / count:6.2f}  {label}" for _w, _n, label in self.STEPS]


def local_figures(args, work: Path, kinds: dict, jobs: int, cores: int) -> None:
    """The class on this machine's threads, against the cold CLI; then the same class with some hanging."""
    from autograder.course import load_course

    print(
        f"  other load on the machine just before: {100 * others_busy():.0f} % of its CPU "
        "(the figures assume an otherwise idle machine)",
        flush=True,
    )
    steps = ParentSteps()
    memory = TreeMemory()
    memory.start()
    run = run_class(work / "class", work / "out", load_course(), jobs, report=not args.no_report)
    tree_peak = memory.stop()
    steps.restore()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    graded = sum(s.graded for s in run["summaries"].values())
    errors = sum(s.errors for s in run["summaries"].values())
    grading = sum(s.grading_wall for s in run["summaries"].values())
    rate = args.submissions / run["wall"]
    print(
        f"batch: {args.submissions} submissions in {run['wall']:.1f} s wall → {rate:.1f} submissions/s "
        + ("without the class report and pages " if args.no_report else "")
        + f"(grading {grading:.1f} s, start-up/report/CSV {run['wall'] - grading:.1f} s; "
        f"{graded} graded, {errors} errors)"
    )
    print(
        "  each assignment's batch, start-up, grades.csv and class report included: "
        + ", ".join(
            f"{aid} {s.graded} in {s.wall:.1f} s ({s.graded / s.wall:.0f}/s; "
            f"grading alone {s.graded / s.grading_wall:.0f}/s)"
            for aid, s in run["summaries"].items()
            if s.wall > 0 and s.grading_wall > 0
        )
    )
    print(
        f"  CPU utilisation {100 * run['cpu']:.0f} % of {cores} cores; the batch's own parent process used "
        f"{run['parent_cpu']:.1f} s CPU ({1000 * run['parent_cpu'] / args.submissions:.1f} ms per submission); "
        f"other processes on the machine used {memory.others_cpu():.1f} CPU-s meanwhile"
    )
    print("  the parent's CPU per submission by step (ms; its threads' CPU, summed):")
    print("\n".join(steps.lines(args.submissions)))
    floor_figures(work / "class", run["summaries"], cores)
    print(
        f"  peak memory (getrusage): this process {mib(own)} + largest child {mib(children)} = {mib(own + children)}; "
        f"whole process tree at most {mib(tree_peak)} (sampled every 0.5 s)"
    )

    rng = random.Random(args.seed + 1)
    pool = [(aid, p) for aid in kinds for p in sorted((work / "class" / aid).iterdir())]
    sample = rng.sample(pool, min(args.sample, len(pool)))
    per_cold, agree = cold_cli(work / "class", work / "out", sample, None)
    per_batch = run["wall"] / args.submissions
    print(
        f"  cold `autograder grade`, {len(sample)} submissions one by one: {per_cold:.2f} s each vs "
        f"{1000 * per_batch:.0f} ms each in the batch → batch is {per_cold / per_batch:.0f}× faster; "
        f"scores agree on {agree}/{len(sample)}",
        flush=True,
    )

    if not args.no_hang:
        course_path = short_course(work / "course", args.call_seconds, args.submission_seconds)
        hang_kinds = generate(work / "class-hang", args.submissions, args.seed, args.hang_fraction)
        hanging = [(aid, s) for aid, k in hang_kinds.items() for s, kind in k.items() if kind == "hang"]
        hang_course = load_course(course_path)
        limit = hang_course.assignment(ASSIGNMENTS[0]).limits
        print(
            f"hanging: {len(hanging)} of {args.submissions} submissions loop forever in one function "
            f"({', '.join(sorted(set(HANGS_IN.values())))}); limits call_seconds {limit.call_seconds:g} s, "
            f"submission_seconds {limit.submission_seconds:g} s",
            flush=True,
        )
        hang = run_class(work / "class-hang", work / "out-hang", hang_course, jobs)
        costs = [results_of(work / "out-hang", aid, s)["execution_time"] for aid, s in hanging]
        over = sum(c > limit.call_seconds + 1.0 for c in costs)
        extra = hang["wall"] - run["wall"]
        print(
            f"  wall {hang['wall']:.1f} s ({extra:+.1f} s vs. no hanging; the hanging submissions' own time "
            f"{sum(costs):.0f} s spread over {jobs} workers is {sum(costs) / jobs:.0f} s)"
        )
        if costs:
            print(
                f"  each hanging submission cost {min(costs):.1f}–{max(costs):.1f} s in all (median "
                f"{sorted(costs)[len(costs) // 2]:.1f} s) against a {limit.call_seconds:g} s call limit; "
                f"more than 1 s over it: {over}"
            )
        print(f"  CPU utilisation {100 * hang['cpu']:.0f} % of {cores} cores during the hanging run")


def floor_figures(classes: Path, summaries: dict, cores: int) -> None:
    """Each assignment's files at the floor (bench/floor.py), right after the batch graded them: the ratio."""
    import floor

    print(
        "  the floor (a warm numpy parent per core forks a child per submission, which runs it and makes the calls "
        "the hidden checks make, recorded from the reference; nothing else):"
    )
    for aid, summary in summaries.items():
        files = sorted((classes / aid).iterdir())
        calls = floor.recorded_calls(aid)
        load = os.getloadavg()[0]
        measured = floor.measure(files, calls, cores)
        whole = summary.graded / summary.wall if summary.wall else 0.0
        alone = summary.graded / summary.grading_wall if summary.grading_wall else 0.0
        print(
            f"    {aid}: floor {measured['rate']:.0f}/s ({len(files)} files, {measured['calls']} calls each; load "
            f"average {load:.2f} before it); the batch {whole:.1f}/s with its start-up and report → "
            f"{whole / measured['rate']:.3f} of the floor (grading alone {alone:.1f}/s → "
            f"{alone / measured['rate']:.3f})",
            flush=True,
        )


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.0f} MiB"


def memory_figures(args, work: Path, jobs: int) -> None:
    """One batch of N submissions of one assignment: does the whole process tree's memory grow per submission?

    The tree's resident memory is sampled every 0.5 s; the first tenth of the grading (processes warming up)
    is left out, and a least-squares line over the rest gives the growth per 1,000 submissions at the run's
    own rate. Flat means: no state kept per graded submission anywhere (parent, grading processes, templates)."""
    from autograder.batch import run_batch
    from autograder.course import load_course

    aid = ASSIGNMENTS[0]
    generate(work / "class", args.memory, args.seed, assignments=(aid,))
    memory = TreeMemory()
    memory.start()
    started = time.perf_counter()
    summary = run_batch(
        work / "class" / aid,
        aid,
        work / "out",
        jobs=jobs,
        force=True,
        course=load_course(),
        progress=False,
        report=args.with_report,
    )
    wall = time.perf_counter() - started
    memory.stop()
    # Student processes come and go (one per submission); what could keep state per submission is what lives
    # through the batch: this process, the grading processes and their templates.
    steady = memory.history[len(memory.history) // 10 :]
    seen: dict = {}
    for _, sizes in steady:
        for pid in sizes:
            seen[pid] = seen.get(pid, 0) + 1
    lasting = {pid for pid, count in seen.items() if count >= 0.8 * len(steady)}  # not the students, born per file
    points = [(t, sum(sizes[pid] for pid in lasting)) for t, sizes in steady if lasting <= set(sizes)]
    rate = summary.graded / max(summary.grading_wall, 1e-9)
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_r = sum(r for _, r in points) / n
    slope = sum((t - mean_t) * (r - mean_r) for t, r in points) / max(1e-9, sum((t - mean_t) ** 2 for t, _ in points))
    print(
        f"memory: {summary.graded} submissions of {aid} as one batch"
        + (" with its class report" if args.with_report else "")
        + f" in {wall:.1f} s ({rate:.0f}/s while grading); "
        f"the whole process tree peaked at {mib(memory.peak)}",
        flush=True,
    )
    print(
        f"  the {len(lasting)} processes that live through the batch (this one, the grading processes, their "
        f"templates): {mib(points[0][1])} after the first tenth, {mib(points[-1][1])} at the end; trend "
        f"{slope / rate * 1000 / 2**20:+.1f} MiB per 1,000 submissions ({n} samples)"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-m", "--submissions", type=int, default=1000, help="class size M (default 1000)")
    parser.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: CPU count)")
    parser.add_argument("--sample", type=int, default=12, help="submissions graded one by one by the cold CLI")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic class")
    parser.add_argument("--no-hang", action="store_true", help="skip the second figure (hanging submissions)")
    parser.add_argument(
        "--no-report",
        action="store_true",
        help="grade without the class report and the pages (the difference is what they cost)",
    )
    parser.add_argument(
        "--with-report",
        action="store_true",
        help="with --memory: write the report too (the batch then keeps each result, about 9 KiB, for it)",
    )
    parser.add_argument("--hang-fraction", type=float, default=0.02)
    parser.add_argument("--call-seconds", type=float, default=2.0, help="call_seconds of the hanging run")
    parser.add_argument(
        "--submission-seconds", type=float, help="submission_seconds of the hanging run (default: course.yml's)"
    )
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder)")
    parser.add_argument(
        "-a",
        "--assignments",
        nargs="+",
        choices=ASSIGNMENTS,
        default=list(ASSIGNMENTS),
        help="the assignments of the class (default: all three; -m is split among them)",
    )
    parser.add_argument(
        "--dask",
        type=int,
        nargs="?",
        const=0,
        metavar="WORKERS",
        help="grade on a LocalCluster of WORKERS worker processes (default: one per core) instead",
    )
    parser.add_argument("--dask-threads", type=int, default=1, help="threads per Dask worker (default 1)")
    parser.add_argument(
        "--memory",
        type=int,
        metavar="N",
        help="instead: one batch of N a1 submissions, and whether memory grows per submission",
    )
    args = parser.parse_args(argv)

    from autograder.batch.runner import default_jobs

    jobs = args.jobs or default_jobs()
    cores = os.cpu_count() or 1
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    if work.exists() and any(work.iterdir()):
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.memory:
            memory_figures(args, work, jobs)
        else:
            kinds = generate(work / "class", args.submissions, args.seed, assignments=tuple(args.assignments))
            counts = {aid: len(k) for aid, k in kinds.items()}
            print(
                f"class: {args.submissions} synthetic submissions "
                f"({', '.join(f'{a} {n}' for a, n in counts.items())}): "
                "60 % correct, 30 % usual mistakes, 10 % crashing or exiting; "
                f"{cores} cores, {jobs} workers",
                flush=True,
            )

            if args.dask is not None:
                dask_figures(args, work, kinds)
            else:
                local_figures(args, work, kinds, jobs, cores)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("reproduce: .venv/bin/python bench/batch.py " + " ".join(argv if argv is not None else sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
