"""The student side: a template process that forks one isolated process per submission.

This file runs OUTSIDE the trusted process and must stay self-contained (standard library and numpy,
sympy only when an assignment needs it): it is started as a script, never imported by the grader.

Started as `python -I -B child.py FD` with a control socket on fd FD. As the template ("zygote") it
optionally enters fresh network and mount namespaces, hides the kit's files and makes every mount
read-only (when run as root), becomes the subreaper of everything its children start, imports numpy
once, then for every request forks a child that takes its own mount and IPC namespaces and a small
tmpfs as its scratch folder (as root), drops to its own uid, applies the resource limits, loads the
submission and answers calls over the pipes it was handed: fd 0 requests, fd 3 responses, fd 1/2 the
captured output. Everything it sends is plain data (JSON, .npy bytes, expression trees) tagged with
the request's number; the trusted side checks all of it.

`kill_tree` is also used by the trusted side (it imports this file as a module): it kills a process
and everything it started, reading /proc, so nothing a submission starts outlives it.
"""
import builtins
import ctypes
import importlib.abc
import importlib.machinery
import io
import json
import os
import resource
import signal
import socket
import struct
import sys
import time
import traceback
import types
import warnings

import numpy as np

# ----------------------------------------------------------------------------------------------------
# Framing: 4-byte big-endian header length, JSON header, then the blobs it lists (8-byte length each).
# ----------------------------------------------------------------------------------------------------
MAX_FRAME = 256 * 1024 * 1024
MAX_ELEMENTS = 20_000_000  # the largest array either side sends or accepts
LINUX = sys.platform.startswith("linux")


def read_exact(fd, n):
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd):
    (size,) = struct.unpack(">I", read_exact(fd, 4))
    header = json.loads(read_exact(fd, size))
    blobs = []
    for _ in range(header.get("nblobs", 0)):
        (blen,) = struct.unpack(">Q", read_exact(fd, 8))
        if blen > MAX_FRAME:
            raise ValueError("blob too large")
        blobs.append(read_exact(fd, blen))
    return header, blobs


def write_frame(fd, header, blobs=()):
    header = dict(header, nblobs=len(blobs))
    raw = json.dumps(header, allow_nan=False).encode()
    parts = [struct.pack(">I", len(raw)), raw]
    for b in blobs:
        parts.append(struct.pack(">Q", len(b)))
        parts.append(b)
    data = b"".join(parts)
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


# ----------------------------------------------------------------------------------------------------
# Values: Python/numpy/sympy values <-> plain data.
# ----------------------------------------------------------------------------------------------------
SYMPY_LEAVES = ("Symbol", "Dummy", "Idx")


def _float(x):
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        return {"t": "float", "v": repr(x)}
    return x


def encode(value, blobs, depth=0):
    """Turn a returned value into plain data; anything unknown becomes a description, never an object."""
    if depth > 64:
        return {"t": "opaque", "type": "nesting", "repr": "too deeply nested"}
    if value is None or isinstance(value, (bool, str)) and type(value) in (bool, str):
        return value if not isinstance(value, str) else {"t": "str", "v": value[:100000]}
    if type(value) is int:
        return {"t": "int", "v": str(value)} if abs(value) > 2**53 else value
    if type(value) is float:
        return _float(value)
    if type(value) is complex:
        return {"t": "opaque", "type": "complex", "repr": repr(value)}
    if type(value) in (list, tuple):
        if len(value) > 100000:
            return {"t": "opaque", "type": type(value).__name__, "repr": f"a sequence of {len(value)} items"}
        return {"t": type(value).__name__, "v": [encode(v, blobs, depth + 1) for v in value]}
    if type(value) is dict:
        return {"t": "dict", "v": [[encode(k, blobs, depth + 1), encode(v, blobs, depth + 1)] for k, v in list(value.items())[:1000]]}
    if isinstance(value, np.generic) and type(value).__module__ == "numpy":
        if value.dtype.kind in "biuf":
            return encode(value.item(), blobs, depth)
    if isinstance(value, np.ndarray):
        arr = np.ndarray.view(value, np.ndarray) if type(value) is not np.ndarray else value
        if arr.dtype.kind not in "biufc":
            return {"t": "opaque", "type": f"ndarray of dtype {arr.dtype}", "repr": "not a numeric array"}
        if arr.size > MAX_ELEMENTS:
            return {"t": "opaque", "type": f"array of shape {arr.shape}", "repr": "too large to send"}
        buf = io.BytesIO()
        np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
        blobs.append(buf.getvalue())
        extra = {"subclass": type(value).__name__} if type(value) is not np.ndarray else {}
        return {"t": "nd", "b": len(blobs) - 1, **extra}
    sympy = sys.modules.get("sympy")
    if sympy is not None and isinstance(value, sympy.Basic):
        return {"t": "sym", "v": encode_sympy(value, sympy, 0)}
    return {"t": "opaque", "type": type(value).__name__[:80], "repr": _safe_repr(value)}


