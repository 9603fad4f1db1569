"""Student side: the template process that forks one isolated process per submission, and that process.

Runs OUTSIDE the trusted process and stays self-contained (standard library, numpy, sympy when an assignment
needs it, and three files beside it loaded by path: `linux.py`, `codec.py`, `syscalls.py`): the grader starts
it as a script and never imports it; the grader reads only the plain data it sends. Everything that ends or
watches these processes from outside lives on the trusted side (`process.py`, `proctree.py`).

Started as `python -I -B student_side.py FD` with a control socket on fd FD. As the template ("zygote") it dies
with the process that started it, optionally enters fresh network and mount namespaces with an allow-listed,
read-only root (as root), becomes the subreaper of everything its children start, imports numpy once, then
for every request forks a student process. As root each student gets its own mount, IPC and PID namespaces:
a small init (pid 1 of the namespace: when it dies the kernel kills everything inside) and, below it, the
student itself with a tmpfs scratch folder and a uid of its own. The student loads the submission and
answers calls over the pipes it was handed: fd 0 requests, fd 3 responses, fd 1/2 the captured output.
Everything it sends is plain data (JSON, raw array bytes, expression trees) tagged with the request's id; the
trusted side checks all of it.
"""

import builtins
import gc
import importlib.abc
import importlib.machinery
import io
import json
import os
import resource
import signal
import socket
import sys
import traceback
import types
import warnings

import numpy as np


def _sibling(name):
    """Import a module of the sandbox folder by path (this file runs as a script, outside the package)."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_autograder_sandbox_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


linux = _sibling("linux")  # constants and system calls
codec = _sibling("codec")  # frames and plain values, shared with the trusted side
syscalls = _sibling("syscalls")  # the system calls students may not make
read_frame, write_frame, encode, decode = codec.read_frame, codec.write_frame, codec.encode, codec.decode

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
LEVEL = "none"  # the isolation level the template reached (see _choose_level)
ISOLATED_NS = False  # each student in PID, mount and IPC namespaces of its own (levels root and userns)
LANDLOCK = None  # the ruleset every student enters (level landlock)
SECCOMP = None  # the system-call filter (compiled BPF) every student loads last (every level, where libseccomp exists)
LANDLOCK_WITHOUT_SECCOMP = False  # Landlock was offered but not taken: students keeping our uid need the filter


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


def _drop_privileges(uid, parent):
    """Become the student's uid for good, then ask again to die with `parent` (a uid change clears that)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    linux.no_new_privs()
    if not linux.die_with_parent(signal.SIGKILL, parent):
        os._exit(0)  # the parent died while we switched: nobody is waiting for us


DEVICE_PATHS = []  # (O_PATH descriptor, path) of each device, opened once by the template (level landlock)


def _writes_only_to(scratch):
    """Level landlock: a second Landlock layer of one student's own, handling every right that changes a file and
    allowing it only in that submission's scratch folder and on the few devices. The template's ruleset allows
    writes in the folder that holds every scratch folder; the intersection leaves this one alone. Built by the
    template before it forks (a few system calls, the devices opened once), entered by the student: a whole
    ruleset per student would mean a rule for every path of the allow-list."""
    if not DEVICE_PATHS:
        for device in DEVICES:
            try:
                DEVICE_PATHS.append((os.open(device, os.O_PATH | os.O_CLOEXEC), device))
            except OSError:
                continue
    layer = linux.LandlockRuleset(LANDLOCK.abi, linux.landlock_write_rights(LANDLOCK.abi), confine=False)
    try:
        layer.allow(scratch, layer.handled_fs)
        for fd, device in DEVICE_PATHS:
            layer.allow_fd(fd, linux.FS_WRITE_FILE | linux.FS_TRUNCATE, False, device)
    except OSError:
        layer.close()
        raise
    return layer


def _namespace_init(spec, uid):
    """As pid 1 of a fresh PID namespace (cloned by the template with new mount and IPC namespaces too): give the
    student a tmpfs scratch folder (the only place it can write; gone with the namespace, so filling the disk stops
    at `scratch_mb`) and a /proc that shows only the namespace, fork the student and return in it; this process
    stays behind as the namespace's init, reaping until the student is gone, then exits, and the kernel kills
    whatever is left. Killing the init from outside is the one way to end it all, and its exit says it is done."""
    owner = f",uid={uid},gid={uid}" if uid is not None else ""
    options = f"size={int(spec.get('scratch_mb', 64))}m,nr_inodes=4096,mode=0700{owner}"
    linux.mount("tmpfs", spec["scratch"], "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, options)
    linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC | linux.MS_RDONLY)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    student = os.fork()
    if student == 0:
        return
    os.closerange(0, 65536)
    while True:
        try:
            pid, _status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(0)
        except InterruptedError:
            continue
        if pid == student:
            os._exit(0)


