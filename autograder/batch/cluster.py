"""A class graded on a Dask cluster: workers checked before they grade, a window that follows the cluster, and
deadlines instead of silent hangs.

Why each part:
- A worker grades with its own copy of the kit. A copy that differs (a grader weight, a reference, the numpy
  that computes the expected answers) gives other grades, silently. So every worker, and every worker that
  joins later, first answers a check from the very grading process its thread will use: the kit's source,
  the graders', the reference's and the catalogue's hashes, the course settings as it reads them, numpy's and
  sympy's versions, and the isolation level its students run under. A worker that differs in anything, or
  isolates less than required, is excluded by name with what differs; every result is checked again (its
  graders hash and level), so a worker that changes after its check cannot slip a grade in.
- Dask keeps a stopped worker (SIGSTOP, a frozen VM) for minutes and its tasks with it. The parent watches
  each worker's heartbeat at the scheduler: a worker silent for STALL_SECONDS has its submissions sent
  elsewhere. Each submission also has a deadline from the moment it starts (the course's
  `submission_seconds`, the watchdog's margin and PARENT_MARGIN): past it, it is sent elsewhere once, then
  recorded as an error, and the batch goes on.
- Clusters grow and shrink (dask-jobqueue, Kubernetes adaptive clusters start empty): the window of
  submissions in flight is recomputed from the threads of the usable workers at every poll.
- Connecting fails within seconds and in one line: a quick TCP probe, then Dask's own handshake and a question
  only a scheduler answers, bounded by HANDSHAKE_SECONDS in a thread of its own (Dask's client waits forever on
  a listener that accepts and says nothing), before Dask's client is made. TLS comes from Dask's own
  configuration (`distributed.comm.tls.*`, or a configured security loader) or the caller's Security; plain
  tcp:// is refused to any address that is not this machine's unless the caller allows it: whoever reaches a
  worker can run code as the worker's user.
- The scheduler can restart: the client reconnects (or a new one is made, within RECONNECT_SECONDS), a new
  scheduler's workers are checked afresh, and what was in flight is sent again (Dask cancels it).
- What crosses the cluster is compact: the batch's settings pickled once, up to CHUNK submissions per task (Dask's
  cost is per task) as their files' bytes, each result as pickled bytes (the Results model, not its JSON) beside
  the fields the parent checks, which Dask moves as they are and the parent unpacks only when it needs them. A
  worker that sees the batch's output folder (a shared file system, one machine) writes results.json and the
  student's page there itself; the parent then only keeps what grades.csv and the report need.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import hashlib
import ipaddress
import json
import logging
import pickle
import platform
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from ..catalogue import Message
from ..errors import KitError
from ..grading.supervisor import WATCHDOG_MARGIN

CONNECT_SECONDS = 10.0  # Dask's client connecting, after the probes answered; and its own reconnecting
PROBE_SECONDS = 4.0  # the TCP probe: a refused or unroutable address fails within this
HANDSHAKE_SECONDS = 6.0  # Dask's handshake and a scheduler's answer: a listener that is not one fails within this
RECONNECT_SECONDS = 120.0  # a scheduler that went away may come back within this (or --dask-wait, if longer)
WAIT_SECONDS = 30.0  # default --dask-wait: how long a batch waits for a worker that can grade
STALL_SECONDS = 15.0  # a worker whose heartbeat has not reached the scheduler for this long is stalled
CHECK_SECONDS = 180.0  # a worker's check starts a grading process: START_SECONDS on a loaded machine, and more
PARENT_MARGIN = 20.0  # beyond the watchdog's deadline: moving the submission and its result
POLL_SECONDS = 1.0  # how often the parent asks the scheduler about its workers
ROLL_CALL_SECONDS = 10.0  # at the start, how long the first ready worker waits for the others' checks
LEVELS = ("none", "landlock", "userns", "root")  # weakest first, as sandbox/process.py orders them
WORKER_WRITERS = 4  # a worker's threads writing results.json and pages while its grading threads grade
CHUNK = 8  # at most this many submissions per task of a cluster
TAIL_CHUNKS = 4  # per thread: tasks get smaller as fewer than this many full ones per thread are left

# What must be equal on every worker (the isolation level is compared as "at least").
COMPARED = {
    "kit": "kit source",
    "graders": "graders",
    "reference": "reference solution",
    "course": "course settings",
    "catalogue": "message catalogue",
    "numpy": "numpy",
    "sympy": "sympy",
}


# ================================================================================ identities
def _files_sha256(files) -> str:
    digest = hashlib.sha256()
    for path, name in sorted(files, key=lambda item: item[1]):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<unreadable>"
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


_SOURCE_SUFFIXES = {".py", ".yml", ".json", ".html", ".css", ".sh", ".ini", ".txt", ".j2"}


def kit_source_sha256() -> str:
    """The kit's own files (code, templates, catalogue), its graders aside (they are compared on their own)."""
    base = paths.PACKAGE_DIR
    files = [
        (p, str(p.relative_to(base)))
        for p in base.rglob("*")
        if p.is_file()
        and p.suffix in _SOURCE_SUFFIXES
        and "__pycache__" not in p.parts
        and p.relative_to(base).parts[0] != "graders"
    ]
    return _files_sha256(files)