def _safe_repr(value):
    try:
        return str(object.__repr__(value))[:200]
    except BaseException:
        return "?"


def encode_sympy(expr, sympy, depth):
    """A sympy tree as [class name, args...]; leaves carry their name or digits. The trusted side rebuilds it."""
    if depth > 200:
        raise ValueError("expression nested too deeply")
    cls = type(expr).__name__
    if isinstance(expr, sympy.Symbol):
        return ["Symbol", str(expr.name)]
    if isinstance(expr, sympy.Integer):
        return ["Integer", str(int(expr))]
    if isinstance(expr, sympy.Rational):
        return ["Rational", str(int(expr.p)), str(int(expr.q))]
    if isinstance(expr, sympy.Float):
        return ["Float", str(expr)]
    if isinstance(expr, sympy.IndexedBase):
        return ["IndexedBase", str(expr.name)]
    if isinstance(expr, sympy.NumberSymbol) or isinstance(expr, sympy.core.numbers.ImaginaryUnit):
        return [cls]
    if isinstance(expr, sympy.Tuple) or isinstance(expr, tuple):
        return ["Tuple"] + [encode_sympy(a, sympy, depth + 1) for a in expr]
    return [cls] + [encode_sympy(a, sympy, depth + 1) for a in expr.args]


# Functions the trusted side may hand to a student function (numerical_gradient's f): named, built here.
def _named_function(spec):
    name, params = spec["name"], spec.get("params", {})
    weights = np.asarray(params.get("weights", 1.0), dtype=float)
    if name == "weighted_squares":
        return lambda x: float(np.sum(weights * np.asarray(x, dtype=float) ** 2))
    if name == "softmax_cross_entropy":
        labels = np.asarray(params["labels"], dtype=np.int64)

        def f(z):
            z = np.asarray(z, dtype=float)
            m = np.max(z, axis=-1, keepdims=True)
            lse = m[..., 0] + np.log(np.sum(np.exp(z - m), axis=-1))
            return float(np.mean(lse - z[np.arange(z.shape[0]), labels]))
        return f
    if name == "sin_cubic":
        return lambda x: float(np.sum(np.sin(np.asarray(x, dtype=float))) + np.sum(np.asarray(x, dtype=float) ** 3))
    raise ValueError(f"unknown function {name}")


def decode(value, blobs):
    if isinstance(value, dict):
        t = value.get("t")
        if t == "nd":
            return np.lib.format.read_array(io.BytesIO(blobs[value["b"]]), allow_pickle=False)
        if t == "float":
            return float(value["v"])
        if t == "int":
            return int(value["v"])
        if t == "str":
            return value["v"]
        if t in ("list", "tuple"):
            items = [decode(v, blobs) for v in value["v"]]
            return items if t == "list" else tuple(items)
        if t == "dict":
            return {decode(k, blobs): decode(v, blobs) for k, v in value["v"]}
        if t == "fn":
            return _named_function(value)
    return value


# ----------------------------------------------------------------------------------------------------
# Forbidden imports: importing one gives a module whose every use raises and is recorded.
# ----------------------------------------------------------------------------------------------------
FORBIDDEN_USED = []


class ForbiddenModuleError(ImportError):
    pass