def _student_main(spec, fds, template, layer=None):
    """Runs in the forked child: isolate, load the submission, then answer calls until told to stop. `layer`: the
    student's own Landlock layer (level landlock), built by the template before the fork."""
    req, resp, out = fds
    try:
        os.setsid()
        # In a namespace our parent (the template) is outside it: getppid says 0, so there is nothing to check.
        if not linux.die_with_parent(signal.SIGKILL, None if ISOLATED_NS else template):
            os._exit(0)
        if LANDLOCK is not None:  # first: its rulesets are descriptors, closed with the others below
            LANDLOCK.restrict_self()
            if isinstance(layer, BaseException):
                raise layer
            layer.restrict_self()  # this student's own: writes to its scratch folder alone
        os.dup2(req, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.dup2(resp, 3)
        os.closerange(4, 65536)
        scratch = spec["scratch"]
        uid = spec.get("uid")
        if ISOLATED_NS:
            _namespace_init(spec, uid)  # returns in the student, pid 2 of its own namespace
        sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", buffering=0, closefd=False), write_through=True)
        sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", buffering=0, closefd=False), write_through=True)
        sys.stdin = io.StringIO("")
        if uid is not None:
            os.chown(scratch, uid, uid)
            _drop_privileges(uid, os.getppid())
        elif LEVEL == "userns":  # root of the user namespace: keep the uid, lose every capability
            linux.drop_all_capabilities()
            linux.no_new_privs()
        if SECCOMP is not None:
            linux.load_seccomp_program(SECCOMP)
        os.chdir(scratch)
        os.umask(0o077)
        for key in ("HOME", "TMPDIR"):
            os.environ[key] = scratch
        _set_limits(spec["limits"])
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # The scratch folder is the working directory but never on sys.path (`-I` keeps the working directory off
        # it too): a module found there would be one a student left, never the standard library's.
        sys.meta_path.insert(0, _ForbiddenFinder(spec.get("forbidden", ())))
    except BaseException as exc:  # set-up failed: say so and stop (the trusted side reports it)
        try:
            write_frame(3, {"ready": False, "setup_error": f"{type(exc).__name__}: {exc}"})
        finally:
            os._exit(70)
    _serve(3)


def _close(fd):
    try:
        os.close(fd)
    except OSError:
        pass


def _exc_info(exc):
    tb = traceback.extract_tb(exc.__traceback__)
    frames = [f for f in tb if f.filename in ("<submission>",) or f.filename.startswith("<cell")]
    where = f"{frames[-1].filename} line {frames[-1].lineno}" if frames else ""
    if frames and frames[-1].name != "<module>":
        where += f" in {frames[-1].name[:100]}"  # the function, named as the student wrote it
    try:
        msg = str(exc)[:2000]
    except BaseException:
        msg = "?"
    return {"type": type(exc).__name__[:100], "message": msg, "where": where}


NUMPY_ERRORS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}  # numpy's defaults
_ERRSTATE, _CATCH_WARNINGS = np.errstate, warnings.catch_warnings
_RESET_WARNINGS, _SIMPLE_FILTER = warnings.resetwarnings, warnings.simplefilter


