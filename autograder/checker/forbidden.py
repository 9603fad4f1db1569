"""Which forbidden packages (course.yml's forbidden_imports) a student's function uses, found in the student's own
process: the self-check refuses them as the grade does, so a scipy softmax fails `check()` and plain pytest too.

The grade needs none of this: there the packages are poisoned in the student's process, so any use is seen. In
the student's own process the packages are real, so two looks are taken:

* before the call, what the function refers to: the globals its code names (through attributes, `scipy.special`),
  followed into the student's own helper functions, and where each object comes from (a function's module, a
  module's name, a numpy ufunc looked up among the forbidden packages' modules, which do not name themselves);
* during the call, every Python function it enters (a profile hook), so a lazy `importlib.import_module(...)`
  inside the function is seen too.
"""

from __future__ import annotations

import sys
import types

MAX_DEPTH = 8  # helper functions followed from the graded one


def _root(name) -> str:
    return str(name or "").partition(".")[0]


def _origin(value) -> str:
    """The top-level package an object comes from ("" when unknown)."""
    if isinstance(value, types.ModuleType):
        return _root(value.__name__)
    module = getattr(value, "__module__", None)
    if isinstance(module, str):
        return _root(module)
    if type(value).__name__ == "ufunc":  # numpy ufuncs carry no __module__: find who holds this very object
        for name, mod in list(sys.modules.items()):
            if mod is None or name.startswith(("numpy", "builtins")):
                continue
            try:
                if any(v is value for v in vars(mod).values()):
                    return _root(name)
            except Exception:  # a module whose namespace cannot be read
                continue
    return ""


def _attribute_chains(code) -> list:
    """(global name, attribute names...) that a code object reads, e.g. scipy.special.softmax → (scipy, special,
    softmax); nested functions and comprehensions included."""
    import dis

    chains = []
    current: list = []
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            if current:
                chains.append(current)
            current = [instruction.argval]
        elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and current:
            current.append(instruction.argval)
        else:
            if current:
                chains.append(current)
            current = []
    if current:
        chains.append(current)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            chains.extend(_attribute_chains(const))
    return chains


def referenced(function, forbidden, depth: int = 0, seen=None) -> set:
    """The forbidden packages `function` refers to, directly or through the student's own helpers."""
    seen = set() if seen is None else seen
    code = getattr(function, "__code__", None)
    if code is None or id(function) in seen or depth > MAX_DEPTH:
        return set()
    seen.add(id(function))
    namespace = getattr(function, "__globals__", {})
    found = set()
    values = [cell.cell_contents for cell in (getattr(function, "__closure__", None) or ()) if _filled(cell)]
    for chain in _attribute_chains(code):
        value = namespace.get(
            chain[0],
            getattr(__builtins__, chain[0], None) if not isinstance(__builtins__, dict) else __builtins__.get(chain[0]),
        )
        for attribute in chain[1:]:
            if _origin(value) in forbidden:
                break
            value = getattr(value, attribute, None) if value is not None else None
        values.append(value)
    for value in values:
        origin = _origin(value)
        if origin in forbidden:
            found.add(origin)
        elif isinstance(value, types.FunctionType) and getattr(value, "__globals__", None) is namespace:
            found |= referenced(value, forbidden, depth + 1, seen)  # the student's own helper
    return found


def _filled(cell) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


class Watch:
    """A profile hook for one call: the forbidden packages whose Python code the call entered."""

    def __init__(self, forbidden):
        self.forbidden = frozenset(forbidden)
        self.used: set = set()
        self._previous = None

    def _hook(self, frame, event, arg):
        if event == "call":
            root = _root(frame.f_globals.get("__name__"))
        elif event == "c_call":
            root = _root(getattr(arg, "__module__", None))
        else:
            return
        if root in self.forbidden:
            self.used.add(root)

    def __enter__(self) -> Watch:
        if self.forbidden:
            self._previous = sys.getprofile()
            sys.setprofile(self._hook)
        return self

    def __exit__(self, *exc) -> None:
        if self.forbidden:
            sys.setprofile(self._previous)


__all__ = ["referenced", "Watch"]