class _Poison(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _Poison(f"{self.__name__}.{name}")

    def __call__(self, *args, **kwargs):
        root = self.__name__.split(".")[0]
        FORBIDDEN_USED.append(self.__name__)
        raise ForbiddenModuleError(f"{self.__name__} is not allowed in this assignment ({root} is forbidden)")


class _ForbiddenFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, names):
        self.names = set(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in self.names:
            FORBIDDEN_USED.append(fullname)
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _Poison(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


# ----------------------------------------------------------------------------------------------------
# The student process.
# ----------------------------------------------------------------------------------------------------
ISOLATED = False  # set in the template: it entered its namespaces, so each student can take its own
def _set_limits(limits):
    def cap(which, value):
        try:
            soft, hard = resource.getrlimit(which)
            value = int(value)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    cap(resource.RLIMIT_CPU, limits["cpu_seconds"])
    cap(resource.RLIMIT_AS, limits["memory_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_FSIZE, limits["file_size_mb"] * 1024 * 1024)
    cap(resource.RLIMIT_NOFILE, limits["open_files"])
    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_NPROC, limits["processes"])


def _drop_privileges(uid):
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS


def _private_scratch(scratch, uid, megabytes):
    """As root, in the template's read-only world: this process's own mount and IPC namespaces, and a small
    tmpfs on its scratch folder, the only place it can write. Both vanish with its last process, so nothing it
    writes or leaves in shared memory reaches the next submission, and filling the disk stops at `megabytes`."""
    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWNS, CLONE_NEWIPC = 0x00020000, 0x08000000
    if libc.unshare(CLONE_NEWNS | CLONE_NEWIPC) != 0:
        raise OSError(ctypes.get_errno(), "unshare of the student's namespaces failed")
    options = f"size={int(megabytes)}m,nr_inodes=4096,mode=0700,uid={uid},gid={uid}"
    if libc.mount(b"tmpfs", scratch.encode(), b"tmpfs", 0x2 | 0x4, options.encode()) != 0:  # MS_NOSUID | MS_NODEV
        raise OSError(ctypes.get_errno(), "mount of the scratch folder failed")


def _student_main(spec, fds):
    """Runs in the forked child: isolate, load the submission, then answer calls until told to stop."""
    req, resp, out = fds
    try:
        os.setsid()
        if LINUX:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the template
        os.dup2(req, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.dup2(resp, 3)
        os.closerange(4, 65536)
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0, closefd=False), write_through=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0, closefd=False), write_through=True)
        sys.stdin = io.StringIO("")
        scratch = spec["scratch"]
        if spec.get("uid") is not None:
            if ISOLATED:
                _private_scratch(scratch, spec["uid"], spec.get("scratch_mb", 64))
            os.chown(scratch, spec["uid"], spec["uid"])
            _drop_privileges(spec["uid"])
        os.chdir(scratch)
        os.umask(0o077)
        for key in ("HOME", "TMPDIR"):
            os.environ[key] = scratch
        _set_limits(spec["limits"])
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sys.meta_path.insert(0, _ForbiddenFinder(spec.get("forbidden", ())))
        for name in list(sys.modules):
            if name.split(".")[0] in set(spec.get("forbidden", ())):
                del sys.modules[name]
        sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != os.path.dirname(os.path.abspath(__file__))]
        sys.path.insert(0, scratch)
    except BaseException as exc:  # set-up failed: say so and stop (the trusted side reports it)
        try:
            write_frame(3, {"ready": False, "setup_error": f"{type(exc).__name__}: {exc}"})
        finally:
            os._exit(70)
    _serve(3)


def _exc_info(exc):
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if f.filename in ("<submission>",) or f.filename.startswith("<cell")]
    where = f"{frames[-1].filename} line {frames[-1].lineno}" if frames else ""
    try:
        msg = str(exc)[:2000]
    except BaseException:
        msg = "?"
    return {"type": type(exc).__name__[:100], "message": msg, "where": where}