def _serve(resp):
    namespace = {"__name__": "submission", "__builtins__": builtins}
    module = types.ModuleType("submission")
    module.__dict__.update(namespace)
    namespace = module.__dict__
    sys.modules["submission"] = module
    header, _ = read_frame(0)
    notes = []
    for cell in header["cells"]:
        number = cell["index"]  # how Jupyter numbers the cell (checker/cells.py names it so)
        filename = (
            "<submission>"
            if header["kind"] == "py"
            else f"<cell [{number}]>"
            if cell.get("ran")
            else f"<cell {number}>"
        )
        try:
            code = compile(cell["source"], filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:  # a NUL byte is a ValueError before Python 3.11.4
            line = getattr(exc, "lineno", None)
            notes.append(
                {"kind": "syntax", "where": filename, "line": line, "message": str(getattr(exc, "msg", exc))[:2000]}
            )
            continue
        try:
            exec(code, namespace)
        except SystemExit as exc:
            notes.append({"kind": "exit", "where": filename, "message": f"SystemExit({exc.code!r})"})
        except BaseException as exc:
            info = _exc_info(exc)
            notes.append(
                {"kind": "error", "where": info["where"] or filename, "message": f"{info['type']}: {info['message']}"}
            )
    names = sorted(k for k, v in list(namespace.items()) if callable(v) and not k.startswith("__"))
    write_frame(
        resp,
        {
            "ready": True,
            "names": names[:500],
            "notes": notes[:50],
            "forbidden": sorted(set(FORBIDDEN_USED)),
            "seq": header.get("seq"),
        },
    )
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
            # A tuple: code that finds it (gc.get_referrers) cannot swap what is reported after the call.
            args = tuple(decode(a, blobs) for a in header.get("args", []))
            kwargs = {k: decode(v, blobs) for k, v in header.get("kwargs", {}).items()}
            # numpy's error state and the warning filters are set afresh for every call, from references taken
            # before any student code ran: an np.seterr(all="ignore") or a filter left at import hides nothing.
            with _CATCH_WARNINGS(record=True) as caught, _ERRSTATE(**NUMPY_ERRORS):
                _RESET_WARNINGS()
                _SIMPLE_FILTER("always")
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
            write_frame(
                resp,
                {
                    "ok": False,
                    "unreadable": _describe_failure(exc),
                    "forbidden": payload["forbidden"],
                    "seq": header.get("seq"),
                },
            )


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


def _read_only_everywhere():
    """Every mount of this namespace read-only: a student uid then writes nowhere but its own tmpfs scratch,
    whatever world-writable folders (/run/lock, a class folder left 0777) the machine has."""
    if linux.mount_read_only_recursive("/"):
        return
    with open("/proc/self/mountinfo") as fh:  # kernels before 5.12: one mount at a time
        points = [line.split()[4].encode().decode("unicode_escape") for line in fh]
    for point in points:
        try:
            linux.mount(None, point, None, linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY)
        except OSError:
            pass


# What a student process may see of the machine, besides Python and its scratch folders (config["keep"]).
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")  # no ptmx, no shm, no tty
LEVELS = ("none", "landlock", "userns", "root")  # weakest first


def _build_root(config):
    """A fresh root that holds only what students need, entered with chroot (levels root and userns).

    The new root is an empty tmpfs into which the system's programs and libraries, Python's standard library and
    the grading environment's packages, a handful of devices and the scratch folders are bound; nothing else
    exists there: not the kit (nor any other copy of it on the machine), not other students' work or results,
    not home folders, /tmp or /proc of the machine. Other Pythons' site directories, forbidden packages and the
    kit installed inside the kept trees are then covered by empty folders, every mount turns read-only, and the
    template enters the new root before any student code runs. Needs mount rights: the caller unshared a mount
    namespace (as root, or inside a user namespace of its own).
    """
    mount = linux.mount
    mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
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
        mount(path, target, None, linux.MS_BIND | linux.MS_REC)
        bound.append(path)
    os.makedirs(root + "/dev", exist_ok=True)
    for device in DEVICES:
        if os.path.exists(device):
            open(root + device, "a").close()
            mount(device, root + device, None, linux.MS_BIND)
    # The machine's /proc, for the template only: each student's init mounts its own namespace's /proc over it
    # (the kernel lets a user namespace mount a proc only where one is already fully visible).
    os.makedirs(root + "/proc", exist_ok=True)
    mount("/proc", root + "/proc", None, linux.MS_BIND | linux.MS_REC)
    keep = config.get("keep", [])
    for path in config.get("hide", []):
        if path in keep or any(_inside(k, [path]) for k in keep):
            continue  # a folder above a kept tree shows only what was bound into it anyway
        target = root + path
        if os.path.isdir(target) and not os.path.islink(target):
            mount("tmpfs", target, "tmpfs", 0, "size=1m,mode=0755")
        elif os.path.isfile(target):
            mount("/dev/null", target, None, linux.MS_BIND)
    if config.get("read_only", True):
        _read_only_everywhere()
    os.chroot(root)
    os.chdir("/")


def _enter_user_namespace():
    """Become root of a user namespace of our own (uid and gid mapped to ours), with new mount, network and IPC
    namespaces owned by it: what an unprivileged process needs to build the same allow-listed root."""
    uid, gid = os.getuid(), os.getgid()
    linux.unshare(linux.CLONE_NEWUSER | linux.CLONE_NEWNS | linux.CLONE_NEWNET | linux.CLONE_NEWIPC)
    with open("/proc/self/setgroups", "w") as fh:
        fh.write("deny")
    with open("/proc/self/uid_map", "w") as fh:
        fh.write(f"0 {uid} 1")
    with open("/proc/self/gid_map", "w") as fh:
        fh.write(f"0 {gid} 1")


def _allowed_beneath(roots, excluded):
    """Paths that together give every file below `roots` except what lies below `excluded` (Landlock only
    allows, so a folder holding something excluded is opened up entry by entry, down to the excluded path).
    An excluded folder above a root does not hide the root: a kept tree inside the kit's folder (its virtual
    environment) stays readable, as the root level binds it into the new root."""
    excluded = [os.path.realpath(e) for e in excluded]
    out = []

    def walk(path, depth, below):
        real = os.path.realpath(path)
        if any(real == e or real.startswith(e.rstrip("/") + "/") for e in below):
            return
        holds = [e for e in below if e.startswith(real.rstrip("/") + "/")]
        if not holds or not os.path.isdir(real) or depth > 12:
            out.append(real)
            return
        try:
            entries = os.listdir(real)
        except OSError:
            return
        for name in entries:
            walk(os.path.join(real, name), depth + 1, holds)

    for root in roots:
        if os.path.lexists(root):
            top = os.path.realpath(root)
            walk(top, 0, [e for e in excluded if e == top or e.startswith(top.rstrip("/") + "/")])
    return sorted(set(out))


def _landlock_ruleset(config, abi):
    """Read access to the system, the standard library and the grading environment's packages (minus what must
    stay hidden), the few devices, and read-write access to the folder of the scratch folders; nothing else."""
    ruleset = linux.LandlockRuleset(abi)
    hide = [*config.get("hide", []), "/tmp", "/var/tmp", "/dev/shm"]
    for path in _allowed_beneath([*SYSTEM_PATHS, *config.get("keep", [])], hide):
        ruleset.allow(path, linux.FS_READ_ONLY)
    for device in DEVICES:
        ruleset.allow(device, linux.FS_READ_FILE | linux.FS_WRITE_FILE)
    for folder in config.get("writable", []):
        ruleset.allow(folder, ruleset.handled_fs)
    return ruleset


def _choose_level(config):
    """The strongest isolation the system grants, at most config["max_level"]: root (namespaces and a uid per
    student), userns (the same namespaces inside a user namespace of our own), landlock (an allow-list of
    files, no TCP, signals and abstract sockets kept inside), none. Returns (level, notes on what failed)."""
    allowed = LEVELS[: LEVELS.index(config.get("max_level", "root")) + 1]
    tried = []
    if not linux.clone_available():  # a student's own namespaces need a clone with flags (x86_64, aarch64)
        allowed = tuple(level for level in allowed if level not in ("root", "userns"))
        tried.append("namespaces: clone with flags not known on this machine")
    if "root" in allowed and os.geteuid() == 0:
        try:
            linux.unshare(linux.CLONE_NEWNS | linux.CLONE_NEWNET)
            _build_root(config)
            return "root", tried
        except OSError as exc:
            tried.append(f"root: {exc}")
    if "userns" in allowed:
        try:
            pid = os.fork()  # try in a child first: a half-entered namespace cannot be left again
            if pid == 0:
                try:
                    _enter_user_namespace()
                    os._exit(0)
                except BaseException:
                    os._exit(1)
            _, status = os.waitpid(pid, 0)
            if status != 0:
                raise OSError(1, "user namespaces are not available to this user")
            _enter_user_namespace()
            _build_root(config)
            return "userns", tried
        except OSError as exc:
            tried.append(f"userns: {exc}")
    abi = linux.landlock_abi()
    if "landlock" in allowed and abi >= 1 and SECCOMP is None and os.geteuid() != 0:
        # Students would keep our uid, and Landlock does not cover connecting to a Unix socket by its path: only the
        # seccomp filter keeps them from our tmux server, ssh-agent or D-Bus. Without it, this is no isolation.
        global LANDLOCK_WITHOUT_SECCOMP
        LANDLOCK_WITHOUT_SECCOMP = True
    elif "landlock" in allowed and abi >= 1:
        try:
            global LANDLOCK
            LANDLOCK = _landlock_ruleset(config, abi)
            return "landlock", tried
        except OSError as exc:
            tried.append(f"landlock: {exc}")
    elif "landlock" in allowed:
        tried.append("landlock: not offered by this kernel")
    return "none", tried


def _user_namespaces_for_others():
    """Would an unprivileged user get a user namespace here? (The default of course.yml's min_isolation.)"""
    pid = os.fork()
    if pid == 0:
        try:
            if os.geteuid() == 0:
                os.setresgid(65534, 65534, 65534)
                os.setresuid(65534, 65534, 65534)
            linux.unshare(linux.CLONE_NEWUSER)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return status == 0


def _fork_student(spec, fds, control):
    """Start one student; returns what the trusted side needs to end it: its pid, the pid to kill, and whether
    that pid is the init of a PID namespace (then killing it takes everything the student started).

    Where the level has namespaces, the template clones the student's init directly into new PID, mount and IPC
    namespaces (one process fewer than unsharing in a child of its own and forking again)."""
    template = os.getpid()
    try:
        layer = _writes_only_to(spec["scratch"]) if LANDLOCK is not None else None
    except OSError as exc:  # the student reports it as its set-up error, and the template serves the next one
        layer = exc
    pid = -1
    try:
        pid = linux.clone(linux.CLONE_NEWPID | linux.CLONE_NEWNS | linux.CLONE_NEWIPC) if ISOLATED_NS else os.fork()
        if pid == 0:
            control.close()
            try:
                _student_main(spec, fds, template, layer)
            finally:
                os._exit(71)
    finally:
        if isinstance(layer, linux.LandlockRuleset) and pid != 0:
            layer.close()
    for fd in fds:
        os.close(fd)
    return {"pid": pid, "kill": pid, "namespace": ISOLATED_NS}


def _kill_uid(uid):
    """A short-lived process becomes the uid and kills everything that uid runs; returns once it is done."""
    done_r, done_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(done_r)
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.close(done_w)
    try:
        os.read(done_r, 1)  # EOF once that process has exited
    finally:
        os.close(done_r)
    return pid


def zygote_main():
    global LEVEL, SECCOMP, ISOLATED_NS
    control = socket.socket(fileno=int(sys.argv[1]))
    config = json.loads(control.recv(1 << 20).decode())
    # Die with the grader, whatever kills it; if it is gone already, there is nobody to serve.
    if not linux.die_with_parent(signal.SIGKILL, config.get("parent")):
        os._exit(0)
    try:  # under memory pressure the kernel kills the template and the students first, never the grader
        with open("/proc/self/oom_score_adj", "w") as fh:
            fh.write("1000")
    except OSError:
        pass
    offered = _user_namespaces_for_others()
    # Before the new root: libseccomp is loaded from the machine's.
    SECCOMP, seccomp_note = syscalls.compiled_filter(linux.NAMESPACE_FLAGS)
    LEVEL, tried = _choose_level(config)
    ISOLATED_NS = LEVEL in ("root", "userns")
    status = {
        "level": LEVEL,
        "isolated": LEVEL in ("root", "userns"),
        "uid_switch": os.geteuid() == 0 and LEVEL in ("root", "landlock"),
        "landlock_abi": linux.landlock_abi(),
        "seccomp": SECCOMP is not None,
        "userns_for_others": offered,
        "tried": tried + ([seccomp_note] if seccomp_note else []),
        "landlock_without_seccomp": LANDLOCK_WITHOUT_SECCOMP,
    }
    if linux.LINUX:  # orphans of every student process (daemons, double forks) become ours, never init's
        linux.child_subreaper()
    if config.get("preload_sympy"):
        import sympy  # noqa: F401  (pay its import once, before any fork)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    # Everything loaded so far lives on in every student: moved out of the garbage collector's reach, a
    # collection in a student does not write to (and so copy) every page the template's objects sit on.
    gc.collect()
    gc.freeze()
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
            control.sendall(json.dumps({"pid": _kill_uid(spec["uid"])}).encode())
            continue
        control.sendall(json.dumps(_fork_student(spec, fds, control)).encode())


if __name__ == "__main__":
    zygote_main()