def kit_version() -> str:
    from ..version import __version__

    return f"{__version__}+{kit_source_sha256()[:12]}"


def catalogue_sha256() -> str:
    """Every catalogue file this process reads (the kit's and AUTOGRADER_CATALOGUE's): feedback is rendered there."""
    from ..catalogue.store import search_path

    files = []
    for number, folder in enumerate(search_path()):
        files += [(p, f"{number}/{p.relative_to(folder)}") for p in folder.rglob("*.yml") if p.is_file()]
    return _files_sha256(files)


def reference_sha256(assignment_id: str) -> str:
    try:
        return hashlib.sha256((paths.solutions_dir() / f"{assignment_id}.py").read_bytes()).hexdigest()
    except OSError:
        return ""


def course_sha256(assignment) -> str:
    """The settings that decide a grade, as this process reads the course it was given."""
    settings = {
        "problems": assignment.problems,
        "limits": dataclasses.asdict(assignment.limits),
        "forbidden": list(assignment.forbidden_imports),
        "visibility": assignment.visibility,
        "seed": assignment.seed,
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Identity:
    """What a grading process grades with; two processes with equal identities give equal grades."""

    kit: str
    graders: str
    reference: str
    course: str
    catalogue: str
    numpy: str
    sympy: str
    isolation: str
    host: str = ""
    python: str = ""


def _versions() -> tuple[str, str]:
    import numpy
    import sympy

    return numpy.__version__, sympy.__version__


def local_identity(setup, graders_sha256: str, isolation: str) -> Identity:
    """This process's identity for the batch's assignment (the parent's, to compare every worker with)."""
    assignment = setup.course.assignment(setup.assignment_id)
    numpy_version, sympy_version = _versions()
    return Identity(
        kit_version(),
        graders_sha256,
        reference_sha256(setup.assignment_id),
        course_sha256(assignment),
        catalogue_sha256(),
        numpy_version,
        sympy_version,
        isolation,
        socket.gethostname(),
        platform.python_version(),
    )


def describe_worker(setup) -> dict:
    """Runs on a worker: start this thread's grading process and say what it grades with ({"identity": ...}),
    or why it cannot grade ({"error": ...})."""
    from .worker_side import _thread_grader

    try:
        grader = _thread_grader(setup)
        identity = local_identity(
            setup, grader.ready.get("graders_sha256", ""), grader.sandbox_status.get("level", "none")
        )
    except KitError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - the worker's own error, for the instructor to read
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"identity": dataclasses.asdict(identity)}


def _short(name: str, value: str) -> str:
    return value[:12] if name in ("graders", "reference", "course", "catalogue") else value


def differences(expected: Identity, got: Identity, min_level: str) -> list[str]:
    """What makes a worker unfit to grade this batch, one phrase each (empty: fit)."""
    found = []
    for name, label in COMPARED.items():
        mine, theirs = getattr(expected, name), getattr(got, name)
        if mine != theirs:
            found.append(
                f"{label} differ (worker {_short(name, theirs) or 'missing'}, "
                f"this machine {_short(name, mine) or 'missing'})"
            )
    if level_rank(got.isolation) < level_rank(min_level):
        found.append(
            f"isolation {got.isolation} is weaker than the required {min_level} "
            f"(run the worker as root, or accept it with --min-isolation {got.isolation})"
        )
    return found


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else -1


def probe_isolation() -> str:
    """The isolation level this machine gives students (the default a worker must reach)."""
    from ..sandbox.process import SandboxError, Zygote

    zygote = Zygote()
    try:
        zygote.start()
        return zygote.level
    except (OSError, SandboxError):
        return "none"
    finally:
        zygote.cleanup()


# ================================================================================ the worker side
@dataclass(frozen=True)
class Delivery:
    """Where a batch's results go, for a worker that may write them itself: OUT, a token the parent writes there (a
    worker that reads it back shares the folder), whether pages are written, and what a result must match to be
    written (the parent's graders and the weakest isolation accepted: a result the parent would refuse is never
    written)."""

    out: str
    token: str
    pages: bool
    graders_sha256: str
    min_level: str | None = None

    @property
    def marker(self) -> Path:
        return Path(self.out) / ".autograder-shared"