def _serve(resp):
    namespace = {"__name__": "submission", "__builtins__": builtins}
    module = types.ModuleType("submission")
    module.__dict__.update(namespace)
    namespace = module.__dict__
    sys.modules["submission"] = module
    header, _ = read_frame(0)
    notes = []
    for index, cell in enumerate(header["cells"]):
        filename = "<submission>" if header["kind"] == "py" else f"<cell {cell['index']}>"
        try:
            code = compile(cell["source"], filename, "exec", dont_inherit=True)
        except SyntaxError as exc:
            notes.append({"kind": "syntax", "where": filename, "line": exc.lineno, "message": str(exc.msg)})
            continue
        try:
            exec(code, namespace)
        except SystemExit as exc:
            notes.append({"kind": "exit", "where": filename, "message": f"SystemExit({exc.code!r})"})
        except BaseException as exc:
            info = _exc_info(exc)
            notes.append({"kind": "error", "where": info["where"] or filename, "message": f"{info['type']}: {info['message']}"})
    names = sorted(k for k, v in list(namespace.items()) if callable(v) and not k.startswith("__"))
    write_frame(resp, {"ready": True, "names": names[:500], "notes": notes[:50], "forbidden": sorted(set(FORBIDDEN_USED)),
                       "seq": header.get("seq")})
    while True:
        try:
            header, blobs = read_frame(0)
        except EOFError:
            os._exit(0)
        if header.get("op") == "stop":
            os._exit(0)
        FORBIDDEN_USED.clear()
        try:
            fn = namespace.get(header["fn"])
            if fn is None or not callable(fn):
                raise NameError(f"name {header['fn']!r} is not defined")
            args = [decode(a, blobs) for a in header.get("args", [])]
            kwargs = {k: decode(v, blobs) for k, v in header.get("kwargs", {}).items()}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                value = fn(*args, **kwargs)
        except SystemExit as exc:
            out_blobs = []
            payload = {"ok": False, "error": {"type": "SystemExit", "message": repr(exc.code)[:200], "where": ""}}
        except BaseException as exc:
            out_blobs = []
            payload = {"ok": False, "error": _exc_info(exc)}
        else:
            # Turning the value into data runs code the student wrote (properties, __class__, huge views): what
            # fails here is a value the grader cannot read, not an exception the function raised.
            out_blobs = []
            try:
                payload = {"ok": True, "value": encode(value, out_blobs)}
                if caught:
                    payload["warnings"] = [f"{w.category.__name__}: {w.message}"[:200] for w in caught[:3]]
                if header.get("return_args"):  # the arguments after the call: did the function mutate them?
                    payload["args_after"] = [encode(a, out_blobs) for a in args]
            except BaseException as exc:
                out_blobs = []
                payload = {"ok": False, "unreadable": _describe_failure(exc)}
        payload["forbidden"] = sorted(set(FORBIDDEN_USED))[:20]
        payload["seq"] = header.get("seq")
        try:
            write_frame(resp, payload, out_blobs)
        except BaseException as exc:
            write_frame(resp, {"ok": False, "unreadable": _describe_failure(exc), "forbidden": payload["forbidden"],
                               "seq": header.get("seq")})


def _describe_failure(exc):
    try:
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    except BaseException:
        return type(exc).__name__


# ----------------------------------------------------------------------------------------------------
# The template process.
# ----------------------------------------------------------------------------------------------------
def _inside(path, roots):
    """Strictly below one of `roots`."""
    return any(path.startswith(r.rstrip("/") + "/") for r in roots)


def _read_only_everywhere(libc, mount):
    """Every mount of this namespace read-only: a student uid then writes nowhere but its own tmpfs scratch,
    whatever world-writable folders (/run/lock, a class folder left 0777) the machine has."""
    class MountAttr(ctypes.Structure):
        _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                    ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]
    SYS_mount_setattr, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 0x1
    attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(ctypes.c_long(SYS_mount_setattr), ctypes.c_int(AT_FDCWD), b"/", ctypes.c_uint(AT_RECURSIVE),
                    ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr))) == 0:
        return
    MS_REMOUNT, MS_BIND, MS_RDONLY = 0x20, 0x1000, 0x1  # kernels before 5.12: one mount at a time
    with open("/proc/self/mountinfo") as fh:
        points = [line.split()[4].encode().decode("unicode_escape") for line in fh]
    for point in points:
        try:
            mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY, None)
        except OSError:
            pass


# What a student process may see of the machine, besides Python and its scratch folders (config["keep"]).
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/dev", "/proc")


def _isolate(config):
    """As root: a fresh network namespace (no way out) and a fresh root that holds only what students need.

    The new root is an empty tmpfs into which the system's programs and libraries, Python with its
    packages, and the scratch folders are bound; nothing else exists there: not the kit (nor any other copy
    of it on the machine), not other students' work or results, not home folders or /tmp. Forbidden
    packages and the kit installed inside the kept Python trees are then covered by empty folders, every
    mount turns read-only, and the template enters the new root (chroot) before any student code runs.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
    if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare failed")
    MS_REC, MS_PRIVATE, MS_BIND = 0x4000, 0x40000, 0x1000

    def mount(src, target, fstype, flags, data):
        if libc.mount(src.encode() if src else None, target.encode(), fstype.encode() if fstype else None,
                      flags, data.encode() if data else None) != 0:
            raise OSError(ctypes.get_errno(), f"mount {target} failed")
    mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    root = config["root"]
    mount("tmpfs", root, "tmpfs", 0, "size=4m,mode=0755")
    bound = []
    for path in [*SYSTEM_PATHS, *config.get("keep", [])]:
        if not os.path.lexists(path) or path in bound or _inside(path, bound):
            continue
        target = root + path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.islink(path):  # e.g. /bin -> usr/bin on a merged-/usr system
            os.symlink(os.readlink(path), target)
            continue
        if os.path.isdir(path):
            os.makedirs(target, exist_ok=True)
        else:
            open(target, "a").close()
        mount(path, target, None, MS_BIND | MS_REC, None)
        bound.append(path)
    keep = config.get("keep", [])
    for path in config.get("hide", []):
        if path in keep or any(_inside(k, [path]) for k in keep):
            continue  # a folder above a kept tree shows only what was bound into it anyway
        target = root + path
        if os.path.isdir(target) and not os.path.islink(target):
            mount("tmpfs", target, "tmpfs", 0, "size=1m,mode=0755")
        elif os.path.isfile(target):
            mount("/dev/null", target, None, MS_BIND, None)
    if config.get("read_only", True):
        _read_only_everywhere(libc, mount)
    os.chroot(root)
    os.chdir("/")


# ----------------------------------------------------------------------------------------------------
# Killing a process and everything it started (used by the trusted side too).
# ----------------------------------------------------------------------------------------------------
def _proc_table():
    """pid -> (ppid, start time, state) of every process, from /proc (empty where there is no /proc)."""
    table = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            table[int(entry)] = (int(fields[1]), fields[19], fields[0])
        except (OSError, IndexError, ValueError):
            continue
    return table


def descendants(root, table=None):
    """Every process below `root` in the process tree, as (pid, start time, state)."""
    table = _proc_table() if table is None else table
    children = {}
    for pid, (ppid, _start, _state) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            found.append((child, table[child][1], table[child][2]))
            stack.append(child)
    return found


def _kill_exactly(pid, start):
    """SIGKILL `pid` only if it is still the process that started at `start` (a pid can be reused)."""
    fd = None
    try:
        if hasattr(os, "pidfd_open"):
            fd = os.pidfd_open(pid)
        with open(f"/proc/{pid}/stat", "rb") as fh:
            if fh.read().rsplit(b")", 1)[1].split()[19] != start:
                return
        if fd is not None:
            signal.pidfd_send_signal(fd, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (OSError, IndexError):
        pass
    finally:
        if fd is not None:
            os.close(fd)


def kill_tree(root, *, include_root=True, seconds=5.0):
    """Kill `root` and everything below it, again and again until nothing but zombies is left (a fork bomb
    refills between two passes). True when done. Where the template is the subreaper (Linux), everything a
    submission starts stays below the template, setsid and double forks included."""
    deadline = time.monotonic() + seconds
    table = _proc_table()
    if include_root and root in table:
        _kill_exactly(root, table[root][1])
    while True:
        alive = [(pid, start) for pid, start, state in descendants(root) if state not in (b"Z", b"X")]
        if not alive:
            return True
        if time.monotonic() > deadline:
            return False
        for pid, start in alive:
            _kill_exactly(pid, start)


def zygote_main():
    global ISOLATED
    control = socket.socket(fileno=int(sys.argv[1]))
    config = json.loads(control.recv(1 << 20).decode())
    try:  # under memory pressure the kernel kills the template and the students first, never the grader
        with open("/proc/self/oom_score_adj", "w") as fh:
            fh.write("1000")
    except OSError:
        pass
    status = {"isolated": False}
    if config.get("isolate"):
        try:
            _isolate(config)
            status["isolated"] = True
        except OSError as exc:
            status["isolation_error"] = str(exc)
    ISOLATED = status["isolated"]
    if LINUX:  # orphans of every student process (daemons, double forks) become ours, never init's
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    if config.get("preload_sympy"):
        import sympy  # noqa: F401  (pay its import once, before any fork)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    control.sendall(json.dumps(status).encode())
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(control, 1 << 20, 3)
        except OSError:
            os._exit(0)
        if not msg:
            os._exit(0)
        spec = json.loads(msg.decode())
        if spec.get("op") == "kill_uid":
            # A short-lived process becomes the uid and kills everything that uid runs; answer once it is done.
            done_r, done_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                try:
                    os.close(done_r)
                    os.setresuid(spec["uid"], spec["uid"], spec["uid"])
                    os.kill(-1, signal.SIGKILL)
                    os.kill(-1, signal.SIGKILL)
                finally:
                    os._exit(0)
            os.close(done_w)
            try:
                os.read(done_r, 1)  # EOF once that process has exited
            finally:
                os.close(done_r)
            control.sendall(json.dumps({"pid": pid}).encode())
            continue
        pid = os.fork()
        if pid == 0:
            control.close()
            try:
                _student_main(spec, fds)
            finally:
                os._exit(71)
        for fd in fds:
            os.close(fd)
        control.sendall(json.dumps({"pid": pid}).encode())


if __name__ == "__main__":
    zygote_main()