_SETUPS: dict = {}  # digest of a pickled (setup, delivery) -> the pair, on a worker
_SHARED: dict = {}  # (OUT, token) -> whether this worker sees the parent's OUT
_WORKER_LOCK = threading.Lock()
_WRITERS: cf.ThreadPoolExecutor | None = None


def _unpacked_setup(blob: bytes):
    """The batch's settings, unpickled once per worker process (every task carries the same bytes)."""
    digest = hashlib.sha256(blob).digest()
    with _WORKER_LOCK:
        found = _SETUPS.get(digest)
        if found is None:
            found = _SETUPS[digest] = pickle.loads(blob)  # noqa: S301 - the parent's own bytes, through Dask
            if len(_SETUPS) > 8:
                _SETUPS.pop(next(iter(_SETUPS)))
    return found


def _shares_out(delivery: Delivery) -> bool:
    key = (delivery.out, delivery.token)
    with _WORKER_LOCK:
        if key not in _SHARED:
            try:
                _SHARED[key] = delivery.marker.read_text(encoding="utf-8") == delivery.token
            except (OSError, ValueError):
                _SHARED[key] = False
        return _SHARED[key]


def grade_on_worker(blob: bytes, task_blob: bytes, topic: str) -> bytes:
    """Runs on a worker: grade a few submissions, one after another; announce the start (the parent's deadline counts
    from there), say which worker graded them, write each results.json and page when this worker shares OUT, and
    answer with the outcomes as pickled bytes (the Results models inside)."""
    from distributed import get_worker

    from .worker_side import Packed, _thread_grader, grade_task

    setup, delivery = _unpacked_setup(blob)
    tasks, infos = pickle.loads(task_blob)  # noqa: S301 - the parent's own bytes
    worker = get_worker()
    key = worker.get_current_task()
    try:
        grader = _thread_grader(setup)  # started before the clock starts; a failure is reported by grade_task below
        grader.regrades_allowed = 0  # a stall goes back to the parent, which sends it to another worker
    except Exception:  # noqa: BLE001
        pass
    try:
        worker.log_event(topic, {"key": str(key)})
    except Exception:  # noqa: BLE001 - without the event the parent's deadline counts from the submission
        pass

    def finish(outcome: dict, task, info) -> dict:
        if delivery is not None and "results" in outcome and _still_wanted(worker, key) and _shares_out(delivery):
            _write_here(outcome, task, info, delivery)
        if "results" in outcome:
            outcome["results"] = Packed.of(outcome["results"])
        return outcome

    # Each result is written (fsync'd, its page rendered) while the next submission is graded, as a local batch's
    # writer threads do: the grading process does not wait for the disk.
    finishing = []
    for task, info in zip(tasks, infos):
        if finishing and _dropped(worker, key):  # moved elsewhere meanwhile: the rest of it is not this worker's
            break
        outcome = grade_task(setup, task, model=True)
        outcome["worker"] = worker.address
        finishing.append(_writers().submit(finish, outcome, task, info))
    return pickle.dumps([f.result() for f in finishing], protocol=pickle.HIGHEST_PROTOCOL)


def _writers() -> cf.ThreadPoolExecutor:
    """This worker's threads that write results while its grading threads grade (made once, kept)."""
    global _WRITERS
    with _WORKER_LOCK:
        if _WRITERS is None:
            _WRITERS = cf.ThreadPoolExecutor(max_workers=WORKER_WRITERS, thread_name_prefix="autograder-write")
        return _WRITERS


def _dropped(worker, key) -> bool:
    """The task is known to be cancelled here (an unknown state is not: the parent decides what it keeps)."""
    try:
        state = worker.state.tasks.get(key)
        return state is None or state.state in ("cancelled", "released", "forgotten")
    except Exception:  # noqa: BLE001 - another version of Dask
        return False


def _still_wanted(worker, key) -> bool:
    """The task is still this worker's to finish (not cancelled: moved elsewhere, or a scheduler that went away)."""
    try:
        state = worker.state.tasks.get(key)
        return worker.status.name == "running" and state is not None and state.state == "executing"
    except Exception:  # noqa: BLE001 - another version of Dask: let the parent write
        return False


def _write_here(outcome: dict, task, info, delivery: Delivery) -> None:
    """Write the result into the shared OUT as the parent would, if the parent would keep it."""
    from .worker_side import deliver

    graded = outcome["results"]
    level = outcome.get("isolation") or "none"
    if graded.kit_data.graders_sha256 != delivery.graders_sha256 or graded.kit_data.student != task.student:
        return
    if delivery.min_level and level_rank(level) < level_rank(delivery.min_level):
        return
    try:
        graded = deliver(delivery.out, task.student, graded, isolation=level, batch=info, worker=outcome["worker"])
    except OSError:
        return  # the parent writes it
    outcome["results"], outcome["written"] = graded, True
    if delivery.pages:
        from ..reporting.feedback_pages import write_feedback_page

        try:
            write_feedback_page(Path(delivery.out), task.student, graded)
            outcome["paged"] = True
        except Exception:  # noqa: BLE001 - the parent writes the page
            pass


# ================================================================================ connecting
def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def is_loopback(host: str) -> bool:
    """Every address `host` names is this machine's own (127.0.0.0/8, ::1)."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in found)


def connect(address: str, *, security=None, insecure: bool = False):
    """A `distributed.Client` for `address`, or a one-line KitError within seconds: a TCP probe, then Dask's handshake
    and a scheduler's answer (HANDSHAKE_SECONDS), then the client. Plain tcp:// reaches only this machine unless
    `insecure`."""
    try:
        from distributed import Client
        from distributed.comm import parse_address, parse_host_port
    except ImportError:
        raise KitError(Message("error:dask_missing")) from None
    try:
        scheme, location = parse_address(address)
    except (ValueError, TypeError) as exc:
        raise KitError(Message("error:dask_address", address=address, reason=_one_line(exc))) from None
    if scheme == "tls" and security is None:
        security = _require_tls(address)
    if scheme in ("tcp", "tls"):
        try:
            host, port = parse_host_port(location, 8786)
        except (ValueError, TypeError) as exc:
            raise KitError(Message("error:dask_address", address=address, reason=_one_line(exc))) from None
        if scheme == "tcp" and not insecure and not is_loopback(host):
            raise KitError(Message("error:dask_plain_tcp", address=address))
        try:
            socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
        except socket.gaierror as exc:
            raise KitError(
                Message("error:dask_unreachable", address=address, reason=_one_line(exc.strerror or exc))
            ) from None
        except OSError as exc:
            reason = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
            raise KitError(Message("error:dask_unreachable", address=address, reason=_one_line(reason))) from None
    if scheme != "tls" or security is not None:  # a configured loader gives the client its certificates itself
        _handshake(address, security.get_connection_args("client") if security is not None else {})
    try:
        options = {"security": security} if security is not None else {}
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False, **options)
    except Exception as exc:  # noqa: BLE001 - whatever Dask raises (OSError, TimeoutError, TLS errors), in one line
        raise KitError(
            Message("error:dask_unreachable", address=address, reason=_one_line(f"{type(exc).__name__}: {exc}"))
        ) from None


def _handshake(address: str, connection_args: dict) -> None:
    """Dask's own handshake and the scheduler's `identity`, in a thread of its own with an event loop of its own and
    a bound: whatever the listener does (nothing, HTTP, garbage), this returns or raises within HANDSHAKE_SECONDS
    and leaves nothing running that could keep the process up."""
    import asyncio

    from distributed.comm import connect as dask_connect

    answer: dict = {}

    async def ask():
        comm = await dask_connect(address, timeout=HANDSHAKE_SECONDS, **connection_args)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    def run():
        try:
            answer["reply"] = asyncio.run(asyncio.wait_for(ask(), HANDSHAKE_SECONDS))
        except BaseException as exc:  # noqa: BLE001 - reported below, in one line
            answer["error"] = exc

    thread = threading.Thread(target=run, name="dask-handshake", daemon=True)
    thread.start()
    thread.join(HANDSHAKE_SECONDS + 2)
    reply = answer.get("reply")
    if isinstance(reply, dict) and reply.get("type") == "Scheduler":
        return
    error = answer.get("error")
    if thread.is_alive() or isinstance(error, (asyncio.TimeoutError, TimeoutError)) or error is None:
        reason = Message("cluster:no_handshake", seconds=f"{HANDSHAKE_SECONDS:.0f}")
    else:  # Dask could not read what came back (an HTTP error read as a frame: "cannot allocate 3 EiB"), or refused
        reason = Message("cluster:wrong_answer", error=_one_line(f"{type(error).__name__}: {error}")[:120])
    raise KitError(Message("error:dask_not_scheduler", address=address, reason=reason))


def _require_tls(address: str):
    """tls:// takes its certificates from Dask's own configuration (its Security); say which keys when they are
    missing. None where a configured security loader will give them to the client."""
    import dask
    from distributed.security import Security

    if dask.config.get("distributed.client.security-loader", None):
        return None
    try:
        security = Security()
        context = security.get_connection_args("client").get("ssl_context")
    except Exception as exc:  # noqa: BLE001 - an unreadable certificate file, a bad TLS version
        raise KitError(Message("error:dask_tls_invalid", address=address, reason=_one_line(exc))) from None
    if context is None:
        raise KitError(Message("error:dask_tls_missing", address=address))
    return security


# ================================================================================ the parent's view of the cluster
@dataclass
class _Worker:
    address: str
    threads: int
    name: str = ""
    state: str = "checking"  # checking | ready | excluded | stalled | gone
    check: object = None  # the check's distributed Future
    stage: str = "import"  # import | check
    check_sent: float = 0.0
    last_seen: float = 0.0  # the scheduler's clock, from its heartbeats
    heard: float = field(default_factory=time.monotonic)  # our clock when last_seen last changed
    reason: str = ""
    identity: dict = field(default_factory=dict)
    departed: bool = False  # excluded, then left the cluster


@dataclass
class Placed:
    """One submission sent to the cluster."""

    future: cf.Future
    key: str
    sent: float
    workers: frozenset
    dask_future: object = None


def _bridge(dask_future) -> cf.Future:
    """A concurrent.futures.Future that follows a distributed Future (so the batch waits on one kind)."""
    bridged: cf.Future = cf.Future()

    def done(finished):
        try:
            if finished.status == "finished":
                value, error = finished.result(), None
            elif finished.status == "cancelled":
                value, error = None, cf.CancelledError()
            else:
                value, error = None, finished.exception()
        except BaseException as exc:  # noqa: BLE001 - delivered to the batch, which decides
            value, error = None, exc
        try:
            if error is None:
                bridged.set_result(value)
            else:
                bridged.set_exception(error)
        except cf.InvalidStateError:
            pass

    dask_future.add_done_callback(done)
    return bridged


class DaskPool:
    """The batch's view of a Dask cluster: which workers may grade, how much may be in flight, what stalled."""

    can_move = True  # a submission can be sent to another worker

    def __init__(
        self,
        address: str,
        setup,
        *,
        graders_sha256: str,
        min_isolation: str | None = None,
        wait: float = WAIT_SECONDS,
        say=print,
        delivery: Delivery | None = None,
        security=None,
        insecure: bool = False,
    ):
        self.address, self.setup, self.wait, self.say = address, setup, float(wait), say
        self.security, self.insecure = security, insecure
        self.topic = f"autograder-started-{uuid.uuid4().hex}"
        self._started: dict = {}  # task key -> monotonic time its grading began
        self._started_lock = threading.Lock()
        self._quiet = _quiet_dask()
        try:
            self.client = connect(address, security=security, insecure=insecure)
        except BaseException:
            _restore_dask_logging(self._quiet)
            raise
        try:
            self.min_level = min_isolation or probe_isolation()
            self.expected = local_identity(setup, graders_sha256, self.min_level)
            self.client.subscribe_topic(self.topic, self._on_started)
            if delivery is not None:
                delivery = dataclasses.replace(delivery, min_level=self.min_level)
                _write_marker(delivery)
            self.delivery = delivery
            # The batch's settings travel with every task as the same bytes, pickled once here.
            self.blob = pickle.dumps((setup, delivery), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            self.close(abort=True)
            raise
        self.workers: dict[str, _Worker] = {}
        self.restarts = 0
        self.most_threads = 0
        self.excluded: list[str] = []  # one line per worker excluded, for the batch's summary
        self._polled = 0.0
        self._unusable_since: float | None = None
        self._scheduler_lost_since: float | None = None
        self._scheduler_id: str | None = None
        self._stalled_keys: set = set()

    # ---- the cluster as it is now
    @property
    def usable(self) -> dict:
        if self._scheduler_lost_since is not None:
            return {}  # nothing is sent while the scheduler is away
        return {a: w for a, w in self.workers.items() if w.state == "ready"}

    @property
    def threads(self) -> int:
        return sum(w.threads for w in self.usable.values())

    @property
    def workers_count(self) -> int:
        return len(self.usable)

    def window(self) -> int:
        """Enough in flight to keep every thread busy (two per thread), few enough that a kill loses little."""
        return 2 * self.threads

    def _on_started(self, event) -> None:
        _, message = event
        key = message.get("key") if isinstance(message, dict) else None
        if key:
            with self._started_lock:
                self._started[key] = time.monotonic()

    def started_at(self, placed: Placed) -> float | None:
        with self._started_lock:
            return self._started.get(placed.key)

    # ---- polling the scheduler
    def poll(self, force: bool = False) -> None:
        """Learn which workers joined, left, stalled or answered their check; at most once per POLL_SECONDS."""
        now = time.monotonic()
        if not force and now - self._polled < POLL_SECONDS:
            return
        self._polled = now
        try:
            if self.client.status in ("closing", "closed"):  # its own reconnecting gave up: a new client
                self._reconnect()
            info = self.client.sync(self.client.scheduler.identity, n_workers=-1, callback_timeout=10)
        except Exception as exc:  # noqa: BLE001 - the scheduler went away or does not answer
            if self._scheduler_lost_since is None:
                self._scheduler_lost_since = now
                self.say(Message("cluster:scheduler_lost", address=self.address))
            if now - self._scheduler_lost_since > max(self.wait, RECONNECT_SECONDS):
                raise KitError(
                    Message(
                        "error:dask_scheduler_lost",
                        address=self.address,
                        reason=_one_line(f"{type(exc).__name__}: {exc}"),
                    )
                ) from None
            return
        scheduler_id = str(info.get("id") or "")
        if self._scheduler_id is not None and scheduler_id != self._scheduler_id:
            self._new_scheduler()
        elif self._scheduler_lost_since is not None:
            self.say(Message("cluster:scheduler_back", address=self.address))
        self._scheduler_id, self._scheduler_lost_since = scheduler_id, None
        seen = info.get("workers", {}) or {}
        for address, details in seen.items():
            worker = self.workers.get(address)
            last_seen = float(details.get("last_seen") or 0.0)
            if worker is None or worker.state == "gone" or worker.departed:
                worker = self.workers[address] = _Worker(
                    address, int(details.get("nthreads") or 1), name=str(details.get("name") or ""), last_seen=last_seen
                )
                self._start_check(worker)
                continue
            worker.threads = int(details.get("nthreads") or worker.threads)
            if last_seen != worker.last_seen:
                worker.last_seen, worker.heard = last_seen, now
                if worker.state == "stalled":  # back to where it was: ready, or still to answer its check
                    worker.state = "ready" if worker.check is None else "checking"
                    if worker.state == "ready":
                        self.say(f"worker {self.shown(address)} answers again: back in use")
            elif worker.state in ("ready", "checking") and now - worker.heard > self._stall_seconds(len(seen)):
                self._stall(worker, now - worker.heard)
        for address, worker in self.workers.items():
            if address not in seen and worker.state == "excluded":
                worker.departed = True  # still named in the end's message; checked afresh if it comes back
            if address not in seen and worker.state not in ("gone", "excluded"):
                if worker.state in ("ready", "stalled"):
                    self.say(f"worker {self.shown(address)} left the cluster")
                elif worker.state == "checking":  # e.g. it could not read the batch's settings: its log says why
                    self.exclude(address, "left the cluster during its check (its log says why)")
                    continue
                worker.state = "gone"
                self._cancel_quietly(worker.check)
        self._collect_checks(now)
        self.most_threads = max(self.most_threads, self.threads)
        if self.usable:
            self._unusable_since = None
        else:
            self._unusable_since = self._unusable_since or now

    def _reconnect(self) -> None:
        """A new client for the same address (the old one closed itself after CONNECT_SECONDS without a
        scheduler); raises while the scheduler is still away."""
        old = self.client
        self.client = connect(self.address, security=self.security, insecure=self.insecure)
        try:
            old.close(timeout=1)
        except Exception:  # noqa: BLE001
            pass

    def _new_scheduler(self) -> None:
        """Another scheduler answers at the address (it restarted): it knows none of our tasks (Dask cancelled them,
        and the batch sends them again), its workers are checked afresh, and our topic is subscribed again."""
        self.say(Message("cluster:scheduler_new", address=self.address))
        for worker in self.workers.values():
            if worker.state != "excluded":
                worker.state = "gone"
            worker.check = None
        self._unusable_since = time.monotonic()
        try:
            self.client.subscribe_topic(self.topic, self._on_started)
        except Exception:  # noqa: BLE001 - tried again at the next restart; the deadlines then count from sending
            pass

    def shown(self, address: str) -> str:
        """A worker as the instructor started it: its address, and its name when it has one of its own."""
        worker = self.workers.get(address)
        name = worker.name if worker is not None else ""
        return f"{address} ({name})" if name and name != address else address

    @staticmethod
    def _stall_seconds(workers: int) -> float:
        return STALL_SECONDS + workers / 100  # the scheduler asks large clusters for rarer heartbeats

    def _stall(self, worker: _Worker, silent: float) -> None:
        worker.state = "stalled"
        try:
            keys = set(self.client.processing(workers=[worker.address]).get(worker.address, ()))
        except Exception:  # noqa: BLE001
            keys = set()
        self._stalled_keys |= {str(k) for k in keys}
        self.say(
            f"worker {self.shown(worker.address)} stalled: no heartbeat for {silent:.0f} s; "
            "its submissions go to other workers"
        )

    def take_stalled(self) -> set:
        """Addresses of stalled workers and the keys they held since the last call."""
        keys, self._stalled_keys = self._stalled_keys, set()
        return keys

    def stalled_workers(self) -> set:
        return {a for a, w in self.workers.items() if w.state == "stalled"}

    def _start_check(self, worker: _Worker) -> None:
        """First the import alone, sent as a standard-library call: a task that names the kit's own functions
        cannot even be read by a worker without the kit (Dask then drops that worker's connection, and its
        error stays in its log). Then the check itself, from the grading process the worker will use."""
        import importlib

        worker.stage = "import"
        worker.check = self.client.submit(
            importlib.import_module,
            "autograder.batch.cluster",
            workers=[worker.address],
            allow_other_workers=False,
            pure=False,
            key=f"autograder-import-{uuid.uuid4().hex}",
        )
        worker.check_sent = time.monotonic()

    def _collect_checks(self, now: float) -> None:
        for worker in self.workers.values():
            if worker.state != "checking" or worker.check is None:
                continue
            if worker.check.status == "pending":
                if now - worker.check_sent > CHECK_SECONDS:
                    self.exclude(worker.address, f"no answer to the check within {CHECK_SECONDS:.0f} s")
                continue
            if worker.stage == "import":
                error = worker.check.exception(timeout=10) if worker.check.status == "error" else None
                self._cancel_quietly(worker.check)  # its result (a module) stays on the worker, never fetched
                if error is not None:  # the worker's own error: No module named 'autograder', a missing numpy...
                    worker.check = None
                    self.exclude(
                        worker.address, f"cannot import the kit: {_one_line(f'{type(error).__name__}: {error}')}"
                    )
                    continue
                worker.stage = "check"
                worker.check = self.client.submit(
                    describe_worker,
                    self.setup,
                    workers=[worker.address],
                    allow_other_workers=False,
                    pure=False,
                    key=f"autograder-check-{uuid.uuid4().hex}",
                )
                worker.check_sent = now
                continue
            try:
                answer = worker.check.result(timeout=10)
            except Exception as exc:  # noqa: BLE001 - the worker's own error
                self.exclude(worker.address, f"cannot grade: {_one_line(f'{type(exc).__name__}: {exc}')}")
                continue
            finally:
                worker.check = None
            if "error" in answer:
                self.exclude(worker.address, f"cannot grade: {_one_line(answer['error'])}")
                continue
            got = Identity(**answer["identity"])
            worker.identity = answer["identity"]
            problems = differences(self.expected, got, self.min_level)
            if problems:
                self.exclude(worker.address, "; ".join(problems))
                continue
            worker.state, worker.heard = "ready", now
            host = f" on {got.host}" if got.host else ""
            self.say(
                f"worker {self.shown(worker.address)}{host} ready: {worker.threads} thread(s), kit {got.kit}, "
                f"isolation {got.isolation}"
            )

    def exclude(self, address: str, reason: str) -> None:
        worker = self.workers.get(address)
        if worker is None:
            worker = self.workers[address] = _Worker(address, 0)
        if worker.state == "excluded":
            return
        worker.state, worker.reason = "excluded", reason
        self._cancel_quietly(worker.check)
        line = f"worker {self.shown(address)} excluded: {reason}"
        self.excluded.append(line)
        self.say(line)

    # ---- waiting for workers
    def wait_for_workers(self) -> None:
        """Return once a worker is ready to grade and the others already there have answered their check (or
        ROLL_CALL_SECONDS passed); a one-line KitError after `wait` seconds without a worker that can grade."""
        started = time.monotonic()
        announced = False
        first_ready = None
        while True:
            self.poll(force=True)
            checking = any(w.state == "checking" for w in self.workers.values())
            if self.usable:
                first_ready = first_ready or time.monotonic()
                if not checking or time.monotonic() - first_ready > ROLL_CALL_SECONDS:
                    return
            elif time.monotonic() - started > self.wait and not checking:
                raise self._no_workers_error()
            elif not announced and not checking:
                self.say(f"waiting up to {self.wait:.0f} s for a Dask worker at {self.address}")
                announced = True
            time.sleep(0.2)

    def _no_workers_error(self) -> KitError:
        excluded = [w for w in self.workers.values() if w.state == "excluded"]
        if excluded:
            first = excluded[0]
            return KitError(
                Message(
                    "error:dask_no_fit_worker",
                    address=self.address,
                    count=len(excluded),
                    worker=self.shown(first.address),
                    reason=first.reason,
                )
            )
        return KitError(Message("error:dask_no_workers", address=self.address, seconds=f"{self.wait:.0f}"))

    def check_alive(self) -> None:
        """During the batch: a KitError when no worker could grade for `wait` seconds (finished work is kept). While
        the scheduler is away, `poll` decides."""
        if self._scheduler_lost_since is not None:
            return
        if self._unusable_since is not None and time.monotonic() - self._unusable_since > self.wait:
            if any(w.state == "checking" for w in self.workers.values()):
                return  # a check still running (bounded by CHECK_SECONDS): keep waiting
            raise self._no_workers_error()

    # ---- work
    @staticmethod
    def deadline(limits) -> float:
        """How long a submission may take on a worker, from its start, before it is graded elsewhere: twice the
        watchdog's limit (a worker's watchdog counts its grading process's own time, so a loaded worker may take
        longer to a verdict that is still right; past this, another worker is quicker) and a margin to move it."""
        return 2 * (float(limits.submission_seconds) + WATCHDOG_MARGIN) + PARENT_MARGIN

    @staticmethod
    def unpack(outcome):
        """A worker's answer: pickled bytes (grade_on_worker), or a dict from an older worker."""
        if isinstance(outcome, (bytes, bytearray, memoryview)):
            return pickle.loads(outcome)  # noqa: S301 - a checked worker's answer, through Dask
        return outcome

    def chunk(self, pending: int) -> int:
        """How many submissions one task grades: several while much is left (Dask's cost is per task, about as much
        as grading a small submission, in the parent, the scheduler and the worker), one near the end (the last
        tasks finish together)."""
        return max(1, min(CHUNK, pending // (TAIL_CHUNKS * max(1, self.threads))))

    def submit(self, setup, tasks: list, avoid: frozenset = frozenset(), infos=None) -> Placed | None:
        usable = set(self.usable)
        if not usable:
            return None
        where = usable - set(avoid) or usable  # elsewhere when there is an elsewhere
        key = f"autograder-grade-{uuid.uuid4().hex}"
        try:
            future = self.client.submit(
                grade_on_worker,
                self.blob,
                pickle.dumps((tasks, infos or [None] * len(tasks)), protocol=pickle.HIGHEST_PROTOCOL),
                self.topic,
                workers=sorted(where),
                allow_other_workers=False,
                pure=False,
                key=key,
            )
        except Exception:  # noqa: BLE001 - a client that just closed: the next poll makes another
            return None
        return Placed(_bridge(future), key, time.monotonic(), frozenset(where), future)

    def orphaned(self, placed: Placed) -> bool:
        """Not started and none of the workers it may run on can grade any more (left, excluded, stalled)."""
        return self.started_at(placed) is None and not (placed.workers & set(self.usable))

    def holder(self, placed: Placed) -> str | None:
        """The worker a submission is on, as far as the scheduler knows."""
        try:
            for address, keys in self.client.processing().items():
                if placed.key in {str(k) for k in keys}:
                    return address
        except Exception:  # noqa: BLE001
            pass
        return None

    def overdue(self, placed: Placed, deadline: float) -> bool:
        """Past its deadline: from its start, or (never seen starting) from when it was sent, behind one other."""
        started = self.started_at(placed)
        now = time.monotonic()
        if started is not None:
            return now - started > deadline
        return now - placed.sent > CHECK_SECONDS + 2 * deadline

    def cancel(self, placed: Placed) -> None:
        placed.future.cancel()
        self._cancel_quietly(placed.dask_future)
        with self._started_lock:
            self._started.pop(placed.key, None)

    def _cancel_quietly(self, future) -> None:
        if future is None:
            return
        try:
            self.client.cancel([future], force=True)
        except Exception:  # noqa: BLE001
            pass

    def close(self, abort: bool = False) -> None:
        """Let go of the cluster: quickly when the batch was stopped (Ctrl-C), or its scheduler may be gone."""
        try:
            try:
                if not abort:
                    self.client.unsubscribe_topic(self.topic)
            except Exception:  # noqa: BLE001
                pass
            self.client.close(timeout=2 if abort else 10)
        except BaseException:  # noqa: BLE001 - closing a client whose scheduler is gone, a second Ctrl-C
            pass
        finally:
            _restore_dask_logging(self._quiet)
            if getattr(self, "delivery", None) is not None:
                try:
                    self.delivery.marker.unlink()
                except OSError:
                    pass


def _write_marker(delivery: Delivery) -> None:
    """The token a worker reads back to know it shares OUT (written once, removed when the batch ends)."""
    from ..atomic import write_text_atomic

    Path(delivery.out).mkdir(parents=True, exist_ok=True)
    write_text_atomic(delivery.marker, delivery.token, durable=False)


def _quiet_dask() -> dict:
    """Dask's own log lines (reconnecting, a worker lost) would bury the batch's one-line messages."""
    saved = {}
    for name in ("distributed", "distributed.client", "distributed.comm", "distributed.core", "distributed.worker"):
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.setLevel(logging.CRITICAL)
    return saved


def _restore_dask_logging(saved: dict) -> None:
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


__all__ = [
    "DaskPool",
    "Delivery",
    "Identity",
    "connect",
    "describe_worker",
    "differences",
    "grade_on_worker",
    "kit_version",
    "local_identity",
    "probe_isolation",
    "LEVELS",
]
