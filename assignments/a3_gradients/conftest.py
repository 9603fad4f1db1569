"""The `student` fixture for the visible tests of a3_gradients: it loads your submission, and runs the checks
with the grader's own comparisons and messages (carried below: no kit to install).

    pytest                                      # tests a3_gradients.py in this folder
    pytest --submission=a3_gradients.ipynb    # tests the notebook: its code cells not tagged skip-grading
    pytest --submission=path/to/mine.py         # tests another file
    pytest --lang=zh-TW                         # the messages in another language (or AUTOGRADER_LANG=zh-TW)

Write `--submission=PATH` with the `=`: pytest reads a separate PATH as a folder to collect tests from.
"""
import json
import os
import sys
import types
from pathlib import Path

import pytest

# The kit's own catalogue, catalogue.message, catalogue.store, grading.feedback, grading.values, grading.diagnosis, grading.slips, grading.tolerance, grading.compare, selfcheck, selfcheck.forbidden, selfcheck.local, selfcheck.run (autograder/), carried here by `autograder generate`:
# the same code the grader runs. Edit the kit, never this copy.
import importlib.util as _kit_importlib_util


class _KitCarried:
    """Serves <alias>.<module> from the sources below (an import hook: finder and loader in one)."""

    def __init__(self, alias, sources, values):
        self.alias, self.sources, self.values = alias, sources, values
        names = list(sources) + list(values)
        self.packages = {""} | {n for n in sources if any(m.startswith(n + ".") for m in names)}
        self.packages |= {".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 1)}

    def find_spec(self, name, path=None, target=None):
        if name != self.alias and not name.startswith(self.alias + "."):
            return None
        short = name[len(self.alias) + 1:]
        if short in self.packages:
            return _kit_importlib_util.spec_from_loader(name, self, is_package=True)
        if short in self.sources or short in self.values:
            return _kit_importlib_util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        short = module.__name__[len(self.alias) + 1:]
        if short in self.sources:
            module.__file__ = "<" + self.alias + "/" + short.replace(".", "/") + ".py>"
            exec(compile(self.sources[short], module.__file__, "exec"), module.__dict__)
        module.__dict__.update(self.values.get(short, {}))


def _kit_embed(alias, sources, values):
    import sys
    for name in [n for n in sys.modules if n == alias or n.startswith(alias + ".")]:
        del sys.modules[name]  # run again (a re-executed cell): the source below is the one to use
    sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "alias", None) != alias]
    sys.meta_path.insert(0, _KitCarried(alias, sources, values))


_kit_embed('_kit', {
    'catalogue': (
        '"""One catalogue for every sentence the kit shows, in every language it speaks (see store.py for the files).\n'
        '\n'
        'say("mismatch", lang, call="softmax(...)", expected="[0.2, 0.8]", got="[0.5, 0.5]")\n'
        'Message("hint:sign").render(lang)\n'
        'languages()  ->  en, zh-TW, ...: the folders of the catalogue; nothing else lists them\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'from .message import ByLanguage, Message, from_json, render_all\n'
        'from .store import CATALOGUE, SOURCE_LANGUAGE, CatalogueError\n'
        '\n'
        '__all__ = [\n'
        '    "ByLanguage",\n'
        '    "Message",\n'
        '    "from_json",\n'
        '    "render_all",\n'
        '    "say",\n'
        '    "languages",\n'
        '    "resolve_language",\n'
        '    "has",\n'
        '    "template",\n'
        '    "SOURCE_LANGUAGE",\n'
        '    "CatalogueError",\n'
        '    "reload",\n'
        ']\n'
        '\n'
        '\n'
        'def say(key: str, lang: str = SOURCE_LANGUAGE, /, **params) -> str:\n'
        '    """The sentence for `key` in `lang` (the source language\'s when it lacks one), its parameters filled in."""\n'
        '    return Message(key, **params).render(lang)\n'
        '\n'
        '\n'
        'def languages() -> tuple:\n'
        '    """The languages the kit speaks: the source language first, then the others in name order."""\n'
        '    names = sorted(CATALOGUE.codes)\n'
        '    return (SOURCE_LANGUAGE, *[n for n in names if n != SOURCE_LANGUAGE])\n'
        '\n'
        '\n'
        'def resolve_language(lang) -> str | None:\n'
        '    """A known language for `lang`, matched loosely (any case, - or _: zh_tw is zh-TW); None if unknown."""\n'
        '    if lang is None:\n'
        '        return None\n'
        '    wanted = str(lang).replace("_", "-").lower()\n'
        '    return next((known for known in languages() if known.lower() == wanted), None)\n'
        '\n'
        '\n'
        'def has(key: str, lang: str | None = None) -> bool:\n'
        '    """Whether the catalogue defines `key` (in `lang`, or in the source language)."""\n'
        '    found = CATALOGUE.languages.get(lang or SOURCE_LANGUAGE)\n'
        '    return found is not None and key in found.messages\n'
        '\n'
        '\n'
        'def template(key: str, lang: str = SOURCE_LANGUAGE) -> str | None:\n'
        '    return CATALOGUE.template(key, lang)\n'
        '\n'
        '\n'
        'def reload() -> None:\n'
        '    """Read the files again (after AUTOGRADER_CATALOGUE changed)."""\n'
        '    CATALOGUE.reload()\n'
    ),
    'catalogue.message': (
        '"""A sentence as data: a catalogue key and its parameters, rendered in any language when it is shown.\n'
        '\n'
        'Feedback is kept as Messages from the check that failed to the results.json it is written to, so the same\n'
        'failure can be read in English today and in Traditional Chinese tomorrow (`autograder feedback --lang`).\n'
        'Parameters are plain values (text, numbers) or other Messages; a ByLanguage holds text that exists only as\n'
        "finished sentences per language (e.g. the sentence a visible test's own assert wrote).\n"
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'import math\n'
        'import re\n'
        'import sys\n'
        '\n'
        'from .store import CATALOGUE, SOURCE_LANGUAGE\n'
        '\n'
        'MAX_DEPTH = 6  # nested messages read back from a results.json (untrusted) stop here\n'
        'MAX_TEXT = 4000  # and so does the length of any text in them\n'
        '_PLACEHOLDER = re.compile(r"\\{([A-Za-z_][A-Za-z0-9_]*)(?:![rsa])?(?::[^{}]*)?\\}")\n'
        '\n'
        '\n'
        'class _Lenient(dict):\n'
        '    def __missing__(self, key):\n'
        '        return "{" + key + "}"\n'
        '\n'
        '\n'
        'def fill(template: str, values: dict) -> str:\n'
        '    """str.format with the template\'s own format specs; a value that does not fit its spec is shown as text."""\n'
        '    try:\n'
        '        return template.format_map(_Lenient(values))\n'
        '    except (ValueError, TypeError, IndexError, KeyError, AttributeError):\n'
        '        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)\n'
        '\n'
        '\n'
        'def plain(value):\n'
        '    """A parameter as JSON-safe data: text, a finite number, a bool, None, or a Message/ByLanguage."""\n'
        '    if isinstance(value, (Message, ByLanguage)) or value is None or isinstance(value, (str, bool)):\n'
        '        return value\n'
        '    if isinstance(value, int):\n'
        '        return int(value)\n'
        '    numpy = sys.modules.get("numpy")  # a numpy number can only come from where numpy is loaded already\n'
        '    if numpy is not None:\n'
        '        if isinstance(value, numpy.integer):\n'
        '            return int(value)\n'
        '        if isinstance(value, numpy.floating):\n'
        '            value = float(value)\n'
        '    if isinstance(value, float):\n'
        '        return value if math.isfinite(value) else str(value)\n'
        '    return str(value)\n'
        '\n'
        '\n'
        'class Message:\n'
        '    """`key` in the catalogue with its parameters; `render(lang)` gives the sentence."""\n'
        '\n'
        '    __slots__ = ("key", "params")\n'
        '\n'
        '    def __init__(self, key: str, **params):\n'
        '        self.key = key\n'
        '        self.params = {name: plain(v) for name, v in params.items()}\n'
        '\n'
        '    def render(self, lang: str = SOURCE_LANGUAGE) -> str:\n'
        '        template = CATALOGUE.template(self.key, lang)\n'
        '        if template is None:\n'
        '            return self.key\n'
        '        values = {\n'
        '            name: (v.render(lang) if isinstance(v, (Message, ByLanguage)) else v) for name, v in self.params.items()\n'
        '        }\n'
        '        return fill(template, values)\n'
        '\n'
        '    def to_json(self) -> dict:\n'
        '        return {\n'
        '            "key": self.key,\n'
        '            "params": {k: (v.to_json() if isinstance(v, (Message, ByLanguage)) else v) for k, v in self.params.items()},\n'
        '        }\n'
        '\n'
        '    def __eq__(self, other) -> bool:\n'
        '        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)\n'
        '\n'
        '    def __repr__(self) -> str:\n'
        '        return f"Message({self.key!r}, {self.params!r})"\n'
        '\n'
        '    def __str__(self) -> str:\n'
        '        return self.render(SOURCE_LANGUAGE)\n'
        '\n'
        '\n'
        'class ByLanguage:\n'
        '    """Finished text per language; `default` (a Message) speaks for the languages the texts lack."""\n'
        '\n'
        '    __slots__ = ("texts", "default")\n'
        '\n'
        '    def __init__(self, texts: dict, default: Message | None = None):\n'
        '        self.texts = {str(k): str(v) for k, v in texts.items() if isinstance(v, str)}\n'
        '        self.default = default\n'
        '\n'
        '    def render(self, lang: str = SOURCE_LANGUAGE) -> str:\n'
        '        if lang in self.texts:\n'
        '            return self.texts[lang]\n'
        '        if self.default is not None:\n'
        '            return self.default.render(lang)\n'
        '        return self.texts.get(SOURCE_LANGUAGE) or next(iter(self.texts.values()), "")\n'
        '\n'
        '    def to_json(self) -> dict:\n'
        '        return {"by_language": dict(self.texts), "default": self.default.to_json() if self.default else None}\n'
        '\n'
        '    def __eq__(self, other) -> bool:\n'
        '        return isinstance(other, ByLanguage) and (self.texts, self.default) == (other.texts, other.default)\n'
        '\n'
        '    def __repr__(self) -> str:\n'
        '        return f"ByLanguage({self.texts!r}, {self.default!r})"\n'
        '\n'
        '    def __str__(self) -> str:\n'
        '        return self.render(SOURCE_LANGUAGE)\n'
        '\n'
        '\n'
        'def from_json(data, depth: int = 0) -> Message | ByLanguage | None:\n'
        '    """A Message read back from a results.json, or None when the data is not one (it is untrusted: checked, capped)."""\n'
        '    if depth > MAX_DEPTH or not isinstance(data, dict):\n'
        '        return None\n'
        '    if isinstance(data.get("key"), str) and len(data["key"]) <= 200:\n'
        '        raw = data.get("params")\n'
        '        params = {}\n'
        '        for name, value in raw.items() if isinstance(raw, dict) else ():\n'
        '            if not isinstance(name, str) or not name.isidentifier():\n'
        '                continue\n'
        '            if isinstance(value, dict):\n'
        '                value = from_json(value, depth + 1)\n'
        '                if value is None:\n'
        '                    continue\n'
        '            elif isinstance(value, str):\n'
        '                value = value[:MAX_TEXT]\n'
        '            elif isinstance(value, bool) or value is None:\n'
        '                pass\n'
        '            elif isinstance(value, (int, float)):\n'
        '                if isinstance(value, float) and not math.isfinite(value):\n'
        '                    value = str(value)\n'
        '            else:\n'
        '                continue\n'
        '            params[name] = value\n'
        '        message = Message(data["key"])\n'
        '        message.params = params\n'
        '        return message\n'
        '    texts = data.get("by_language")\n'
        '    if isinstance(texts, dict):\n'
        '        default = from_json(data.get("default"), depth + 1) if data.get("default") is not None else None\n'
        '        return ByLanguage(\n'
        '            {k: v[:MAX_TEXT] for k, v in texts.items() if isinstance(k, str) and isinstance(v, str)},\n'
        '            default if isinstance(default, Message) else None,\n'
        '        )\n'
        '    return None\n'
        '\n'
        '\n'
        'def render_all(messages, lang: str, separator: str = "\\n") -> str:\n'
        '    """Several messages as one text (a failure, then the difference, then the likely misconception)."""\n'
        '    return separator.join(m.render(lang) for m in messages if m is not None)\n'
    ),
    'catalogue.store': (
        '"""The catalogue on disk: one folder per language, one YAML file per domain, keys nested in each file.\n'
        '\n'
        '    autograder/catalogue/en/engine.yml        missing: "{fn} is not defined in your submission."\n'
        '    autograder/catalogue/zh-TW/engine.yml     hint: {sign: "..."}  ->  key "hint:sign"\n'
        '\n'
        'A language is a folder and nothing else: the kit lists its languages by reading the folders, so a translator\n'
        'adds one by copying `en/` and translating the values. Folders named in AUTOGRADER_CATALOGUE (separated by the\n'
        "path separator) are read after the kit's own: a course can add a language, or reword a message, with files only.\n"
        'A domain (engine, misconceptions, checks, derivations, ...) is a file: each part of the kit keeps its sentences\n'
        'together, and a key may be defined by one file of a language only.\n'
        '\n'
        'A copy of the catalogue carried into a notebook or a visible-test folder (authoring/embed.py) has no files and\n'
        'no YAML reader: it holds the entries it needs as data, in the module `carried` beside this one.\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'import os\n'
        'import re\n'
        'import threading\n'
        'from dataclasses import dataclass, field\n'
        'from pathlib import Path\n'
        '\n'
        'try:\n'
        '    from .carried import ENTRIES as CARRIED  # only in a carried copy: {language: {key: template}}\n'
        'except ImportError:\n'
        '    CARRIED = None\n'
        '\n'
        'HERE = Path(__file__).resolve().parent\n'
        'SOURCE_LANGUAGE = "en"  # the language every key is written in first, and the fallback for a missing translation\n'
        'ENV = "AUTOGRADER_CATALOGUE"\n'
        'SEPARATOR = ":"  # nested keys are joined with it: hint -> sign is "hint:sign"\n'
        '_LANGUAGE_NAME = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # a BCP 47 tag: en, zh-TW, ja, en-XA\n'
        '\n'
        '_LOADER = None\n'
        '\n'
        '\n'
        'def _loader():\n'
        '    """A safe YAML loader that refuses a key written twice in one mapping (YAML would keep the last one silently)."""\n'
        '    global _LOADER\n'
        '    if _LOADER is None:\n'
        '        import yaml\n'
        '\n'
        '        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml\'s parser is ~10x faster; both agree\n'
        '\n'
        '        class Loader(base):\n'
        '            def construct_mapping(self, node, deep=False):\n'
        '                seen = set()\n'
        '                for key_node, _ in node.value:\n'
        '                    key = self.construct_object(key_node, deep=deep)\n'
        '                    if key in seen:\n'
        '                        raise yaml.constructor.ConstructorError(\n'
        '                            None, None, f"{key!r} is defined twice", key_node.start_mark\n'
        '                        )\n'
        '                    seen.add(key)\n'
        '                return super().construct_mapping(node, deep=deep)\n'
        '\n'
        '        _LOADER = Loader\n'
        '    return _LOADER\n'
        '\n'
        '\n'
        'class CatalogueError(Exception):\n'
        '    """A catalogue file that cannot be read: a kit defect (or a translator\'s typo), named with its file."""\n'
        '\n'
        '\n'
        '@dataclass\n'
        'class Language:\n'
        '    code: str\n'
        '    messages: dict = field(default_factory=dict)  # key -> template\n'
        '    origin: dict = field(default_factory=dict)  # key -> the file that defines it\n'
        '\n'
        '\n'
        'def search_path() -> list[Path]:\n'
        '    """The kit\'s catalogue, then the folders of AUTOGRADER_CATALOGUE in order."""\n'
        '    extra = [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p.strip()]\n'
        '    return [HERE, *extra]\n'
        '\n'
        '\n'
        'def _flatten(node, prefix: str, out: dict, where: Path) -> None:\n'
        '    if not isinstance(node, dict):\n'
        '        raise CatalogueError(f"{where}: expected a mapping of keys to sentences")\n'
        '    for name, value in node.items():\n'
        '        key = f"{prefix}{SEPARATOR}{name}" if prefix else str(name)\n'
        '        if isinstance(value, dict):\n'
        '            _flatten(value, key, out, where)\n'
        '        elif isinstance(value, str):\n'
        '            out[key] = value\n'
        '        else:\n'
        '            raise CatalogueError(f"{where}: {key}: expected a sentence (text), found {type(value).__name__}")\n'
        '\n'
        '\n'
        'def read_domain(path: Path) -> dict:\n'
        '    """One YAML file as {flat key: template}."""\n'
        '    import yaml\n'
        '\n'
        '    try:\n'
        '        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader())\n'
        '    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:\n'
        '        raise CatalogueError(f"{path}: {exc}") from None\n'
        '    out: dict = {}\n'
        '    if data is not None:\n'
        '        _flatten(data, "", out, path)\n'
        '    return out\n'
        '\n'
        '\n'
        'def load_languages(paths: list[Path] | None = None) -> dict[str, Language]:\n'
        '    """Every language folder found on the search path, its domains merged (a key defined twice is an error)."""\n'
        '    if CARRIED is not None and paths is None:\n'
        '        return {code: Language(code, dict(entries)) for code, entries in CARRIED.items()}\n'
        '    languages: dict[str, Language] = {}\n'
        '    for root in paths if paths is not None else search_path():\n'
        '        if not root.is_dir():\n'
        '            continue\n'
        '        for folder in sorted(p for p in root.iterdir() if p.is_dir() and _LANGUAGE_NAME.match(p.name)):\n'
        '            files = sorted(folder.glob("*.yml"))\n'
        '            if not files:\n'
        '                continue\n'
        '            language = languages.setdefault(folder.name, Language(folder.name))\n'
        '            seen_here: dict = {}\n'
        '            for path in files:\n'
        '                for key, template in read_domain(path).items():\n'
        '                    if key in seen_here:\n'
        '                        raise CatalogueError(f"{path}: {key} is also defined in {seen_here[key].name}")\n'
        '                    seen_here[key] = path\n'
        "                    language.messages[key] = template  # a later folder may reword the kit's sentence\n"
        '                    language.origin[key] = path\n'
        '    if SOURCE_LANGUAGE not in languages:\n'
        '        raise CatalogueError(f"no {SOURCE_LANGUAGE}/ folder in {HERE}: the catalogue is incomplete")\n'
        '    return languages\n'
        '\n'
        '\n'
        'def language_codes(paths: list[Path] | None = None) -> set:\n'
        '    """The languages on the search path, from the folders\' names alone (nothing parsed): what `load_languages`\n'
        '    would load. Naming the languages is all a process needs to start, and parsing every sentence of every\n'
        '    language costs tens of milliseconds, which a cold `autograder grade` would otherwise pay twice."""\n'
        '    if CARRIED is not None and paths is None:\n'
        '        return set(CARRIED)\n'
        '    codes = set()\n'
        '    for root in paths if paths is not None else search_path():\n'
        '        if root.is_dir():\n'
        '            codes.update(\n'
        '                p.name for p in root.iterdir() if p.is_dir() and _LANGUAGE_NAME.match(p.name) and any(p.glob("*.yml"))\n'
        '            )\n'
        '    return codes\n'
        '\n'
        '\n'
        'class Catalogue:\n'
        '    """The loaded languages, read once per process (and again after `reload`)."""\n'
        '\n'
        '    def __init__(self):\n'
        '        self._languages: dict[str, Language] | None = None\n'
        '        self._codes: set | None = None\n'
        '        self._lock = threading.Lock()\n'
        '\n'
        '    @property\n'
        '    def codes(self) -> set:\n'
        '        """The languages\' names; the sentences are read only when one is needed."""\n'
        '        if self._languages is not None:\n'
        '            return set(self._languages)\n'
        '        if self._codes is None:\n'
        '            self._codes = language_codes()\n'
        '        return self._codes\n'
        '\n'
        '    @property\n'
        '    def languages(self) -> dict[str, Language]:\n'
        '        if self._languages is None:\n'
        '            with self._lock:\n'
        '                if self._languages is None:\n'
        '                    self._languages = load_languages()\n'
        '        return self._languages\n'
        '\n'
        '    def adopt(self, languages: dict) -> None:\n'
        '        """Languages another process of the kit has read from the same files (a grading process\'s supervisor)."""\n'
        '        with self._lock:\n'
        '            self._languages = languages\n'
        '\n'
        '    def reload(self) -> None:\n'
        '        with self._lock:\n'
        '            self._languages = None\n'
        '            self._codes = None\n'
        '\n'
        '    def template(self, key: str, lang: str) -> str | None:\n'
        '        """The sentence for `key` in `lang`, else in the source language, else None."""\n'
        '        languages = self.languages\n'
        '        found = languages.get(lang)\n'
        '        if found is not None and key in found.messages:\n'
        '            return found.messages[key]\n'
        '        return languages[SOURCE_LANGUAGE].messages.get(key)\n'
        '\n'
        '\n'
        'CATALOGUE = Catalogue()\n'
    ),
    'grading.feedback': (
        '"""Why a check failed, as data: catalogue messages (what happened, where the numbers differ, the misconception).\n'
        '\n'
        'Graders raise these; nothing is rendered until a page or a results.json needs the text, and then in the\n'
        'language asked, so one failure can be shown in English and Traditional Chinese, written to results.json as\n'
        'keys and parameters, and grouped by misconception in the class report.\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'import re\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'from ..catalogue import SOURCE_LANGUAGE, ByLanguage, Message, render_all\n'
        'from .diagnosis import pick\n'
        '\n'
        '_UNINFORMATIVE = re.compile(r"^(np\\.|numpy\\.)?(False|True|None)_?$")  # pytest\'s "assert False" says nothing\n'
        '_LOCATION = re.compile(r"^(?P<file>.*?) line (?P<line>\\d+)$")\n'
        '_CELL = re.compile(r"^<cell (?P<index>\\d+)>$")\n'
        '\n'
        '\n'
        'def abbreviate(value, limit: int = 160) -> str:\n'
        '    """A short, readable rendering of an input or a result: arrays cut to a few entries, their shape as ⟨6×4⟩."""\n'
        '    if isinstance(value, np.ndarray):\n'
        '        with np.printoptions(precision=4, threshold=8, edgeitems=2, linewidth=100, suppress=False):\n'
        '            body = np.array2string(value, separator=", ").replace("\\n", "")\n'
        '        suffix = (\n'
        '            f" ⟨{\'×\'.join(map(str, value.shape))}⟩" if value.ndim >= 1 and (value.size > 4 or value.ndim > 1) else ""\n'
        '        )\n'
        '        if len(body) + len(suffix) > limit:  # shorten the numbers, never the shape\n'
        '            body = body[: max(limit - len(suffix) - 4, 12)] + " ..."\n'
        '        return body + suffix\n'
        '    if isinstance(value, float):\n'
        '        text = f"{value:.6g}"\n'
        '    elif isinstance(value, (list, tuple)) and len(value) > 6:\n'
        '        text = repr(type(value)(value[:6]))[:-1] + ", ...]"\n'
        '    else:\n'
        '        text = repr(value)\n'
        '    return text if len(text) <= limit else text[: limit - 3] + "..."\n'
        '\n'
        '\n'
        'def shape_text(shape) -> str:\n'
        '    """A shape as numpy prints it: (3, 4), (5,), ()."""\n'
        '    return str(tuple(int(n) for n in shape))\n'
        '\n'
        '\n'
        'def place(where: str):\n'
        '    """A location the student process reports ("<cell 3> line 12", "work.py line 5") as a Message, else the text."""\n'
        '    where = str(where or "")\n'
        '    match = _LOCATION.match(where)\n'
        '    if match:\n'
        '        return Message("location", file=source_name(match["file"]), line=int(match["line"]))\n'
        '    return source_name(where)\n'
        '\n'
        '\n'
        'def source_name(name: str):\n'
        '    """ "<cell 3>" reads as the notebook\'s cell 3, "<submission>" as "your file", in the student\'s language."""\n'
        '    if str(name) == "<submission>":\n'
        '        return Message("your_file")\n'
        '    match = _CELL.match(str(name))\n'
        '    return Message("cell", index=int(match["index"])) if match else str(name)\n'
        '\n'
        '\n'
        'class Feedback(AssertionError):\n'
        '    """A failed check: what was expected, what came back, on which input, where they differ, and (with evidence)\n'
        '    the misconception. `detail` and `hint` are further Messages shown after the first."""\n'
        '\n'
        '    def __init__(\n'
        '        self,\n'
        '        key: str,\n'
        '        misconception: str | None = None,\n'
        '        hint: Message | None = None,\n'
        '        detail: Message | None = None,\n'
        '        **params,\n'
        '    ):\n'
        '        super().__init__(key)\n'
        '        self.key = key\n'
        '        self.message = Message(key, **params)\n'
        '        self.detail = detail\n'
        '        self.misconception = misconception\n'
        '        self.hint = hint\n'
        '        self.otherwise = None  # what the failure says when it names no mistake (a fact, not a cause)\n'
        "        self.refuted: frozenset = frozenset()  # misconceptions this check's input rules out (see diagnosis.py)\n"
        '        self.evidence = None  # diagnosis.Evidence: every mistake the answer equals and the ones it tried\n'
        '\n'
        '    @property\n'
        '    def params(self) -> dict:\n'
        '        return self.message.params\n'
        '\n'
        '    def messages(self) -> list:\n'
        '        return [m for m in (self.message, self.detail, self.hint) if m is not None]\n'
        '\n'
        '    def render(self, lang: str = "en") -> str:\n'
        '        return render_all(self.messages(), lang)\n'
        '\n'
        '\n'
        'class PartialCredit(Feedback):\n'
        '    """A check that earns a fraction of its points (e.g. 3 of 4 derivation steps valid), and why not all of them,\n'
        '    as catalogue `messages`."""\n'
        '\n'
        '    def __init__(self, fraction: float, messages: list):\n'
        '        super().__init__("claim")\n'
        '        self.fraction = max(0.0, min(1.0, float(fraction)))\n'
        '        self.parts = list(messages)\n'
        '\n'
        '    def messages(self) -> list:\n'
        '        return list(self.parts)\n'
        '\n'
        '\n'
        'class Credited(Feedback):\n'
        '    """A check that earns all its points on the student\'s own terms and says why: a caller right given the\n'
        "    student's own (wrong) callee, whose mistake is charged under the callee alone. The engine records it as passed,\n"
        '    with its message."""\n'
        '\n'
        '    fraction = 1.0\n'
        '\n'
        '\n'
        'def settle(errors) -> None:\n'
        '    """Which mistake each failed check of one problem names, from the evidence of all of them (diagnosis.py):\n'
        '\n'
        '    1. what every failed check that tried a suspect equals, and no check refutes: one mistake, else two at once\n'
        '       (a compound), named on each of them;\n'
        '    2. else each check alone, among the mistakes it equals that no check refutes.\n'
        '\n'
        '    Either way one single mistake is named only when every pair that fits as well has it as a part, and a pair only\n'
        '    when no single mistake fits; where several fit equally they are named by the consequence they share, or not at\n'
        '    all: the evidence cannot tell them apart (diagnosis.pick). A misconception one check names and another refutes\n'
        '    (its answer told apart from the right one there, and not returned) was a coincidence of one input: nothing is\n'
        "    said about it; a pair is refuted too where it was not tried and one of its mistakes is. The engine's scoring and\n"
        '    the in-process self-check apply this same rule, so a failure reads the same wherever it ran."""\n'
        '\n'
        '    errors = [e for e in errors if isinstance(e, Feedback) and not passed_with(e)]\n'
        '    judged = [e for e in errors if e.evidence is not None and e.evidence.tried]\n'
        '    refuted = _refuted(errors, judged)\n'
        '    everywhere = _found_everywhere(judged) - refuted\n'
        '    name = pick(_finding(judged[0], tag) for tag in sorted(everywhere)) if everywhere else None\n'
        '    for error in judged:\n'
        '        if name is not None:\n'
        '            _name(error, _finding(error, name.tag) or name)\n'
        '        else:\n'
        '            _name(error, pick(f for f in error.evidence.found if f.tag not in refuted))\n'
        '    for error in errors:\n'
        '        if error.evidence is None and error.misconception in refuted:\n'
        '            _name(error, None)\n'
        '\n'
        '\n'
        'def _refuted(errors: list, judged: list) -> set:\n'
        '    """Every mistake some check refutes. A pair a check did not try is refuted there when one of its mistakes is:\n'
        '    that check cannot tell the pair from its part (its other mistake may be a factor 1 there), so it gets no\n'
        '    benefit of the doubt."""\n'
        '    refuted = set()\n'
        '    for error in errors:\n'
        '        refuted |= set(getattr(error, "refuted", ()))\n'
        '    pairs = {f.tag: f.parts for error in judged for f in error.evidence.found if f.parts}\n'
        '    for error in judged:\n'
        '        against = error.evidence.refuted\n'
        '        refuted |= {tag for tag, parts in pairs.items() if tag not in error.evidence.tried and set(parts) & against}\n'
        '    return refuted\n'
        '\n'
        '\n'
        'def _found_everywhere(judged: list) -> set:\n'
        '    tags = None\n'
        '    for error in judged:\n'
        '        here = {f.tag for f in error.evidence.found}\n'
        '        tags = here if tags is None else tags & here\n'
        '    return tags or set()\n'
        '\n'
        '\n'
        'def _finding(error, tag: str):\n'
        '    return next((f for f in error.evidence.found if f.tag == tag), None)\n'
        '\n'
        '\n'
        'def _name(error, finding) -> None:\n'
        '    error.misconception = finding.tag if finding is not None else None\n'
        '    error.hint = finding.hint if finding is not None else error.otherwise\n'
        '\n'
        '\n'
        'def passed_with(error) -> bool:\n'
        '    """Whether what a check raised still passes it (see Credited)."""\n'
        '    return isinstance(error, Credited)\n'
        '\n'
        '\n'
        'class CheckAborted(Exception):\n'
        '    """The student\'s code could not give an answer (missing, raised, hung, died, forbidden)."""\n'
        '\n'
        '    status = "failed"\n'
        '\n'
        '    def __init__(self, key: str, **params):\n'
        '        super().__init__(key)\n'
        '        self.key = key\n'
        '        self.params = params\n'
        '        self.misconception = None\n'
        '\n'
        '    def messages(self) -> list:\n'
        '        return [Message(self.key, **self.params)]\n'
        '\n'
        '    def render(self, lang: str = "en") -> str:\n'
        '        return render_all(self.messages(), lang)\n'
        '\n'
        '\n'
        'class NotImplementedByStudent(CheckAborted):\n'
        '    status = "not implemented"\n'
        '\n'
        '\n'
        'class ForbiddenUse(CheckAborted):\n'
        '    status = "forbidden"\n'
        '\n'
        '\n'
        'class StudentRaised(CheckAborted):\n'
        '    """The student\'s function raised; graders that expect an exception look at `.type_name`."""\n'
        '\n'
        '    def __init__(self, type_name: str, message: str, **params):\n'
        '        where = params.pop("where", "")\n'
        '        if isinstance(where, str) and where.startswith(" (") and where.endswith(")"):\n'
        '            where = Message("in_parentheses", text=place(where[2:-1]))  # " (<cell 3> line 12)" from the student process\n'
        '        super().__init__("raised", type=type_name, message=message, where=where, **params)\n'
        '        self.type_name = type_name\n'
        '        self.message = message\n'
        '\n'
        '\n'
        'def messages_of(error, name) -> list:\n'
        '    """Why a check failed, as Messages, whatever it raised; `name` (a Message) names the check.\n'
        '\n'
        "    The engine's results and the self-checks (plain pytest, a notebook) read a failure through this one\n"
        '    function, so a failed check says the same wherever it ran."""\n'
        '    if isinstance(error, (Feedback, CheckAborted)):\n'
        '        return error.messages()\n'
        '    if isinstance(error, AssertionError):  # a plain assert in a visible test\n'
        '        return [assertion_message(error, name)]\n'
        '    if error is None:\n'
        '        return [Message("check_failed")]\n'
        '    return [Message("check_error", type=type(error).__name__, message=str(error)[:300])]\n'
        '\n'
        '\n'
        'def assertion_message(error: AssertionError, name):\n'
        '    """A plain assert\'s own sentence (written in the source language), else the check\'s name and pytest\'s\n'
        '    comparison: never an empty failure."""\n'
        '    text = str(error).strip()\n'
        '    own, _, explanation = text.partition("\\nassert ")\n'
        '    if text.startswith("assert "):\n'
        '        own, explanation = "", text[len("assert ") :]\n'
        '    code = explanation.splitlines()[0].strip() if explanation else ""\n'
        '    if code and not _UNINFORMATIVE.match(code) and not code.startswith("<") and len(code) <= 200:\n'
        '        default = Message("visible_failed_code", check=name, code=f"assert {code}")\n'
        '    else:\n'
        '        default = Message("visible_failed", check=name)\n'
        '    # A test that wrote its sentence in another language says which (`error.lang`); plain asserts are English.\n'
        '    written_in = getattr(error, "lang", None) or SOURCE_LANGUAGE\n'
        '    return ByLanguage({written_in: own} if own else {}, default)\n'
    ),
    'grading.values': (
        '"""What came back from a student\'s call, as the checks read it: numeric data as a trusted array, and the call\n'
        'itself as short text for a message.\n'
        '\n'
        "Shared by the engine's proxy (values decoded from the student process) and the in-process `student` of the\n"
        'self-checks (plain pytest, a notebook), so a check reads a returned value the same way wherever it runs. Both\n'
        'note each call here as they make it (`note_call`), so a comparison names the call that produced the value it\n'
        'was given without every check passing it along (`last_call`).\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'from contextvars import ContextVar\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'from .feedback import abbreviate\n'
        '\n'
        '\n'
        'def as_array(value):\n'
        '    """A returned value as a trusted float array, or None when it is not numeric data."""\n'
        '    if isinstance(value, np.ndarray):\n'
        '        return value\n'
        '    if isinstance(value, (int, float, bool)) or (isinstance(value, (list, tuple)) and _all_numeric(value)):\n'
        '        try:\n'
        '            arr = np.asarray(value, dtype=float)\n'
        '        except (ValueError, TypeError):\n'
        '            return None\n'
        '        return arr\n'
        '    return None\n'
        '\n'
        '\n'
        'def _all_numeric(seq, depth=0) -> bool:\n'
        '    if depth > 8:\n'
        '        return False\n'
        '    return all(\n'
        '        isinstance(v, (int, float, bool)) or (isinstance(v, (list, tuple)) and _all_numeric(v, depth + 1)) for v in seq\n'
        '    )\n'
        '\n'
        '\n'
        'def _argument(value, limit: int) -> str:\n'
        '    """An argument as the call shows it; a function handed over by name (the f of a numerical gradient) by its name."""\n'
        '    name = getattr(value, "name", None)\n'
        '    if isinstance(name, str) and (callable(value) or hasattr(value, "params")):\n'
        '        return name\n'
        '    return abbreviate(value, limit)\n'
        '\n'
        '\n'
        'def describe_call(fn: str, args, kwargs) -> str:\n'
        '    parts = [_argument(a, 80) for a in args] + [f"{k}={_argument(v, 40)}" for k, v in kwargs.items()]\n'
        '    text = f"{fn}({\', \'.join(parts)})"\n'
        '    return text if len(text) <= 240 else text[:237] + "...)"\n'
        '\n'
        '\n'
        'class CallText:\n'
        '    """A call\'s text, built when first shown: graders pass it to every check, most checks pass, and\n'
        '    formatting the arguments of every call cost more than the call itself."""\n'
        '\n'
        '    __slots__ = ("fn", "args", "kwargs", "_text")\n'
        '\n'
        '    def __init__(self, fn: str, args=(), kwargs=None):\n'
        '        self.fn, self.args, self.kwargs, self._text = fn, args, kwargs or {}, None\n'
        '\n'
        '    def __str__(self) -> str:\n'
        '        if self._text is None:\n'
        '            self._text = describe_call(self.fn, self.args, self.kwargs) if self.fn else ""\n'
        '        return self._text\n'
        '\n'
        '    def __format__(self, spec: str) -> str:\n'
        '        return format(str(self), spec)\n'
        '\n'
        '    def __repr__(self) -> str:\n'
        '        return str(self)\n'
        '\n'
        '    def __contains__(self, item) -> bool:\n'
        '        return item in str(self)\n'
        '\n'
        '\n'
        '# The last call a `student` made in this context. A check runs in one thread from start to end, and its own\n'
        "# `student` notes an empty call when it is made, so a check that has a `student` never names an earlier check's\n"
        '# call; a check without one has no call of its own to name and says `call=` when it wants one.\n'
        '_LAST_CALL: ContextVar[CallText] = ContextVar("autograder_last_student_call")\n'
        '\n'
        '\n'
        'def note_call(fn: str, args=(), kwargs=None) -> CallText:\n'
        '    """Remember a call to the student\'s code as the last one; returns it (a proxy\'s own `last_call`)."""\n'
        '    call = CallText(fn, args, kwargs)\n'
        '    _LAST_CALL.set(call)\n'
        '    return call\n'
        '\n'
        '\n'
        'def last_call() -> CallText:\n'
        '    """The last call a `student` made: what a comparison names when it is not told which call it checks."""\n'
        '    return _LAST_CALL.get(None) or CallText("")\n'
    ),
    'grading.diagnosis': (
        '"""Naming a misconception by evidence: the student\'s answer must equal what that mistake gives on the same input.\n'
        '\n'
        'A grader lists its suspects for a check: for each misconception, the wrong answer it produces on this very\n'
        'input, computed here on the trusted side from the reference (see misconceptions.py). A suspect may be two\n'
        'mistakes at once (a compound: the sign flipped and not divided by N), its answer composed from its parts.\n'
        'A failed check records every mistake its answer equals (told apart from the right answer on this input), the\n'
        'mistakes it tried, and those its input refutes: told apart from the right answer, yet not what the student\n'
        'returned. A check whose answer overflowed, or has a shape neither the right answer nor the mistake has, refutes\n'
        'nothing: a second slip (no max subtracted, a function written for one vector only) hides what the first gives.\n'
        '\n'
        'Which mistake a failure names is settled over the failed checks of one problem (feedback.settle): one mistake\n'
        'that explains every one of them, else two mistakes at once that do, else each check alone among the mistakes\n'
        'no check refutes. Mistakes that give the same answers everywhere the evidence looks are named by what they\n'
        'share (their consequence and its fix, never one way of writing the code), or not at all.\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'from collections.abc import Callable, Iterable\n'
        'from dataclasses import dataclass, field\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'from ..catalogue import Message\n'
        '\n'
        "SEPARATION = 0.1  # the answer must lie at most this share of the suspect's distance from the right answer\n"
        'JOIN = "+"  # a compound\'s tag: its parts\' tags, sorted, joined by this\n'
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Suspect:\n'
        '    """What one misconception gives on a check\'s input, and what to tell the student if the answer is that.\n'
        '\n'
        '    `parts` names the mistakes of a compound (its tag is compound_tag(parts)); `shared` the consequence this\n'
        '    mistake shares with others that can give the same answers; `transform`, for a slip that shows on any answer\n'
        '    (the sign, a factor N, a transpose), what it does to another mistake\'s answer, so that pairs compose."""\n'
        '\n'
        '    tag: str\n'
        '    value: object  # an array, a number, or plain data (a tuple of names)\n'
        '    hint: Message\n'
        '    parts: tuple = ()\n'
        '    shared: str | None = None\n'
        '    transform: Callable | None = field(default=None, compare=False, repr=False)\n'
        '\n'
        '\n'
        'def compound_tag(parts: Iterable[str]) -> str:\n'
        '    """The tag of two mistakes at once: the same whichever is named first."""\n'
        '    return JOIN.join(sorted(parts))\n'
        '\n'
        '\n'
        'def parts_of(tag: str | None) -> tuple:\n'
        '    """The mistakes a tag names: its parts for a compound, else the tag itself."""\n'
        '    return tuple(tag.split(JOIN)) if tag else ()\n'
        '\n'
        '\n'
        'def compound_hint(first: str, second: str) -> Message:\n'
        '    """What a student reads for two mistakes at once: both names, then both fixes (each tag\'s fix:<tag>)."""\n'
        '    a, b = sorted((first, second))\n'
        '    return Message(\n'
        '        "hint:compound",\n'
        '        first=Message(f"tag:{a}"),\n'
        '        second=Message(f"tag:{b}"),\n'
        '        first_fix=Message(f"fix:{a}"),\n'
        '        second_fix=Message(f"fix:{b}"),\n'
        '    )\n'
        '\n'
        '\n'
        'def compose(formula: Suspect | None, slip: Suspect | None) -> Suspect | None:\n'
        '    """`slip`\'s transform applied to `formula`\'s answer: the answer of both mistakes made at once."""\n'
        '    if formula is None or slip is None or slip.transform is None or formula.parts or slip.parts:\n'
        '        return None\n'
        '    if formula.tag == slip.tag:\n'
        '        return None\n'
        '    with np.errstate(all="ignore"):\n'
        '        value = slip.transform(formula.value)\n'
        '    if value is None:\n'
        '        return None\n'
        '    return Suspect(\n'
        '        compound_tag((formula.tag, slip.tag)),\n'
        '        value,\n'
        '        compound_hint(formula.tag, slip.tag),\n'
        '        parts=tuple(sorted((formula.tag, slip.tag))),\n'
        '    )\n'
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Tolerance:\n'
        '    rtol: float = 1e-6\n'
        '    atol: float = 1e-9\n'
        '\n'
        '\n'
        'def _as_float(value) -> np.ndarray | None:\n'
        '    try:\n'
        '        arr = np.asarray(value, dtype=float)\n'
        '    except (TypeError, ValueError):\n'
        '        return None\n'
        '    return arr\n'
        '\n'
        '\n'
        'def _same_nonfinite(a: np.ndarray, b: np.ndarray) -> bool:\n'
        '    """nan where the other has nan, +inf where +inf, -inf where -inf."""\n'
        '    fa, fb = np.isfinite(a), np.isfinite(b)\n'
        '    if not np.array_equal(fa, fb):\n'
        '        return False\n'
        '    return np.array_equal(np.where(fa, 0.0, a), np.where(fb, 0.0, b), equal_nan=True)\n'
        '\n'
        '\n'
        'def _close(a: np.ndarray, b: np.ndarray, tol: Tolerance) -> bool:\n'
        '    """Equal shapes, the same nan/inf, and the finite entries within the tolerance."""\n'
        '    if a.shape != b.shape or not _same_nonfinite(a, b):\n'
        '        return False\n'
        '    finite = np.isfinite(a)\n'
        '    return bool(np.allclose(a[finite], b[finite], rtol=tol.rtol, atol=tol.atol))\n'
        '\n'
        '\n'
        'def matches(got, suspect_value, expected, tol: Tolerance = Tolerance()) -> bool:\n'
        '    """Whether `got` is the suspect\'s answer, and the suspect\'s answer is not the right one on this input."""\n'
        '    if isinstance(suspect_value, (str, tuple)) or isinstance(expected, (str, tuple)):\n'
        '        return got == suspect_value and suspect_value != expected\n'
        '    g, s, e = _as_float(got), _as_float(suspect_value), _as_float(expected)\n'
        '    if g is None or s is None or e is None or not _close(g, s, tol):\n'
        '        return False\n'
        '    if e.shape != s.shape:\n'
        '        return True  # a shape the right answer does not have: told apart by the shape alone\n'
        '    if _close(s, e, tol):\n'
        '        return False  # on this input the mistake gives the right answer: no evidence\n'
        '    both = np.isfinite(s) & np.isfinite(e)\n'
        '    if np.any(both) and _same_nonfinite(s, e):  # told apart by finite values only: demand a clear margin\n'
        '        separation = float(np.max(np.abs(s[both] - e[both])))\n'
        '        distance = float(np.max(np.abs(g[both] - s[both])))\n'
        '        return distance <= SEPARATION * separation\n'
        '    return True\n'
        '\n'
        '\n'
        'def distinguishable(suspect_value, expected, tol: Tolerance = Tolerance()) -> bool:\n'
        '    """Whether this input tells the mistake\'s answer apart from the right one."""\n'
        '    if isinstance(suspect_value, (str, tuple)) or isinstance(expected, (str, tuple)):\n'
        '        return suspect_value != expected\n'
        '    s, e = _as_float(suspect_value), _as_float(expected)\n'
        '    return s is not None and e is not None and not _close(s, e, tol)\n'
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Finding:\n'
        '    """A mistake a check\'s answer equals: what a failure names if the evidence of the problem settles on it."""\n'
        '\n'
        '    tag: str\n'
        '    hint: Message\n'
        '    parts: tuple = ()\n'
        '    shared: str | None = None\n'
        '\n'
        '    @staticmethod\n'
        '    def of(suspect: Suspect) -> Finding:\n'
        '        return Finding(suspect.tag, suspect.hint, tuple(suspect.parts), suspect.shared)\n'
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Evidence:\n'
        '    """What one check\'s answer says: the misconception it shows on its own (if any), every mistake it equals\n'
        '    (`found`, one Finding per tag), the mistakes it tried, and those its input refutes."""\n'
        '\n'
        '    suspect: Suspect | Finding | None = None\n'
        '    refuted: frozenset = frozenset()\n'
        '    found: tuple = ()\n'
        '    tried: frozenset = frozenset()\n'
        '\n'
        '    @staticmethod\n'
        '    def of(suspect: Suspect | Finding | None) -> Evidence:\n'
        '        """The evidence of one suspect known to fit (a numerical warning only that mistake explains)."""\n'
        '        if suspect is None:\n'
        '            return Evidence()\n'
        '        finding = suspect if isinstance(suspect, Finding) else Finding.of(suspect)\n'
        '        return Evidence(suspect, found=(finding,), tried=frozenset({finding.tag}))\n'
        '\n'
        '\n'
        'def assess(got, expected, suspects: Iterable[Suspect], tol: Tolerance = Tolerance()) -> Evidence:\n'
        '    """Every mistake the answer equals, the one this check shows on its own (see `pick`), and the tags whose\n'
        '    every suspect was told apart from the right answer on this input and still not returned."""\n'
        '    listed = [s for s in suspects if s is not None]\n'
        '    found = [s for s in listed if matches(got, s.value, expected, tol)]\n'
        '    found_tags = {s.tag for s in found}\n'
        '    refuted = frozenset(\n'
        '        tag\n'
        '        for tag in {s.tag for s in listed} - found_tags\n'
        '        if all(\n'
        '            distinguishable(s.value, expected, tol) and _can_refute(got, s.value, expected)\n'
        '            for s in listed\n'
        '            if s.tag == tag\n'
        '        )\n'
        '    )\n'
        '    findings = tuple(Finding.of(s) for s in _first_per_tag(found))\n'
        '    return Evidence(pick(findings), refuted, findings, frozenset(s.tag for s in listed))\n'
        '\n'
        '\n'
        'def _first_per_tag(suspects: list) -> list:\n'
        '    seen, out = set(), []\n'
        '    for s in suspects:\n'
        '        if s.tag not in seen:\n'
        '            seen.add(s.tag)\n'
        '            out.append(s)\n'
        '    return out\n'
        '\n'
        '\n'
        'def pick(findings: Iterable[Finding]) -> Finding | None:\n'
        '    """The one mistake a set of fitting ones names. One single mistake, when every pair that fits too has it as a\n'
        '    part (the simpler explanation, true whichever it was); else the one pair, when no single mistake fits; else,\n'
        '    when several fit, only the consequence they all share; else none (the evidence cannot tell)."""\n'
        '    findings = list(findings)\n'
        '    singles = [f for f in findings if not f.parts]\n'
        '    pairs = [f for f in findings if f.parts]\n'
        '    if len(singles) == 1 and all(singles[0].tag in p.parts for p in pairs):\n'
        '        return singles[0]\n'
        '    if not singles and len(pairs) == 1:\n'
        '        return pairs[0]\n'
        '    if singles and pairs:\n'
        '        return None\n'
        '    return shared_consequence(singles or pairs)\n'
        '\n'
        '\n'
        'def shared_consequence(findings: list) -> Finding | None:\n'
        '    """The consequence every one of these mistakes shares (named by its own tag and hint), or None."""\n'
        '    shared = {f.shared for f in findings}\n'
        '    if len(shared) != 1 or None in shared:\n'
        '        return None\n'
        '    tag = shared.pop()\n'
        '    return Finding(tag, Message(f"hint:{tag}"))\n'
        '\n'
        '\n'
        'def _can_refute(got, suspect_value, expected=None) -> bool:\n'
        '    """Whether the answer can tell against the mistake. An answer that overflowed (nan or inf where the\n'
        "    mistake's answer is finite) says nothing about which formula gave it: a second slip (no max subtracted) can\n"
        '    hide the first (the wrong axis). Nor does an answer of a shape neither the right answer nor the mistake has\n'
        '    (a function written for one vector, given a batch): each input shape is judged on its own."""\n'
        '    if isinstance(suspect_value, (str, tuple)):\n'
        '        return True\n'
        '    g, s = _as_float(got), _as_float(suspect_value)\n'
        '    if g is None or s is None:\n'
        '        return True\n'
        '    if g.shape != s.shape:\n'
        '        e = _as_float(expected) if expected is not None else None\n'
        '        return e is None or g.shape == e.shape\n'
        '    return not np.any(~np.isfinite(g) & np.isfinite(s))\n'
        '\n'
        '\n'
        'def diagnose(got, expected, suspects: Iterable[Suspect], tol: Tolerance = Tolerance()) -> Suspect | None:\n'
        '    """The one misconception the answer shows, or None (no suspect matches, or suspects of two tags do)."""\n'
        '    return assess(got, expected, suspects, tol).suspect\n'
        '\n'
        '\n'
        'def from_warnings(warnings: list, needle: str, tag: str, hint: Message) -> Suspect | None:\n'
        '    """A numerical warning that only this mistake explains (e.g. "overflow encountered in exp" in a sigmoid)."""\n'
        '    if any(needle in str(w) for w in warnings or ()):\n'
        '        return Suspect(tag, None, hint)\n'
        '    return None\n'
    ),
    'grading.slips': (
        '"""The slips that show on the right answer itself: transposed, N times it, half of it, its sign flipped.\n'
        '\n'
        'Each takes the expected value (and a size) and returns the Suspect the slip gives, with no other computation:\n'
        'nothing here knows how to compute an answer, so this module travels with the visible checks into a notebook\n'
        'or a visible-test folder (authoring/carried.py) and the self-check names these slips as the grader does.\n'
        'The mistakes that need the input to be recomputed stay in misconceptions.py, on the trusted side only.\n'
        '\n'
        'A slip that shows on any answer carries its `transform` (what it does to an answer), so that on the trusted\n'
        'side it composes with another mistake into a compound: the sign flipped and not divided by N, −N × the answer.\n'
        'A factor that is 1 on this input (N = 1) still gives its suspect: the right answer, never named alone (it is no\n'
        'evidence), but the other mistake of a pair composed with it is what the pair gives here.\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'from ..catalogue import Message\n'
        'from .diagnosis import Suspect\n'
        '\n'
        '\n'
        'def squared_distance(distances: np.ndarray) -> Suspect:\n'
        '    """‖eᵢ − eⱼ‖² for ‖eᵢ − eⱼ‖: the square root forgotten."""\n'
        '    return Suspect("squared-distance", np.asarray(distances, float) ** 2, Message("hint:squared-distance"))\n'
        '\n'
        '\n'
        'def transposed(expected: np.ndarray) -> Suspect | None:\n'
        '    """The right 2-D answer transposed (classes on the wrong axis, matrix products in the wrong order)."""\n'
        '    expected = np.asarray(expected, float)\n'
        '    if expected.ndim != 2:\n'
        '        return None\n'
        '    return Suspect(\n'
        '        "transposed",\n'
        '        expected.T,\n'
        '        Message("hint:transposed", got=str(expected.T.shape), expected=str(expected.shape)),\n'
        '        transform=_transpose,\n'
        '    )\n'
        '\n'
        '\n'
        'def _transpose(value):\n'
        '    value = np.asarray(value, float)\n'
        '    return value.T if value.ndim == 2 else None\n'
        '\n'
        '\n'
        'def _times(factor: float):\n'
        '    return lambda value: factor * np.asarray(value, float)\n'
        '\n'
        '\n'
        'def sum_over_batch(expected: float, n: int) -> Suspect:\n'
        '    """The sum over the N examples where the mean is asked: N × the loss."""\n'
        '    return Suspect("sum-vs-mean", n * float(expected), Message("hint:sum-over-batch", n=n), transform=_times(n))\n'
        '\n'
        '\n'
        'def sum_over_elements(expected: float, n: int) -> Suspect:\n'
        '    """The sum over every element where their mean is asked."""\n'
        '    return Suspect("sum-vs-mean", n * float(expected), Message("hint:sum-over-elements", n=n), transform=_times(n))\n'
        '\n'
        '\n'
        'def sum_over_labels(expected: float, k: int) -> Suspect:\n'
        '    """Each row\'s labels summed, then the mean over rows: K × the mean over every element."""\n'
        '    return Suspect("sum-vs-mean", k * float(expected), Message("hint:sum-over-labels", k=k), transform=_times(k))\n'
        '\n'
        '\n'
        'def mean_over_all_elements(expected: float, k: int) -> Suspect:\n'
        '    """np.mean over every element where the classes are summed: the loss divided by K."""\n'
        '    hint = Message("hint:mean-over-all-elements", k=k)\n'
        '    return Suspect("mean-over-all-elements", np.asarray(expected, float) / k, hint, transform=_times(1 / k))\n'
        '\n'
        '\n'
        'def divided_by_n_minus_1(expected, n: int) -> Suspect | None:\n'
        '    """A mean over the batch taken as the sum over N − 1 (as the sample variance divides): N / (N − 1) × it."""\n'
        '    if n <= 2:  # N = 2 gives 2 × the answer, what a sum gives: no evidence of which\n'
        '        return None\n'
        '    factor = n / (n - 1)\n'
        '    return Suspect(\n'
        '        "divided-by-n-minus-1",\n'
        '        factor * np.asarray(expected, float),\n'
        '        Message("hint:divided-by-n-minus-1", n=n),\n'
        '        transform=_times(factor),\n'
        '    )\n'
        '\n'
        '\n'
        'def swapped_arguments(loss_with_swapped_arguments: float) -> Suspect:\n'
        '    """The loss of (predictions, labels) for (labels, predictions): the log taken of the labels."""\n'
        '    return Suspect("swapped-arguments", float(loss_with_swapped_arguments), Message("hint:swapped-arguments"))\n'
        '\n'
        '\n'
        'def negated_loss(expected: float) -> Suspect:\n'
        '    """The loss without its minus sign: Σ ŷ ln y\' ≤ 0."""\n'
        '    return Suspect("sign", -float(expected), Message("hint:sign-loss"), transform=_times(-1.0))\n'
        '\n'
        '\n'
        'def not_divided_by_n(expected: np.ndarray, n: int) -> Suspect:\n'
        '    """A gradient of the mean loss that was not divided by N: N × the gradient."""\n'
        '    hint = Message("hint:not-divided-by-n", n=n)\n'
        '    return Suspect("not-divided-by-n", n * np.asarray(expected, float), hint, transform=_times(n))\n'
        '\n'
        '\n'
        'def flipped_gradient(expected: np.ndarray) -> Suspect:\n'
        '    """The negative of the gradient (one-hot − softmax for softmax − one-hot)."""\n'
        '    return Suspect("sign", -np.asarray(expected, float), Message("hint:gradient-sign"), transform=_times(-1.0))\n'
        '\n'
        '\n'
        'def negated(expected) -> Suspect:\n'
        '    """The negative of the answer (−log softmax for log softmax)."""\n'
        '    return Suspect("sign", -np.asarray(expected, float), Message("hint:sign-result"), transform=_times(-1.0))\n'
        '\n'
        '\n'
        'def missing_factor_2(expected: np.ndarray) -> Suspect:\n'
        '    """Half the gradient: d(ŷ − y\')²/dy\' taken as (y\' − ŷ)."""\n'
        '    return Suspect(\n'
        '        "missing-factor-2", np.asarray(expected, float) / 2, Message("hint:missing-factor-2"), transform=_times(0.5)\n'
        '    )\n'
        '\n'
        '\n'
        'def central_not_halved(expected: np.ndarray) -> Suspect:\n'
        '    """(f(x + eps) − f(x − eps)) / eps: twice the central difference."""\n'
        '    return Suspect(\n'
        '        "central-difference-not-halved",\n'
        '        2 * np.asarray(expected, float),\n'
        '        Message("hint:central-difference-not-halved"),\n'
        '        transform=_times(2.0),\n'
        '    )\n'
        '\n'
        '\n'
        'def mse_mean_over_classes(expected: np.ndarray, k: int) -> Suspect:\n'
        '    """An MSE surface averaged over the K classes instead of summed."""\n'
        '    return Suspect(\n'
        '        "mean-over-all-elements",\n'
        '        np.asarray(expected, float) / k,\n'
        '        Message("hint:mean-over-all-elements", k=k),\n'
        '        transform=_times(1 / k),\n'
        '    )\n'
        '\n'
        '\n'
        'def complement(expected) -> Suspect:\n'
        '    """1 − σ(z) for σ(z): e^(+z) written for e^(−z) in the sigmoid."""\n'
        '    return Suspect("sign", 1.0 - np.asarray(expected, float), Message("hint:sigmoid-sign"))\n'
        '\n'
        '\n'
        'def batch_only(expected) -> Suspect:\n'
        '    """The answer for one vector (K,) given with a batch axis, (1, K): the input made 2-D and never made 1-D\n'
        '    again."""\n'
        '    expected = np.asarray(expected, float)\n'
        '    hint = Message("hint:batch-only", got=str((1, *expected.shape)), expected=str(expected.shape))\n'
        '    return Suspect("batch-only", expected[None], hint, transform=_add_batch_axis)\n'
        '\n'
        '\n'
        'def _add_batch_axis(value):\n'
        '    return np.asarray(value, float)[None]\n'
        '\n'
        '\n'
        'def one_vector_only(expected) -> Suspect:\n'
        '    """On one vector, a function written for one vector only gives the right answer: it composes with another\n'
        '    mistake as that mistake alone (a batch shows it, judged row by row: compare.Rows)."""\n'
        '    return Suspect("one-vector-only", np.asarray(expected, float), Message("hint:one-vector-only"), transform=_same)\n'
        '\n'
        '\n'
        'def _same(value):\n'
        '    return np.asarray(value, float)\n'
    ),
    'grading.tolerance': (
        '"""How close an answer must be: the contract\'s precision, scaled by the size of the values it is computed from.\n'
        '\n'
        'The contract asks for float64 answers. A returned value passes when, element by element,\n'
        '\n'
        '    |got − expected| ≤ PRECISION × max(|expected|, scale) + atol\n'
        '\n'
        '`scale` is the size of the values the answer is computed from (the logits for a log-softmax, the terms of a\n'
        'sum before they cancel, the encodings for their distances), so that a correct float64 computation written any\n'
        'other way (another order of sums, a Gram matrix, a log-sum-exp) passes whatever inputs a student draws: a\n'
        'rounding of one unit in the 16th digit of a large term is not a mistake in a small result. `atol` carries what\n'
        "an operation's conditioning adds on top (a square root near 0, a logarithm near a clipping bound). Both are\n"
        "computed from each check's own input by the functions below, never a bare constant.\n"
        '\n'
        'PRECISION is 1e-9: a correct float64 computation lands within about 1e-13 of the scale, ten thousand times\n'
        'inside; float32 arithmetic (about 6e-8) does not, and a float32 result is named as such (compare.py). Where no\n'
        'scale is given it is the largest |expected| of the answer.\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'from dataclasses import dataclass\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'PRECISION = 1e-9\n'
        "UNIT = float(np.finfo(np.float64).eps) / 2  # float64's unit roundoff, 1.1e-16\n"
        "MARGIN = 64  # how many roundings of the scale an operation's conditioning is allowed, on top of PRECISION\n"
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Tolerance:\n'
        '    """What one comparison accepts. `scale` is a number or an array that broadcasts to the answer."""\n'
        '\n'
        '    rtol: float = PRECISION\n'
        '    atol: float = 0.0\n'
        '    scale: object = None\n'
        '\n'
        '    def bound(self, expected: np.ndarray) -> np.ndarray:\n'
        '        """The largest difference accepted at each element of `expected` (its finite entries)."""\n'
        '        size = np.abs(expected)\n'
        '        scale = self.scale\n'
        '        if scale is None:\n'
        '            finite = size[np.isfinite(size)]\n'
        '            scale = float(finite.max()) if finite.size else 0.0\n'
        '        return self.rtol * np.maximum(size, np.asarray(scale, dtype=float)) + self.atol\n'
        '\n'
        '    def accepts(self, got: np.ndarray, expected: np.ndarray) -> np.ndarray:\n'
        '        """Element by element: equal non-finite values, or finite values within the bound."""\n'
        '        both = np.isfinite(got) & np.isfinite(expected)\n'
        '        with np.errstate(invalid="ignore", over="ignore"):\n'
        '            close = np.abs(got - expected) <= self.bound(expected)\n'
        '        same = (got == expected) | (np.isnan(got) & np.isnan(expected))\n'
        '        return np.where(both, close, same)\n'
        '\n'
        '    def loosened(self, factor: float) -> Tolerance:\n'
        '        return Tolerance(self.rtol * factor, self.atol * factor, self.scale)\n'
        '\n'
        '\n'
        'def values(expected=None) -> Tolerance:\n'
        '    """The default: relative to the largest value of the answer itself."""\n'
        '    return Tolerance()\n'
        '\n'
        '\n'
        'def of_scale(scale) -> Tolerance:\n'
        '    """Relative to the size of the values the answer is computed from (a number, or an array per element)."""\n'
        '    return Tolerance(scale=np.abs(np.asarray(scale, dtype=float)))\n'
        '\n'
        '\n'
        'def probabilities() -> Tolerance:\n'
        '    """Probabilities are computed from values that sum to 1: 1 is their scale, whatever the size of each."""\n'
        '    return Tolerance(scale=1.0)\n'
        '\n'
        '\n'
        'def logits(z) -> Tolerance:\n'
        '    """Results computed by subtracting logits (log-softmax, log-sum-exp, a loss from logits): their size."""\n'
        '    size = np.abs(np.asarray(z, dtype=float))\n'
        '    return Tolerance(scale=max(1.0, float(np.max(size)) if size.size else 1.0))\n'
        '\n'
        '\n'
        'def products(*pairs) -> Tolerance:\n'
        '    """Sums of products (matrix products, a network\'s layers): the size of the terms before they cancel.\n'
        '\n'
        '    `pairs` are (A, B) whose product A @ B is one of the sums the answer is made of."""\n'
        '    scale = 1.0\n'
        '    for a, b in pairs:\n'
        '        scale = max(scale, float(np.max(np.abs(np.asarray(a, float)) @ np.abs(np.asarray(b, float)))))\n'
        '    return Tolerance(scale=scale)\n'
        '\n'
        '\n'
        'def distances(encodings) -> Tolerance:\n'
        '    """Euclidean distances: a square root near 0 turns a rounding of the squared distance (u·S², S the size of the\n'
        '    rows) into √u·S, so a distance computed from a Gram matrix |a|² + |b|² − 2a·b is 1e-8·S off where it should be\n'
        '    0. That conditioning is the absolute part, for the row\'s dimension d."""\n'
        '    rows = np.atleast_2d(np.asarray(encodings, dtype=float))\n'
        '    size = float(np.max(np.linalg.norm(rows, axis=-1))) if rows.size else 0.0\n'
        '    d = rows.shape[-1]\n'
        '    return Tolerance(atol=MARGIN * np.sqrt(d * UNIT) * size, scale=size)\n'
        '\n'
        '\n'
        'def clipped_logs(p, eps: float, upper: bool, scale: float = 1.0) -> Tolerance:\n'
        '    """A loss of logarithms of clipped probabilities: a clipping bound such as 1 − eps is itself rounded (by u),\n'
        '    which a logarithm near eps turns into u/eps. `scale` is the size of the loss\'s terms."""\n'
        '    p = np.clip(np.asarray(p, dtype=float), eps, 1.0)\n'
        '    near = np.minimum(p, 1.0 - p) if upper else p\n'
        '    near = near[near > 0]\n'
        '    worst = float(np.max(1.0 / near)) if near.size else 1.0\n'
        '    return Tolerance(atol=MARGIN * UNIT * worst, scale=max(scale, 1.0))\n'
        '\n'
        '\n'
        'def central_differences(f_size: float, eps: float, truncation: float = 0.0) -> Tolerance:\n'
        '    """A central difference (f(x + eps) − f(x − eps)) / 2eps carries the rounding of f\'s values, u·|f|/eps, and,\n'
        '    against an exact derivative, the truncation error eps²·|f\'\'\'|/6 (`truncation`, given by the check)."""\n'
        '    return Tolerance(atol=4 * MARGIN * UNIT * max(f_size, 1.0) / eps + 4 * truncation)\n'
        '\n'
        '\n'
        '__all__ = [\n'
        '    "PRECISION",\n'
        '    "UNIT",\n'
        '    "Tolerance",\n'
        '    "values",\n'
        '    "of_scale",\n'
        '    "probabilities",\n'
        '    "logits",\n'
        '    "products",\n'
        '    "distances",\n'
        '    "clipped_logs",\n'
        '    "central_differences",\n'
        ']\n'
    ),
    'grading.compare': (
        '"""Trusted comparisons: the student\'s returned data against the reference, with the trusted numpy.\n'
        '\n'
        'Each helper raises Feedback naming the input, what was expected, what came back, where the two differ most\n'
        'and, only when the answer equals what a known mistake gives on this input (see diagnosis.py), that mistake.\n'
        "The input is the student's last call unless `call=` names another (values.last_call).\n"
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'from collections.abc import Callable, Iterable\n'
        'from dataclasses import dataclass\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'from ..catalogue import Message\n'
        'from .diagnosis import Evidence, Finding, Suspect, Tolerance, assess, compound_hint, compound_tag\n'
        'from .feedback import CheckAborted, Credited, Feedback, StudentRaised, abbreviate, shape_text\n'
        'from .tolerance import Tolerance as Precision\n'
        'from .values import CallText, as_array, last_call\n'
        '\n'
        'try:\n'
        '    from ..sandbox.wire import Opaque  # what the student process sends for a value that is not data\n'
        "except ImportError:  # a carried copy (a notebook, plain pytest): the values are the student's own objects\n"
        '    Opaque = ()\n'
        '\n'
        'Suspects = Iterable | Callable[[], Iterable]\n'
        '\n'
        '\n'
        'def _found(got, expected, suspects: Suspects, tol: Tolerance) -> Evidence:\n'
        '    """What the answer shows about the suspects; they are computed only now, when a check has failed."""\n'
        '    if not suspects:\n'
        '        return Evidence()\n'
        '    try:\n'
        '        listed = suspects() if callable(suspects) else suspects\n'
        '        flat = []\n'
        '        for s in listed:\n'
        '            flat.extend(s if isinstance(s, (list, tuple)) else [s])\n'
        '        return assess(got, expected, flat, tol)\n'
        '    except Exception:  # a diagnosis is a bonus; it never turns a failure into a crash\n'
        '        return Evidence()\n'
        '\n'
        '\n'
        'def _fail(\n'
        '    key: str,\n'
        '    evidence: Evidence | Suspect | None,\n'
        '    detail: Message | None = None,\n'
        '    otherwise: Message | None = None,\n'
        '    **params,\n'
        ') -> Feedback:\n'
        '    """A failure naming the misconception the evidence shows, else saying `otherwise` (a fact, not a cause)."""\n'
        '    if isinstance(evidence, Suspect) or evidence is None:\n'
        '        evidence = Evidence.of(evidence)\n'
        '    suspect = evidence.suspect\n'
        '    failure = Feedback(\n'
        '        key,\n'
        '        misconception=suspect.tag if suspect else None,\n'
        '        hint=suspect.hint if suspect else otherwise,\n'
        '        detail=detail,\n'
        '        **params,\n'
        '    )\n'
        '    failure.refuted = evidence.refuted\n'
        '    failure.evidence = evidence\n'
        '    failure.otherwise = otherwise\n'
        '    return failure\n'
        '\n'
        '\n'
        'def describe_type(value) -> Message:\n'
        '    if isinstance(value, Opaque):\n'
        '        return Message("value:object", name=value.type_name)\n'
        '    if isinstance(value, np.ndarray):\n'
        '        return Message("value:array_of", dtype=str(value.dtype))\n'
        '    return Message("value:python", name=type(value).__name__)\n'
        '\n'
        '\n'
        '# ---- numbers that show the difference -------------------------------------------------------------\n'
        'def number(x: float, digits: int = 6) -> str:\n'
        '    return f"{float(x):.{digits}g}"\n'
        '\n'
        '\n'
        'def distinct(a: float, b: float) -> tuple[str, str]:\n'
        '    """Two different numbers printed with just enough digits to read as different."""\n'
        '    for digits in (6, 8, 10, 12, 14, 17):\n'
        '        ta, tb = number(a, digits), number(b, digits)\n'
        '        if ta != tb:\n'
        '            return ta, tb\n'
        '    return number(a, 17), number(b, 17)\n'
        '\n'
        '\n'
        'def index_text(index: tuple) -> str:\n'
        '    return "[" + ", ".join(str(int(i)) for i in index) + "]"\n'
        '\n'
        '\n'
        'def difference(got: np.ndarray, expected: np.ndarray) -> Message | None:\n'
        '    """The largest difference between two arrays of one shape: where it is, both values, the relative error."""\n'
        '    got, expected = np.asarray(got, float), np.asarray(expected, float)\n'
        '    if got.shape != expected.shape or got.size == 0:\n'
        '        return None\n'
        '    both = np.isfinite(got) & np.isfinite(expected)\n'
        '    if not np.any(both):\n'
        '        return None\n'
        '    gaps = np.where(both, np.abs(got - expected), -1.0)\n'
        '    flat = int(np.argmax(gaps))\n'
        '    where = np.unravel_index(flat, got.shape)\n'
        '    e, g = float(expected[where]), float(got[where])\n'
        '    if e == g:\n'
        '        return None\n'
        '    shown_e, shown_g = distinct(e, g)\n'
        '    relative = number(abs(g - e) / abs(e), 3) if e != 0 else "∞"\n'
        '    if got.size == 1:\n'
        '        return Message(\n'
        '            "difference_scalar", diff=number(abs(g - e), 3), expected=shown_e, got=shown_g, relative=relative\n'
        '        )\n'
        '    return Message(\n'
        '        "difference",\n'
        '        diff=number(abs(g - e), 3),\n'
        '        index=index_text(where),\n'
        '        expected=shown_e,\n'
        '        got=shown_g,\n'
        '        relative=relative,\n'
        '    )\n'
        '\n'
        '\n'
        'def _first_nonfinite(got: np.ndarray, expected: np.ndarray) -> Message | None:\n'
        '    bad = ~np.isfinite(got) & np.isfinite(expected)\n'
        '    if got.size <= 1 or not np.any(bad):\n'
        '        return None\n'
        '    where = np.unravel_index(int(np.argmax(bad)), got.shape)\n'
        '    return Message("not_finite_where", index=index_text(where), expected=number(expected[where]), got=str(got[where]))\n'
        '\n'
        '\n'
        '# ---- the comparisons ----------------------------------------------------------------------------------\n'
        "MATCH = Tolerance()  # how near a suspect's answer the student's must be to name it (diagnosis.py)\n"
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Given:\n'
        '    """A caller built on one of the student\'s own functions (a network on their sigmoid, log_softmax on their\n'
        "    softmax): when that callee is wrong on the caller's intermediate input, the caller earns its points if its\n"
        "    answer is what the right formula gives from the callee's answer, and the callee's mistake is charged where it\n"
        "    is made, once. `student` calls the student's callee there (lazily: only when the answer is not the expected\n"
        '    one); `right` is the right callee\'s answer; `build` makes the caller\'s answer from a callee\'s answer."""\n'
        '\n'
        '    callee: str\n'
        '    student: Callable[[], object]\n'
        '    right: Callable[[], object]\n'
        '    build: Callable[[np.ndarray], object]\n'
        "    tol: Precision | None = None  # how the callee's answers are compared (default: the contract's precision)\n"
        '\n'
        '    def answers(self) -> tuple[np.ndarray, np.ndarray] | None:\n'
        '        """(what the caller gives from the student\'s callee, from the right one), or None when the callee is right\n'
        '        on this input or gave nothing usable."""\n'
        '        try:\n'
        '            mine = as_array(self.student())\n'
        '            if mine is None or mine.dtype.kind not in "biuf":\n'
        '                return None\n'
        '            mine = mine.astype(float)\n'
        '            right = np.asarray(self.right(), dtype=float)\n'
        '            if mine.shape == right.shape and bool(np.all((self.tol or Precision()).accepts(mine, right))):\n'
        '                return None\n'
        '            with np.errstate(all="ignore"):\n'
        '                return np.asarray(self.build(mine), dtype=float), np.asarray(self.build(right), dtype=float)\n'
        '        except (CheckAborted, Feedback, ArithmeticError, ValueError, TypeError, IndexError):\n'
        "            return None  # the callee raised, hung, or gave something the caller's formula cannot take\n"
        '\n'
        '\n'
        'ONE_VECTOR = "one-vector-only"  # the shape mistake a batch judged row by row shows\n'
        '\n'
        '\n'
        '@dataclass(frozen=True)\n'
        'class Rows:\n'
        '    """A batch (N, K) whose answer came back in a shape of neither the right answer nor any mistake, judged one\n'
        "    row at a time: when the student's function, given each row alone, returns that row's right answer (or what\n"
        '    one known mistake gives on it), the function handles one vector but not a batch. `student(i)` calls the\n'
        "    student's function on row i (lazily: only for such a failure), `right(i)` is the right answer there and\n"
        '    `suspects(i)` what the known mistakes give there."""\n'
        '\n'
        '    count: int\n'
        '    student: Callable[[int], object]\n'
        '    right: Callable[[int], object]\n'
        '    suspects: Callable[[int], Iterable] = lambda i: ()\n'
        '    tol: Precision | None = None\n'
        '    most: int = 3  # rows tried: enough to tell, few student calls\n'
        '\n'
        '    def evidence(self) -> Evidence:\n'
        '        shown = set()\n'
        '        for i in range(min(self.count, self.most)):\n'
        '            got = as_array(self.student(i))\n'
        '            right = np.asarray(self.right(i), dtype=float)\n'
        '            if got is None or got.dtype.kind not in "biuf" or got.shape != right.shape:\n'
        '                return Evidence()\n'
        '            got = got.astype(float)\n'
        '            if bool(np.all((self.tol or Precision()).accepts(got, right))):\n'
        '                shown.add(None)\n'
        '                continue\n'
        '            found = assess(got, right, [s for s in self.suspects(i) if s is not None], MATCH).suspect\n'
        '            if found is None or found.parts:\n'
        '                return Evidence()\n'
        '            shown.add(found.tag)\n'
        '        if len(shown) != 1:\n'
        '            return Evidence()\n'
        '        tag = shown.pop()\n'
        '        if tag is None:\n'
        '            finding = Finding(ONE_VECTOR, Message(f"hint:{ONE_VECTOR}"))\n'
        '        else:\n'
        '            finding = Finding(\n'
        '                compound_tag((tag, ONE_VECTOR)), compound_hint(tag, ONE_VECTOR), parts=tuple(sorted((tag, ONE_VECTOR)))\n'
        '            )\n'
        '        return Evidence(finding, found=(finding,), tried=frozenset({finding.tag}))\n'
        '\n'
        '\n'
        'def _row_by_row(evidence: Evidence, rows: Rows | None) -> Evidence:\n'
        '    """The evidence of an answer of the wrong shape, with what its rows one at a time show."""\n'
        '    if rows is None or evidence.suspect is not None:\n'
        '        return evidence\n'
        '    try:\n'
        '        shown = rows.evidence()\n'
        '    except Exception:  # a diagnosis is a bonus: a row that raised or hung says nothing\n'
        '        return evidence\n'
        '    if shown.suspect is None:\n'
        '        return evidence\n'
        '    return Evidence(shown.suspect, evidence.refuted, evidence.found + shown.found, evidence.tried | shown.tried)\n'
        '\n'
        '\n'
        'def _charge_callee(arr: np.ndarray, expected: np.ndarray, tol: Precision, given: Given | None, call) -> Message | None:\n'
        '    """Credit (raised) when the answer is right given the student\'s own callee, that callee is wrong here and the\n'
        '    caller\'s formula is right given a right callee; else a note that the callee is wrong here too (or None)."""\n'
        '    if given is None:\n'
        '        return None\n'
        '    answers = given.answers()\n'
        '    if answers is None:\n'
        '        return None\n'
        '    mine, right = answers\n'
        '    sound = right.shape == expected.shape and bool(np.all(tol.accepts(right, expected)))\n'
        '    if sound and arr.shape == mine.shape and bool(np.all(tol.accepts(arr, mine))):\n'
        '        raise Credited("credit:given_callee", call=call, callee=given.callee)\n'
        '    return Message("detail:callee_wrong_too", callee=given.callee)\n'
        '\n'
        '\n'
        'def category(name: str):\n'
        '    """Which kind of input a check tries (catalogue category:<name>): a failure names it, and the visible checks of\n'
        "    a problem try every category its hidden checks do. An attribute, not a pytest marker, so that a notebook's\n"
        '    checks need no pytest."""\n'
        '\n'
        '    def mark(check):\n'
        '        check.category = name\n'
        '        return check\n'
        '\n'
        '    return mark\n'
        '\n'
        '\n'
        'def read_only(value) -> np.ndarray:\n'
        '    """A copy of `value` that may not be written to: a function that works on its argument in place raises on it,\n'
        '    where one that restores it afterwards would go unseen (and would hand a half-changed array to a callback)."""\n'
        '    arr = np.array(value, copy=True)\n'
        '    arr.flags.writeable = False\n'
        '    return arr\n'
        '\n'
        '\n'
        'def _digits(arr: np.ndarray, expected: np.ndarray, tol: Precision) -> Message | None:\n'
        '    """How many digits agree, when the answer is close but not float64-close (float32 somewhere, a rounded\n'
        '    constant): the facts, so the student looks for lost precision rather than for a wrong formula."""\n'
        '    both = np.isfinite(arr) & np.isfinite(expected)\n'
        '    if not np.any(both):\n'
        '        return None\n'
        '    scale = tol.bound(expected)[both] / tol.rtol if tol.rtol else np.abs(expected[both])\n'
        '    scale = np.where(scale > 0, scale, 1.0)\n'
        '    worst = float(np.max(np.abs(arr[both] - expected[both]) / scale))\n'
        '    if not 0 < worst < 1e-4:\n'
        '        return None\n'
        '    return Message("detail:digits", digits=int(np.floor(-np.log10(worst))))\n'
        '\n'
        '\n'
        'def expect_array(\n'
        '    got,\n'
        '    expected,\n'
        '    *,\n'
        '    call: CallText | None = None,\n'
        '    tol: Precision | None = None,\n'
        '    suspects: Suspects = (),\n'
        '    what: Message | None = None,\n'
        '    given: Given | None = None,\n'
        '    rows: Rows | None = None,\n'
        ') -> np.ndarray:\n'
        '    """The student\'s value must be numeric data of the expected shape, finite where expected is, and within the\n'
        "    contract's precision (`tol`, tolerance.py: by default relative to the answer's largest value). `rows` judges\n"
        '    a batch answered in the wrong shape one row at a time (see Rows)."""\n'
        '    call = last_call() if call is None else call\n'
        '    expected = np.asarray(expected, dtype=float)\n'
        '    tol = tol or Precision()\n'
        '    arr = as_array(got)\n'
        '    if arr is None or arr.dtype.kind not in "biuf":\n'
        '        raise Feedback(\n'
        '            "wrong_type", call=call, got_type=describe_type(got), expected=what or Message("value:numeric_array")\n'
        '        )\n'
        '    dtype = arr.dtype\n'
        '    arr = arr.astype(float)\n'
        '    if arr.shape != expected.shape:\n'
        '        callee = _charge_callee(arr, expected, tol, given, call)\n'
        '        raise _fail(\n'
        '            "wrong_shape",\n'
        '            _row_by_row(_found(arr, expected, suspects, MATCH), rows),\n'
        '            callee,\n'
        '            call=call,\n'
        '            expected=shape_text(expected.shape),\n'
        '            got=shape_text(arr.shape),\n'
        '        )\n'
        '    accepted = tol.accepts(arr, expected)\n'
        '    if bool(np.all(accepted)):\n'
        '        return arr\n'
        '    callee = _charge_callee(arr, expected, tol, given, call)\n'
        '    evidence = _found(arr, expected, suspects, MATCH)\n'
        '    finite_expected, finite_got = np.isfinite(expected), np.isfinite(arr)\n'
        '    if np.any(~finite_got & finite_expected):\n'
        '        raise _fail(\n'
        '            "not_finite",\n'
        '            evidence,\n'
        '            callee or _first_nonfinite(arr, expected),\n'
        '            call=call,\n'
        '            got=abbreviate(arr),\n'
        '            expected=abbreviate(expected),\n'
        '        )\n'
        '    shown_expected, shown_got = abbreviate(expected), abbreviate(arr)\n'
        '    precision = Message("detail:float32") if dtype == np.float32 else _digits(arr, expected, tol)\n'
        '    if shown_expected == shown_got:  # never "expected X, got X": say they differ beyond the digits shown\n'
        '        raise _fail(\n'
        '            "mismatch_beyond_digits",\n'
        '            evidence,\n'
        '            callee or difference(arr, expected),\n'
        '            precision,\n'
        '            call=call,\n'
        '            expected=shown_expected,\n'
        '            precision=number(tol.rtol, 3),\n'
        '        )\n'
        '    raise _fail(\n'
        '        "mismatch",\n'
        '        evidence,\n'
        '        callee or (difference(arr, expected) if arr.size > 1 else None),\n'
        '        precision,\n'
        '        call=call,\n'
        '        expected=shown_expected,\n'
        '        got=shown_got,\n'
        '    )\n'
        '\n'
        '\n'
        'def expect_float64(\n'
        '    got, expected=None, *, call: CallText | None = None, tol: Precision | None = None, given: Given | None = None\n'
        ') -> None:\n'
        '    """The contract\'s answers are float64 arrays (or Python floats): a float32, integer or boolean array is not,\n'
        '    whatever its values (a one-hot of booleans breaks 1 − t; float32 keeps 7 digits of 16). With `expected`, the\n'
        '    values must be right too: the check is for a right answer of the wrong type, never a free point."""\n'
        '    call = last_call() if call is None else call\n'
        '    if expected is not None:\n'
        '        expect_array(got, expected, call=call, tol=tol, given=given)\n'
        '    arr = as_array(got)\n'
        '    if isinstance(got, float) or (arr is not None and arr.dtype == np.float64):\n'
        '        return\n'
        '    raise Feedback("wrong_dtype", call=call, got_type=describe_type(got))\n'
        '\n'
        '\n'
        'def expect_numeric(got, shape: tuple, *, call: CallText | None = None) -> np.ndarray:\n'
        '    """Numeric data of the given shape (no reference value needed: properties are checked after)."""\n'
        '    call = last_call() if call is None else call\n'
        '    arr = as_array(got)\n'
        '    if arr is None or arr.dtype.kind not in "biuf":\n'
        '        raise Feedback("wrong_type", call=call, got_type=describe_type(got), expected=Message("value:numeric_array"))\n'
        '    if arr.shape != tuple(shape):\n'
        '        raise Feedback("wrong_shape", call=call, expected=shape_text(shape), got=shape_text(arr.shape))\n'
        '    if not np.all(np.isfinite(arr)):\n'
        '        raise Feedback("not_finite", call=call, got=abbreviate(arr), expected=Message("value:finite_values"))\n'
        '    return arr.astype(float)\n'
        '\n'
        '\n'
        'def expect_scalar(\n'
        '    got,\n'
        '    expected: float,\n'
        '    *,\n'
        '    call: CallText | None = None,\n'
        '    tol: Precision | None = None,\n'
        '    suspects: Suspects = (),\n'
        '    given: Given | None = None,\n'
        ') -> float:\n'
        '    """A single number (a Python float, a 0-d or 1-element array) close to the expected one."""\n'
        '    call = last_call() if call is None else call\n'
        '    arr = as_array(got)\n'
        '    if arr is None or arr.dtype.kind not in "biuf" or arr.size != 1:\n'
        '        got_type = (\n'
        '            describe_type(got)\n'
        '            if arr is None or arr.dtype.kind not in "biuf"\n'
        '            else Message("value:array_shaped", shape=shape_text(arr.shape))\n'
        '        )\n'
        '        raise Feedback("wrong_type", call=call, got_type=got_type, expected=Message("value:single_number"))\n'
        '    value = float(arr.reshape(-1)[0])\n'
        '    expect_array(\n'
        '        np.asarray(value),\n'
        '        np.asarray(float(expected)),\n'
        '        call=call,\n'
        '        tol=tol,\n'
        '        suspects=suspects,\n'
        '        what=Message("value:single_number"),\n'
        '        given=given,\n'
        '    )\n'
        '    return value\n'
        '\n'
        '\n'
        'def expect_equal(got, expected, *, call: CallText | None = None, suspects: Suspects = ()) -> None:\n'
        '    """Plain data (strings, tuples) must equal the expected value exactly (compared here, not by the student\'s\n'
        '    __eq__)."""\n'
        '    call = last_call() if call is None else call\n'
        '    if isinstance(got, list):\n'
        '        got = tuple(got)\n'
        '    if type(got) is not type(expected) or got != expected:\n'
        '        raise _fail(\n'
        '            "mismatch",\n'
        '            _found(got, expected, suspects, MATCH),\n'
        '            call=call,\n'
        '            expected=abbreviate(expected),\n'
        '            got=abbreviate(got),\n'
        '        )\n'
        '\n'
        '\n'
        'def expect_one_of(got, accepted: tuple, *, call: CallText | None = None, suspects: Suspects = ()) -> None:\n'
        '    """Plain data that must equal one of several answers the contract accepts (the first is the one shown)."""\n'
        '    call = last_call() if call is None else call\n'
        '    if isinstance(got, list):\n'
        '        got = tuple(got)\n'
        '    if any(type(got) is type(a) and got == a for a in accepted):\n'
        '        return\n'
        '    evidence = _found(\n'
        '        got,\n'
        '        accepted[0],\n'
        '        [s for s in (suspects() if callable(suspects) else suspects) if s is not None and s.value not in accepted],\n'
        '        MATCH,\n'
        '    )\n'
        '    if len(accepted) == 1:\n'
        '        raise _fail("mismatch", evidence, call=call, expected=abbreviate(accepted[0]), got=abbreviate(got))\n'
        '    raise _fail(\n'
        '        "mismatch_one_of",\n'
        '        evidence,\n'
        '        call=call,\n'
        '        expected=" / ".join(abbreviate(a) for a in accepted),\n'
        '        got=abbreviate(got),\n'
        '    )\n'
        '\n'
        '\n'
        'def expect_raises(student, exc_name: str, fn: str, *args, **kwargs) -> None:\n'
        '    """The call must raise `exc_name` (matched by name, as the exception never crosses to this side)."""\n'
        '    try:\n'
        '        value = getattr(student, fn)(*args, **kwargs)\n'
        '    except StudentRaised as raised:\n'
        '        if raised.type_name != exc_name:\n'
        '            raise Feedback(\n'
        '                "wrong_error", call=student.last_call, exc=exc_name, type=raised.type_name, message=raised.message[:200]\n'
        '            ) from None\n'
        '        return\n'
        '    raise Feedback("expected_error", call=student.last_call, exc=exc_name, got=abbreviate(value))\n'
        '\n'
        '\n'
        'def expect_unchanged(before: dict, after: list, *, call: CallText | None = None) -> None:\n'
        '    """Arguments must come back from the call as they went in (no in-place mutation)."""\n'
        '    call = last_call() if call is None else call\n'
        '    for (name, original), now in zip(before.items(), after):\n'
        '        now_arr = as_array(now)\n'
        '        if isinstance(original, np.ndarray) and (\n'
        '            now_arr is None or now_arr.shape != original.shape or not np.array_equal(now_arr, original, equal_nan=True)\n'
        '        ):\n'
        '            raise Feedback("mutated", call=call, arg=name)\n'
        '\n'
        '\n'
        'def expect_no_warning(student, *suspects: Suspect | None) -> None:\n'
        '    """The last call must emit no numerical warning; a warning only one mistake explains names it."""\n'
        '    if not student.last_warnings:\n'
        '        return\n'
        '    found = [s for s in suspects if s is not None]\n'
        '    suspect = found[0] if len({s.tag for s in found}) == 1 else None\n'
        '    raise _fail("warning", suspect, call=student.last_call, message="; ".join(student.last_warnings)[:300])\n'
        '\n'
        '\n'
        'def claim(condition: bool, key: str, *, evidence: Evidence | None = None, **params) -> None:\n'
        '    """A statement of the lecture that must hold for the student\'s functions (e.g. MSE is flat where y1 ≪ y2).\n'
        '\n'
        '    `key` names the sentence in the catalogue; `evidence` (diagnosis.assess) what the answer shows."""\n'
        '    if not condition:\n'
        '        raise _fail(key, evidence, **params)\n'
    ),
    'selfcheck': (
        '"""The self-check that runs anywhere: the visible checks on code in this very process (plain pytest in an\n'
        "assignment folder, a notebook in Jupyter or Colab), with the grader's comparisons and messages.\n"
        '\n'
        "local.py is the `student` the checks call there (the grading engine's proxy has the same interface), run.py\n"
        'runs the checks of a problem and reads their failures as the engine does, notebook.py is `check("<problem>")`.\n'
        'These modules travel into notebooks and visible-test folders (authoring/carried.py): they import nothing of\n'
        "the kit but the catalogue and grading's comparisons, and nothing but numpy.\n"
        '"""\n'
    ),
    'selfcheck.forbidden': (
        '"""Which forbidden packages (course.yml\'s forbidden_imports) a student\'s function uses, found in the student\'s own\n'
        'process: the self-check refuses them as the grade does, so a scipy softmax fails `check()` and plain pytest too.\n'
        '\n'
        "The grade needs none of this: there the packages are poisoned in the student's process, so any use is seen. In\n"
        "the student's own process the packages are real, so two looks are taken:\n"
        '\n'
        '* before the call, what the function refers to: the globals its code names (through attributes, `scipy.special`),\n'
        "  followed into the student's own helper functions, and where each object comes from (a function's module, a\n"
        "  module's name, a numpy ufunc looked up among the forbidden packages' modules, which do not name themselves);\n"
        '* during the call, every Python function it enters (a profile hook), so a lazy `importlib.import_module(...)`\n'
        '  inside the function is seen too.\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'import sys\n'
        'import types\n'
        '\n'
        'MAX_DEPTH = 8  # helper functions followed from the graded one\n'
        '\n'
        '\n'
        'def _root(name) -> str:\n'
        '    return str(name or "").partition(".")[0]\n'
        '\n'
        '\n'
        'def _origin(value) -> str:\n'
        '    """The top-level package an object comes from ("" when unknown)."""\n'
        '    if isinstance(value, types.ModuleType):\n'
        '        return _root(value.__name__)\n'
        '    module = getattr(value, "__module__", None)\n'
        '    if isinstance(module, str):\n'
        '        return _root(module)\n'
        '    if type(value).__name__ == "ufunc":  # numpy ufuncs carry no __module__: find who holds this very object\n'
        '        for name, mod in list(sys.modules.items()):\n'
        '            if mod is None or name.startswith(("numpy", "builtins")):\n'
        '                continue\n'
        '            try:\n'
        '                if any(v is value for v in vars(mod).values()):\n'
        '                    return _root(name)\n'
        '            except Exception:  # a module whose namespace cannot be read\n'
        '                continue\n'
        '    return ""\n'
        '\n'
        '\n'
        'def _attribute_chains(code) -> list:\n'
        '    """(global name, attribute names...) that a code object reads, e.g. scipy.special.softmax → (scipy, special,\n'
        '    softmax); nested functions and comprehensions included."""\n'
        '    import dis\n'
        '\n'
        '    chains = []\n'
        '    current: list = []\n'
        '    for instruction in dis.get_instructions(code):\n'
        '        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):\n'
        '            if current:\n'
        '                chains.append(current)\n'
        '            current = [instruction.argval]\n'
        '        elif instruction.opname in ("LOAD_ATTR", "LOAD_METHOD") and current:\n'
        '            current.append(instruction.argval)\n'
        '        else:\n'
        '            if current:\n'
        '                chains.append(current)\n'
        '            current = []\n'
        '    if current:\n'
        '        chains.append(current)\n'
        '    for const in code.co_consts:\n'
        '        if isinstance(const, types.CodeType):\n'
        '            chains.extend(_attribute_chains(const))\n'
        '    return chains\n'
        '\n'
        '\n'
        'def referenced(function, forbidden, depth: int = 0, seen=None) -> set:\n'
        '    """The forbidden packages `function` refers to, directly or through the student\'s own helpers."""\n'
        '    seen = set() if seen is None else seen\n'
        '    code = getattr(function, "__code__", None)\n'
        '    if code is None or id(function) in seen or depth > MAX_DEPTH:\n'
        '        return set()\n'
        '    seen.add(id(function))\n'
        '    namespace = getattr(function, "__globals__", {})\n'
        '    found = set()\n'
        '    values = [cell.cell_contents for cell in (getattr(function, "__closure__", None) or ()) if _filled(cell)]\n'
        '    for chain in _attribute_chains(code):\n'
        '        value = namespace.get(\n'
        '            chain[0],\n'
        '            getattr(__builtins__, chain[0], None) if not isinstance(__builtins__, dict) else __builtins__.get(chain[0]),\n'
        '        )\n'
        '        for attribute in chain[1:]:\n'
        '            if _origin(value) in forbidden:\n'
        '                break\n'
        '            value = getattr(value, attribute, None) if value is not None else None\n'
        '        values.append(value)\n'
        '    for value in values:\n'
        '        origin = _origin(value)\n'
        '        if origin in forbidden:\n'
        '            found.add(origin)\n'
        '        elif isinstance(value, types.FunctionType) and getattr(value, "__globals__", None) is namespace:\n'
        "            found |= referenced(value, forbidden, depth + 1, seen)  # the student's own helper\n"
        '    return found\n'
        '\n'
        '\n'
        'def _filled(cell) -> bool:\n'
        '    try:\n'
        '        cell.cell_contents  # noqa: B018 - an empty cell raises\n'
        '    except ValueError:\n'
        '        return False\n'
        '    return True\n'
        '\n'
        '\n'
        'class Watch:\n'
        '    """A profile hook for one call: the forbidden packages whose Python code the call entered."""\n'
        '\n'
        '    def __init__(self, forbidden):\n'
        '        self.forbidden = frozenset(forbidden)\n'
        '        self.used: set = set()\n'
        '        self._previous = None\n'
        '\n'
        '    def _hook(self, frame, event, arg):\n'
        '        if event == "call":\n'
        '            root = _root(frame.f_globals.get("__name__"))\n'
        '        elif event == "c_call":\n'
        '            root = _root(getattr(arg, "__module__", None))\n'
        '        else:\n'
        '            return\n'
        '        if root in self.forbidden:\n'
        '            self.used.add(root)\n'
        '\n'
        '    def __enter__(self) -> Watch:\n'
        '        if self.forbidden:\n'
        '            self._previous = sys.getprofile()\n'
        '            sys.setprofile(self._hook)\n'
        '        return self\n'
        '\n'
        '    def __exit__(self, *exc) -> None:\n'
        '        if self.forbidden:\n'
        '            sys.setprofile(self._previous)\n'
        '\n'
        '\n'
        '__all__ = ["referenced", "Watch"]\n'
    ),
    'selfcheck.local': (
        '"""The visible checks\' `student` where the student\'s code runs in this very process (plain pytest, a notebook).\n'
        '\n'
        "It has the interface of the grading engine's proxy (grading/proxy.py) and gives the same outcomes, so a check\n"
        'reads the same wherever it runs: a missing function, NotImplementedError and any other exception become the\n'
        "grader's exceptions (and so its messages); numpy's warnings are recorded per call under the grader's error\n"
        "state, whatever the student's code set; arguments go in as copies, as they cross to the student process;\n"
        'numpy scalars come back as plain numbers, as the wire returns them. What it cannot do in-process: stop a call\n'
        'that never ends (interrupt the kernel) or catch a forbidden import (the grader does).\n'
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'import copy\n'
        'import os\n'
        'import traceback\n'
        'import warnings\n'
        '\n'
        'import numpy as np\n'
        '\n'
        'from ..catalogue import Message\n'
        'from ..grading.feedback import ForbiddenUse, NotImplementedByStudent, StudentRaised\n'
        'from ..grading.values import CallText, note_call\n'
        'from .forbidden import Watch, referenced\n'
        '\n'
        'try:\n'
        "    from .course import FORBIDDEN as _FORBIDDEN  # carried into a notebook or a conftest: course.yml's list\n"
        'except ImportError:\n'
        '    _FORBIDDEN = ()\n'
        '\n'
        'NUMPY_ERRORS = {"divide": "warn", "over": "warn", "under": "ignore", "invalid": "warn"}  # as the grader sets them\n'
        'MAX_WARNINGS = 3\n'
        '\n'
        '\n'
        'def plain(value, depth: int = 0):\n'
        '    """A returned value as the wire would hand it back: numpy scalars as numbers, array subclasses as arrays."""\n'
        '    if depth > 64:\n'
        '        return value\n'
        '    if isinstance(value, np.generic) and value.dtype.kind in "biuf":\n'
        '        return value.item()\n'
        '    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:\n'
        '        return np.ndarray.view(value, np.ndarray)\n'
        '    if type(value) in (list, tuple):\n'
        '        return type(value)(plain(v, depth + 1) for v in value)\n'
        '    return value\n'
        '\n'
        '\n'
        'def _where(exc: BaseException):\n'
        '    """Where the student\'s code raised: its last frame (not the kit\'s, not a library\'s), else nothing."""\n'
        '    frames = traceback.extract_tb(exc.__traceback__)[1:]  # the first frame is the call below\n'
        '    mine = [\n'
        '        f\n'
        '        for f in frames\n'
        '        if not f.filename.startswith("<_kit")\n'
        '        and "site-packages" not in f.filename\n'
        '        and "dist-packages" not in f.filename\n'
        '        and not f.filename.startswith(_STANDARD_LIBRARY)\n'
        '    ]\n'
        '    if not mine:\n'
        '        return ""\n'
        '    frame = mine[-1]\n'
        '    name = os.path.basename(frame.filename)\n'
        '    place = Message("your_file") if "ipykernel" in frame.filename or name.startswith("<") else name\n'
        '    return Message("in_parentheses", text=Message("location", file=place, line=frame.lineno))\n'
        '\n'
        '\n'
        '_STANDARD_LIBRARY = os.path.dirname(os.__file__)\n'
        '\n'
        '\n'
        'def _copied(value):\n'
        '    """A deep copy, read-only arrays staying read-only (as they cross the wire to the student process)."""\n'
        '    copied = copy.deepcopy(value)\n'
        '    _keep_read_only(value, copied, 0)\n'
        '    return copied\n'
        '\n'
        '\n'
        'def _keep_read_only(original, copied, depth: int) -> None:\n'
        '    if depth > 64:\n'
        '        return\n'
        '    if isinstance(original, np.ndarray) and isinstance(copied, np.ndarray):\n'
        '        if not original.flags.writeable:\n'
        '            copied.flags.writeable = False\n'
        '    elif isinstance(original, (list, tuple)) and isinstance(copied, (list, tuple)):\n'
        '        for a, b in zip(original, copied):\n'
        '            _keep_read_only(a, b, depth + 1)\n'
        '    elif isinstance(original, dict) and isinstance(copied, dict):\n'
        '        for key in original:\n'
        '            if key in copied:\n'
        '                _keep_read_only(original[key], copied[key], depth + 1)\n'
        '\n'
        '\n'
        'class LocalStudent:\n'
        '    """`student.softmax(x)` calls the student\'s softmax in this process, as the grader\'s proxy does over there."""\n'
        '\n'
        "    in_process = True  # the engine's proxy has no such attribute: a check that must build something differently asks\n"
        '\n'
        '    def __init__(self, namespace: dict, forbidden=None):\n'
        "        self._namespace = namespace  # the loaded submission's globals, or the notebook's\n"
        '        self._forbidden = frozenset(_FORBIDDEN if forbidden is None else forbidden)\n'
        '        self._last = note_call("")\n'
        '        self._memo: dict = {}\n'
        '        self.last_warnings: list = []\n'
        '\n'
        '    def __getattr__(self, fn: str):\n'
        '        if fn.startswith("_"):\n'
        '            raise AttributeError(fn)\n'
        '\n'
        '        def call(*args, **kwargs):\n'
        '            return self._call(fn, args, kwargs)[0]\n'
        '\n'
        '        call.__name__ = fn\n'
        '        return call\n'
        '\n'
        '    @property\n'
        '    def last_call(self) -> CallText:\n'
        '        return self._last\n'
        '\n'
        '    def call_with_args_after(self, fn: str, *args, **kwargs):\n'
        '        """Call and also return the arguments as they are after the call (to catch in-place mutation)."""\n'
        '        return self._call(fn, args, kwargs, return_args=True)\n'
        '\n'
        '    def memo(self, key, compute):\n'
        '        """Compute once per student (e.g. a derivation chain graded by several checks)."""\n'
        '        if key not in self._memo:\n'
        '            try:\n'
        '                self._memo[key] = (True, compute())\n'
        '            except Exception as exc:\n'
        '                self._memo[key] = (False, exc)\n'
        '        ok, value = self._memo[key]\n'
        '        if not ok:\n'
        '            raise value\n'
        '        return value\n'
        '\n'
        '    def _call(self, fn: str, args, kwargs, return_args: bool = False):\n'
        '        self._last = note_call(fn, args, kwargs)\n'
        '        self.last_warnings = []\n'
        '        function = self._namespace.get(fn)\n'
        '        if function is None or not callable(function):\n'
        '            raise NotImplementedByStudent("missing", fn=fn)\n'
        '        given = _copied(list(args)), _copied(dict(kwargs))  # the student works on copies, as over the wire\n'
        '        used = referenced(function, self._forbidden) if self._forbidden else set()\n'
        '        watch = Watch(self._forbidden - used)\n'
        '        try:\n'
        '            with warnings.catch_warnings(record=True) as caught, np.errstate(**NUMPY_ERRORS), watch:\n'
        '                warnings.resetwarnings()\n'
        '                warnings.simplefilter("always")\n'
        '                value = function(*given[0], **given[1])\n'
        '        except NotImplementedError:\n'
        '            raise NotImplementedByStudent("not_implemented", fn=fn) from None\n'
        '        except (Exception, SystemExit) as exc:\n'
        '            if used | watch.used:\n'
        '                raise ForbiddenUse("forbidden", fn=fn, modules=", ".join(sorted(used | watch.used))) from None\n'
        '            raise StudentRaised(type(exc).__name__, str(exc)[:300], call=self.last_call, where=_where(exc)) from None\n'
        '        if used | watch.used:  # as the grade does: the problem scores 0 whatever the value\n'
        '            raise ForbiddenUse("forbidden", fn=fn, modules=", ".join(sorted(used | watch.used)))\n'
        '        self.last_warnings = [f"{w.category.__name__}: {w.message}"[:200] for w in caught[:MAX_WARNINGS]]\n'
        '        return plain(value), [plain(a) for a in given[0]]\n'
        '\n'
        '\n'
        '__all__ = ["LocalStudent", "plain"]\n'
    ),
    'selfcheck.run': (
        '"""Running the visible checks of one problem in this process, and reading each outcome as the engine does.\n'
        '\n'
        "A visible check is a function `test_<problem>...(student)` of the assignment's visible-test file; the problem\n"
        "it belongs to is the longest problem name that prefixes it (the engine's rule). Its name for students is the\n"
        "catalogue entry check:test_<assignment>_visible:<test>, and why it failed comes from grading.feedback's\n"
        "`messages_of`, the function the engine's results use too.\n"
        '"""\n'
        '\n'
        'from __future__ import annotations\n'
        '\n'
        'from dataclasses import dataclass, field\n'
        '\n'
        'from ..catalogue import SOURCE_LANGUAGE, ByLanguage, Message, has\n'
        'from ..grading.feedback import Feedback, StudentRaised, messages_of, settle\n'
        '\n'
        '\n'
        '@dataclass\n'
        'class Outcome:\n'
        '    """One visible check, run: its name and, when it failed, why (Messages) and its status."""\n'
        '\n'
        '    test: str\n'
        '    problem: str\n'
        '    name: object  # a Message (or ByLanguage) naming the check: "softmax: softmax([0, ln 3]) = [1/4, 3/4]"\n'
        '    title: object  # the same without the problem: "softmax([0, ln 3]) = [1/4, 3/4]"\n'
        '    passed: bool\n'
        '    status: str = "passed"  # passed, failed, not implemented\n'
        '    messages: list = field(default_factory=list)\n'
        '\n'
        '\n'
        'def problem_of(test: str, problems) -> str | None:\n'
        '    """The problem a test checks: the longest name `p` with the test\'s name starting with test_<p>."""\n'
        '    candidates = [p for p in problems if test.startswith(f"test_{p}")]\n'
        '    return max(candidates, key=len) if candidates else None\n'
        '\n'
        '\n'
        'def checks_of(namespace: dict, problems) -> dict:\n'
        '    """problem -> [(test name, function)] in the order the file defines them."""\n'
        '    found: dict = {p: [] for p in problems}\n'
        '    for name, function in list(namespace.items()):\n'
        '        problem = problem_of(name, problems) if name.startswith("test_") and callable(function) else None\n'
        '        if problem is not None:\n'
        '            found[problem].append((name, function))\n'
        '    return found\n'
        '\n'
        '\n'
        'def check_title(assignment: str, test: str):\n'
        '    """What a visible check tests, as students read it (its catalogue entry, else the test\'s own name)."""\n'
        '    key = f"check:test_{assignment}_visible:{test}"\n'
        '    return Message(key) if has(key) else ByLanguage({SOURCE_LANGUAGE: test})\n'
        '\n'
        '\n'
        'def check_name(assignment: str, problem: str, test: str):\n'
        '    """The name students read for a visible check (the engine\'s `name_message` for the same test)."""\n'
        '    title = check_title(assignment, test)\n'
        '    return Message("check_name", problem=problem, what=title) if isinstance(title, Message) else title\n'
        '\n'
        '\n'
        'def said(error, title, check) -> list:\n'
        '    """Why a check failed, as the engine\'s results say it: its category and what must hold first (for a failed\n'
        '    comparison or a raised call), then the failure (grading/scoring.py\'s CheckOutcome.messages)."""\n'
        '    messages = messages_of(error, title)\n'
        '    category = getattr(check, "category", None)\n'
        '    if isinstance(category, str) and isinstance(error, (Feedback, StudentRaised)):\n'
        '        return [Message("check_category", category=Message(f"category:{category}"), what=title), *messages]\n'
        '    return messages\n'
        '\n'
        '\n'
        'def run(assignment: str, problem: str, checks: list, student) -> list:\n'
        '    """Every check of `problem` on `student`; a check that raises anything is a failed check, never a crash. A\n'
        '    misconception another check of the problem refutes is not named (as in the grade)."""\n'
        '    raised = []\n'
        '    for _test, function in checks:\n'
        '        try:\n'
        '            function(student)\n'
        '        except Exception as exc:  # KeyboardInterrupt (an interrupted kernel) stops the run, as it should\n'
        '            raised.append(exc)\n'
        '        else:\n'
        '            raised.append(None)\n'
        '    settle(raised)\n'
        '    outcomes = []\n'
        '    for (test, function), exc in zip(checks, raised):\n'
        '        name, title = check_name(assignment, problem, test), check_title(assignment, test)\n'
        '        if exc is None:\n'
        '            outcomes.append(Outcome(test, problem, name, title, True))\n'
        '        else:\n'
        '            status = getattr(exc, "status", "failed")\n'
        '            outcomes.append(Outcome(test, problem, name, title, False, status, said(exc, title, function)))\n'
        '    return outcomes\n'
        '\n'
        '\n'
        '__all__ = ["Outcome", "problem_of", "checks_of", "check_name", "check_title", "run"]\n'
    ),
}, {
 "catalogue.carried": {
  "ENTRIES": {
   "en": {
    "budget_spent": "The submission's total time limit ({seconds:g} s) was used up before this check ran.",
    "category:axis": "another axis",
    "category:claims": "the lecture's claims",
    "category:defaults": "optional arguments, left out and given",
    "category:errors": "invalid input (ValueError)",
    "category:extreme": "extreme values (huge logits, probabilities of 0 and 1)",
    "category:float64": "float64 results",
    "category:known": "worked examples",
    "category:properties": "properties every answer has (ranges, sums, symmetry)",
    "category:random": "random batches",
    "category:scale": "rows of very different scale",
    "category:shapes": "other shapes (1-D, 3-D, one row, one class, non-square)",
    "category:soft-targets": "soft targets (probabilities, not one-hot)",
    "category:unchanged": "inputs left unchanged (read-only arrays)",
    "category:whole-floats": "labels written as whole-number floats",
    "cell": "cell {index}",
    "check:test_a3_gradients_visible:test_ce_grad_logits_batch_of_three": "a batch of three rows of four logits",
    "check:test_a3_gradients_visible:test_ce_grad_logits_float64": "[−1/2, 1/2] at logits [0, 0], as a float64 array",
    "check:test_a3_gradients_visible:test_ce_grad_logits_huge_logits": "logits of ±1e4: softmax is exactly 0 and 1, the gradient finite",
    "check:test_a3_gradients_visible:test_ce_grad_logits_known_value": "softmax [1/2, 1/2] minus one-hot [1, 0] is [−1/2, 1/2]",
    "check:test_a3_gradients_visible:test_ce_grad_logits_mean_over_batch": "the gradient of a mean is divided by N = 2",
    "check:test_a3_gradients_visible:test_ce_grad_logits_one_example_four_classes": "one example of four classes (N = 1)",
    "check:test_a3_gradients_visible:test_ce_grad_logits_read_only_inputs": "read-only logits and labels are left unchanged",
    "check:test_a3_gradients_visible:test_ce_grad_logits_rows_of_different_scale": "rows around 1e4, 1 and −1e4",
    "check:test_a3_gradients_visible:test_ce_grad_logits_rows_sum_to_zero": "the gradient has the shape of the logits and each row sums to 0",
    "check:test_a3_gradients_visible:test_ce_grad_logits_stays_large_when_wrong": "confidently wrong (logits [−15, 15], label 0): the gradient is about [−1, 1]",
    "check:test_a3_gradients_visible:test_loss_surface_float64": "ln 2 at the origin, as a float64 array",
    "check:test_a3_gradients_visible:test_loss_surface_known_values": "logits (0, 0, −1000), class 0: cross-entropy ln 2, MSE 1/2",
    "check:test_a3_gradients_visible:test_loss_surface_label_and_y3": "the label and y3 given, then left to their defaults",
    "check:test_a3_gradients_visible:test_loss_surface_large_logits": "logits of ±1000 on the grid: finite",
    "check:test_a3_gradients_visible:test_loss_surface_other_grid": "a 3 × 2 grid with y3 = 0.75 and target class 2 (label 1)",
    "check:test_a3_gradients_visible:test_loss_surface_read_only_inputs": "read-only grids are left unchanged",
    "check:test_a3_gradients_visible:test_loss_surface_shape": "3 values of y1 and 4 of y2 give a (3, 4) surface, for both losses",
    "check:test_a3_gradients_visible:test_loss_surface_where_the_prediction_is_wrong": "at y1 = −8, y2 = 8: MSE close to its maximum 2, cross-entropy about 16",
    "check:test_a3_gradients_visible:test_mse_grad_logits_batch_of_three": "a batch of three rows of four logits",
    "check:test_a3_gradients_visible:test_mse_grad_logits_float64": "[−1/2, 1/2] at logits [0, 0], as a float64 array",
    "check:test_a3_gradients_visible:test_mse_grad_logits_known_value": "at logits [0, 0] with target [1, 0] the MSE gradient is [−1/2, 1/2]",
    "check:test_a3_gradients_visible:test_mse_grad_logits_mean_over_batch": "the gradient of a mean is divided by N = 2",
    "check:test_a3_gradients_visible:test_mse_grad_logits_one_example_four_classes": "one example of four classes (N = 1)",
    "check:test_a3_gradients_visible:test_mse_grad_logits_read_only_inputs": "read-only logits and labels are left unchanged",
    "check:test_a3_gradients_visible:test_mse_grad_logits_rows_of_different_scale": "rows around 1e4, 1 and −1e4",
    "check:test_a3_gradients_visible:test_mse_grad_logits_vanishes_when_saturated": "the MSE gradient vanishes where the softmax saturates",
    "check:test_a3_gradients_visible:test_numerical_gradient_coordinates_together": "(Σ x)² couples the coordinates: every derivative is 2 Σ x, each taken at x itself",
    "check:test_a3_gradients_visible:test_numerical_gradient_eps_given": "with eps = 0.1, the central difference at that step",
    "check:test_a3_gradients_visible:test_numerical_gradient_float64": "2x for Σ x², as a float64 array",
    "check:test_a3_gradients_visible:test_numerical_gradient_known_value": "the gradient of Σ (sin x + x³) is cos x + 3x²",
    "check:test_a3_gradients_visible:test_numerical_gradient_leaves_x_unchanged": "numerical_gradient leaves the caller's x unchanged",
    "check:test_a3_gradients_visible:test_numerical_gradient_other_weights": "Σ w x² with other weights on a (2, 4) x: 2 w x",
    "check:test_a3_gradients_visible:test_numerical_gradient_transposed_x": "a transposed x (not contiguous in memory) gives 2x, in x's shape",
    "check:test_a3_gradients_visible:test_numerical_gradient_weighted_squares": "the gradient of Σ w x² is 2 w x, with the shape of x",
    "check:test_a3_gradients_visible:test_softmax_jacobian_batch_of_three": "a batch of three rows of four logits gives (3, 4, 4)",
    "check:test_a3_gradients_visible:test_softmax_jacobian_float64": "the Jacobian at [0, 0], as a float64 array",
    "check:test_a3_gradients_visible:test_softmax_jacobian_read_only_input": "a read-only input is left unchanged",
    "check:test_a3_gradients_visible:test_softmax_jacobian_rows_of_different_scale": "rows around 1e4, 1 and −1e4: each row's softmax on its own",
    "check:test_a3_gradients_visible:test_softmax_jacobian_rows_sum_to_zero": "each row of the Jacobian sums to 0 (the probabilities always sum to 1)",
    "check:test_a3_gradients_visible:test_softmax_jacobian_shapes": "logits (3,) give a (3, 3) Jacobian, logits (2, 3) give (2, 3, 3)",
    "check:test_a3_gradients_visible:test_softmax_jacobian_uniform": "for s = [1/2, 1/2], diag(s) − s sᵀ = [[1/4, −1/4], [−1/4, 1/4]]",
    "check:test_a3_gradients_visible:test_train_softmax_regression_ce_loss_decreases": "gradient descent lowers the cross-entropy",
    "check:test_a3_gradients_visible:test_train_softmax_regression_defaults_and_b0": "the defaults (lr 0.1, 100 steps, zeros), and K from b0",
    "check:test_a3_gradients_visible:test_train_softmax_regression_features_of_different_scale": "a feature 1000 times larger: logits in the thousands stay finite",
    "check:test_a3_gradients_visible:test_train_softmax_regression_first_loss_from_zeros": "from zeros every class gets 1/3: CE starts at ln 3, MSE at 2/3",
    "check:test_a3_gradients_visible:test_train_softmax_regression_float64": "W, b and the history are float64 arrays",
    "check:test_a3_gradients_visible:test_train_softmax_regression_from_a_start": "ten steps of each loss from a given W0 and b0",
    "check:test_a3_gradients_visible:test_train_softmax_regression_read_only_inputs": "read-only X, labels, W0 and b0 are left unchanged",
    "check:test_a3_gradients_visible:test_train_softmax_regression_shapes": "W is (D, K), b is (K,), history holds the loss before each step",
    "check_category": "[{category}] What must hold: {what}.",
    "check_error": "This check could not finish ({type}: {message}).",
    "check_failed": "This check failed.",
    "check_name": "{problem}: {what}",
    "claim:ce_beats_mse": "Trained from a saturated start, cross-entropy should beat MSE; accuracies: CE {ce}, MSE {mse}.",
    "claim:ce_grad_saturated": "The cross-entropy gradient should stay near −1 for the true class here.",
    "claim:ce_steep": "Cross-entropy should be large and change by about 1 per unit of y1 here; got {values}.",
    "claim:gradient_rows": "{call}: each row of softmax − one-hot sums to 0; the rows sum to {sums}.",
    "claim:ids_order": "With ids, class 1 should be nearer class 2 than class 3.",
    "claim:jacobian_properties": "{call}: the Jacobian should be symmetric with rows summing to 0.",
    "claim:likelihood_is_ce": "−ln(likelihood)/N should equal the mean cross-entropy.",
    "claim:loss_decreases": "{call}: gradient descent lowers the loss, but it went from {first} to {last}.",
    "claim:mse_flat": "MSE should be near its maximum 2 and flat here; got values {values}.",
    "claim:mse_grad_vanishes": "The MSE gradient should vanish here (softmax saturated).",
    "claim:mse_grad_vanishes_here": "{call}: confidently wrong (logits [−15, 15], target class 0), the MSE gradient is almost 0 (below 1e−6); got {got}.",
    "claim:mse_near_maximum": "{call}: at y1 = −8, y2 = 8 the MSE is close to its maximum 2; got {got}.",
    "claim:one_hot_single_one": "{call}: every one-hot vector holds a single 1 and 0s elsewhere.",
    "claim:softmax_range": "{call}: some outputs are outside [0, 1].",
    "claim:softmax_rows": "{call}: rows sum to {sums}, not 1.",
    "claim:three_results": "{call} returns three things: (W, b, history).",
    "credit:given_callee": "{call} is right given your own {callee}, which is wrong on these inputs: that mistake costs points under {callee} only.",
    "detail:callee_wrong_too": "Your {callee} is wrong on these inputs too (see its own checks): fix it first, then look at this function again.",
    "detail:digits": "The result agrees with the expected values to about {digits} significant digits; the contract asks for float64 precision (about 15). Look for a float32 or integer array on the way, or a constant written with too few digits.",
    "detail:float32": "The result is a float32 array: float32 keeps about 7 significant digits where the contract asks for float64 (about 15). Compute in float64, numpy's default.",
    "died": "Your code ended the process while running {call} (it called exit, crashed, or went over the memory or CPU limit).",
    "difference": "Largest difference {diff} at index {index}: expected {expected}, got {got} (relative error {relative}).",
    "difference_scalar": "Difference {diff}: expected {expected}, got {got} (relative error {relative}).",
    "expected_error": "{call} should raise {exc}, but it returned {got}.",
    "fix:batch-only": "Give a single vector a result without a batch axis.",
    "fix:central-difference-not-halved": "Divide by 2 eps, the distance between the two points.",
    "fix:diagonal-only": "Keep the off-diagonal terms: ∂y'ᵢ/∂zⱼ = y'ᵢ(δᵢⱼ − y'ⱼ).",
    "fix:divided-by-n-minus-1": "Divide by N, not N − 1: the loss is the plain mean over the batch.",
    "fix:forward-difference": "Use the central difference (f(x + eps) − f(x − eps)) / (2 eps).",
    "fix:hard-targets-only": "Keep both terms for every element, −[t ln p + (1 − t) ln(1 − p)].",
    "fix:labels-from-one": "Count the classes from 0.",
    "fix:log-likelihood": "Multiply the probabilities; do not add their logs.",
    "fix:log-of-zero": "Clip the probabilities (np.clip) before taking the log.",
    "fix:log-sum-exp-without-max": "Take the max out before exp: log Σ exp(z) = m + log Σ exp(z − m).",
    "fix:max-not-added-back": "Add the max back: log Σ exp(z) = m + log Σ exp(z − m).",
    "fix:mean-over-all-elements": "Sum over the classes; average over the batch only.",
    "fix:missing-activation": "Apply σ to the hidden layer: y = b' + W' σ(b + W x).",
    "fix:missing-bias": "Add both biases, b inside σ and b' outside it.",
    "fix:missing-complement-term": "Keep both terms, −[t ln p + (1 − t) ln(1 − p)].",
    "fix:missing-diagonal": "Add the diagonal term diag(y').",
    "fix:missing-factor-2": "Keep the factor 2 that the derivative of the square brings.",
    "fix:missing-jacobian": "Multiply by the softmax Jacobian (chain rule) to go from the probabilities to the logits.",
    "fix:missing-log": "Return the logarithm, z − max − log Σ exp(z − max).",
    "fix:missing-one-hot": "Subtract the one-hot vector: softmax − one-hot.",
    "fix:no-max-subtraction": "Subtract the max along the axis before exp.",
    "fix:no-stable-log-sum-exp": "Compute m + log Σⱼ exp(zⱼ − m) − z_label, with m the row's max.",
    "fix:not-divided-by-n": "Divide by N: the loss is the mean over the batch.",
    "fix:not-normalised": "Divide exp(z − max) by its sum along the axis.",
    "fix:one-vector-only": "Make it work on a batch (N, K) too, each row on its own along the last axis.",
    "fix:probabilities-for-logits": "Return the logits themselves, without softmax.",
    "fix:sigmoid-overflow": "Use 1 / (1 + e^(−z)) for z ≥ 0, and e^z / (1 + e^z) only for z < 0.",
    "fix:sign": "Flip the sign back.",
    "fix:squared-distance": "Take the square root.",
    "fix:sum-for-product": "Multiply the probabilities instead of adding them.",
    "fix:sum-vs-mean": "Take the mean, not the sum.",
    "fix:swapped-arguments": "Take the log of the predictions, weighted by the labels.",
    "fix:transposed": "Return the shape asked for, not its transpose.",
    "fix:unstable-log-sum-exp": "Never take the log of a probability: use log-sum-exp with the max taken out.",
    "fix:wrong-axis": "Take the max and the sum along the axis asked, with keepdims=True.",
    "fix:wrong-table-row": "Use the lecture's row for this problem type.",
    "forbidden": "{fn} uses {modules}, which this assignment does not allow: the point is to write it yourself with numpy. This problem scores 0.",
    "hint:batch-only": "Your result for one vector has shape {got} instead of {expected}: the right values, with a batch axis of length 1 added. One vector gives a result without a batch axis.",
    "hint:central-difference-not-halved": "Your result is twice the central difference: (f(x + eps) − f(x − eps)) is divided by 2 eps, the distance between the two points.",
    "hint:compound": "Your result is exactly what two mistakes made together give: {first}, and {second}. {first_fix} {second_fix}",
    "hint:diagonal-only": "Your Jacobian keeps only its diagonal y'ᵢ(1 − y'ᵢ): every output also depends on the other logits, ∂y'ᵢ/∂zⱼ = −y'ᵢ y'ⱼ for i ≠ j.",
    "hint:diagonal-only-chain": "Your gradient equals the chain rule through a Jacobian that keeps only its diagonal, y'ᵢ(1 − y'ᵢ) gᵢ: every probability also depends on the other logits, so the gradient is y'ᵢ (gᵢ − Σⱼ gⱼ y'ⱼ).",
    "hint:divided-by-n-minus-1": "Your result is the sum over the batch of {n} divided by N − 1, not by N: the loss (and its gradient) is the plain mean over the batch, divided by N.",
    "hint:forward-difference": "Your result equals the one-sided difference (f(x + eps) − f(x)) / eps: use the central difference (f(x + eps) − f(x − eps)) / (2 eps).",
    "hint:gradient-sign": "Your gradient is the negative of the expected one: the sign is flipped (it points uphill).",
    "hint:hard-targets-only": "This is what binary cross-entropy gives when each element keeps only one term, ln p where t > 0.5 and ln(1 − p) otherwise: right for targets 0 and 1 only. The loss is −[t ln p + (1 − t) ln(1 − p)] with both terms, and the lecture's table uses it for values between 0 and 1 too.",
    "hint:jacobian-sign": "Your Jacobian is the negative of ∂y'ᵢ/∂zⱼ = y'ᵢ(δᵢⱼ − y'ⱼ): the sign is flipped.",
    "hint:labels-from-one": "Your result is the one-hot vector of label − 1: the labels count classes from 0, so label 0 is the first class (the lecture's class 1).",
    "hint:log-likelihood": "Your result equals Σₙ ln y'ₙ,labelₙ, the log-likelihood: the likelihood is the product ∏ₙ y'ₙ,labelₙ.",
    "hint:log-of-zero": "This is what the loss gives without clipping: ln 0 is −inf. Clip the probabilities (np.clip) to [eps, 1] before taking the log.",
    "hint:log-of-zero-bce": "This is what the loss gives without clipping: ln 0 is −inf. Clip the probabilities (np.clip) to [eps, 1 − eps] before taking the log.",
    "hint:log-of-zero-warning": "numpy warned about a log of 0 while computing this: clip the probabilities (np.clip) before taking the log.",
    "hint:log-sum-exp-without-max": "Your result equals z − log Σ exp(z) without the max taken out: for huge logits exp overflows to inf and the whole row becomes −inf. Compute log Σ exp(z) as m + log Σ exp(z − m), with m the max along the axis.",
    "hint:log-sum-exp-without-max-loss": "Your result equals log Σⱼ exp(zⱼ) − z_label without the max taken out: for huge logits exp overflows to inf, and so does the loss. Compute log Σⱼ exp(zⱼ) as m + log Σⱼ exp(zⱼ − m), with m the row's max.",
    "hint:max-not-added-back": "Your result equals z − log Σ exp(z − max): the max is taken out of the log-sum-exp but not taken off z, so every value is its row's max too high. log_softmax(z) = z − max − log Σ exp(z − max).",
    "hint:max-not-added-back-loss": "Your result equals the mean of log Σⱼ exp(zⱼ − m) − z_label: the max m taken out of the log-sum-exp is never added back. log Σⱼ exp(zⱼ) = m + log Σⱼ exp(zⱼ − m).",
    "hint:mean-over-all-elements": "Your result is the expected value divided by the {k} classes: the mean over every element. The loss of one example sums over its classes, Σᵢ; only the batch is averaged.",
    "hint:missing-activation": "Your result equals the network without its activation function, y = b' + W' (b + W x), as if σ(a) returned a: the hidden layer is y = b' + W' σ(b + W x) (if you call your own sigmoid, check it too).",
    "hint:missing-bias": "Your result equals the network without the bias {bias}: y = b' + W' σ(b + W x) adds both biases.",
    "hint:missing-complement-term": "Your result equals −mean t ln p: the term (1 − t) ln(1 − p) is missing, so a high p where t = 0 costs nothing. Binary cross-entropy is −[t ln p + (1 − t) ln(1 − p)] for every element.",
    "hint:missing-diagonal": "Your Jacobian equals −y'ᵢ y'ⱼ everywhere: the term δᵢⱼ y'ᵢ (the diagonal, diag(y')) is missing.",
    "hint:missing-factor-2": "Your gradient is half the expected one: the derivative of (ŷᵢ − y'ᵢ)² brings a factor 2.",
    "hint:missing-jacobian": "Your gradient equals 2 (y' − ŷ) / N, the gradient with respect to the probabilities: multiply it by the softmax Jacobian (chain rule) to get the gradient with respect to the logits.",
    "hint:missing-log": "Your result equals softmax(z) itself: log_softmax returns its logarithm, z − max − log Σ exp(z − max).",
    "hint:missing-one-hot": "Your gradient equals softmax / N: the one-hot vector is not subtracted. dCE/dz = (softmax − one-hot) / N.",
    "hint:negative-log-likelihood": "Your result equals −Σₙ ln y'ₙ,labelₙ, the negative log-likelihood: the likelihood is the product ∏ₙ y'ₙ,labelₙ.",
    "hint:no-max-subtraction": "This is what exp(z) / Σ exp(z) gives without subtracting the max first: exp overflows to inf for large logits and inf / inf is nan. Subtract the maximum along the axis before exp; softmax does not change when every logit is shifted by the same amount.",
    "hint:no-max-subtraction-warning": "exp overflowed while computing this (numpy warned), although the result came out right: subtract the maximum along the axis before exp, so exp is never taken of a large number.",
    "hint:no-stable-log-sum-exp": "For huge logits your loss is inf: an exp overflowed, or a probability rounded to 0 before its log. Either way the log-sum-exp was not computed with the max taken out. Compute the loss as m + log Σⱼ exp(zⱼ − m) − z_label, with m the row's max: no exp of a huge number, no log of a probability.",
    "hint:not-divided-by-n": "Your gradient is {n} times the expected one: the loss is the mean over the batch of {n} examples, so its gradient is divided by N.",
    "hint:not-normalised": "Your result equals exp(z − max) itself: it is not divided by its sum, so the probabilities do not add up to 1. softmax(z) = exp(z − max) / Σ exp(z − max) along the axis.",
    "hint:one-vector-only": "Your function gives each row's right answer when called on that row alone, but not on the batch (N, K) at once: it is written for one vector. Compute along the last axis, so that every row is handled on its own.",
    "hint:probabilities-for-logits": "Your result equals softmax of the expected logits: mlp_logits returns the logits y = b' + W' σ(b + W x) themselves; softmax comes after it.",
    "hint:sigmoid-overflow-nan": "This is what e^z / (1 + e^z) gives: for large positive z, e^z overflows and inf / inf is nan. Use 1 / (1 + e^(−z)) for z ≥ 0 and e^z / (1 + e^z) only for z < 0.",
    "hint:sigmoid-overflow-warning": "exp overflowed while computing this (numpy warned): 1 / (1 + e^(−z)) takes exp of a large number when z is very negative. For z < 0 use the equal form e^z / (1 + e^z).",
    "hint:sigmoid-sign": "Your result equals σ(−z) = 1 − σ(z): the sign in the exponent is flipped. σ(z) = 1 / (1 + e^(−z)).",
    "hint:sign-loss": "Your result is the negative of the loss: ln of a probability is ≤ 0, so the loss −Σ ŷᵢ ln y'ᵢ carries a minus sign.",
    "hint:sign-result": "Your result is the negative of the expected one: the sign is flipped.",
    "hint:squared-distance": "Your distances equal the squared distances ‖eᵢ − eⱼ‖²: take the square root.",
    "hint:sum-for-product": "Your result equals the sum Σₙ y'ₙ,labelₙ: the likelihood is the product ∏ₙ y'ₙ,labelₙ.",
    "hint:sum-over-batch": "Your result is {n} times the expected value: the sum over the batch of {n} examples. The loss is the mean over the batch.",
    "hint:sum-over-elements": "Your result is {n} times the expected value: the sum over all {n} elements. The loss is the mean over every element.",
    "hint:sum-over-labels": "Your result is {k} times the expected value: each row's {k} labels are summed, then the mean is taken over the rows. The loss is the mean over every element.",
    "hint:swapped-arguments": "Your result equals the loss with the labels ŷ and the predictions y' swapped: the loss is −Σ ŷᵢ ln y'ᵢ, the log is taken of the prediction.",
    "hint:transposed": "Your result is the expected array transposed (shape {got} instead of {expected}).",
    "hint:unstable-log-sum-exp": "Your result equals log(softmax(z)): where softmax rounds to 0 its log is −inf. Compute z − max − log Σ exp(z − max) (log-sum-exp) instead.",
    "hint:unstable-log-sum-exp-loss": "Your result equals −ln of softmax(z) at the label: for huge logits softmax rounds to 0 (or exp overflows) and the loss becomes inf or nan. Use log Σⱼ exp(zⱼ) − z_label, with the max subtracted (log-sum-exp).",
    "hint:unstable-log-sum-exp-warning": "numpy warned about a log of 0 while computing this: log_softmax is z − max − log Σ exp(z − max), never the log of a probability that can round to 0.",
    "hint:wrong-axis": "Your result equals {fn} taken along axis {found} instead of axis {axis}: take the max and the sum along axis=axis, with keepdims=True.",
    "hint:wrong-axis-all": "Your result equals {fn} taken over the whole array at once (a sum without axis): take the max and the sum along axis=axis, with keepdims=True.",
    "hint:wrong-axis-inside": "Your result is what this formula gives with its softmax taken along axis {found} instead of axis {axis}: each example's softmax is over its own classes (the max and the sum along axis={axis}, keepdims=True).",
    "hint:wrong-axis-inside-all": "Your result is what this formula gives with its softmax taken over the whole batch at once (a sum without axis): each example's softmax is over its own classes (the max and the sum along the last axis, keepdims=True).",
    "hint:wrong-table-row": "({activation}, {loss}) is the lecture's row for {other}, not for {problem}.",
    "in_parentheses": " ({text})",
    "ipython_dropped": "{cell}, line {line}: IPython line dropped ({text}).",
    "load_failed": "Your file could not be loaded, so {fn} could not be tested: {message}",
    "location": "{file}, line {line}",
    "mismatch": "{call}: expected {expected}, got {got}.",
    "mismatch_beyond_digits": "{call}: the result is close to the expected {expected} but not within the contract's precision ({precision} of the size of the values involved).",
    "mismatch_one_of": "{call}: expected one of {expected}, got {got}.",
    "missing": "{fn} is not defined in your submission.",
    "missing_after_error": "{fn} is not defined: your file stopped loading before it (see the note about the error).",
    "mutated": "{call} changed its argument {arg} in place; work on a copy (e.g. np.array(x, dtype=float)).",
    "not_finite": "{call}: the result contains nan or inf: {got}; expected {expected}.",
    "not_finite_where": "The first non-finite value is at index {index}: expected {expected}, got {got}.",
    "not_implemented": "{fn} is not implemented yet (it raised NotImplementedError).",
    "note:error": "Loading your file raised an error at {where}: {message}. Functions defined before it are still graded.",
    "note:exit": "Your file called exit while loading ({where}: {message}); functions defined before it are still graded.",
    "note:grader_died": "The grading process stopped while grading this submission (twice): checks that had not run score 0.",
    "note:late": "Submitted {days_late} day(s) late: the score keeps {factor:.0%} of the {score_on_time:g} points earned.",
    "note:load_died": "Your file ended the process while loading (exit, crash or a resource limit); nothing could be graded.",
    "note:load_protocol": "While loading, your file sent the grader data it cannot read (it wrote into the grader's channel); nothing could be graded.",
    "note:load_timeout": "Your file did not finish loading within {seconds:g} s (top-level code that loops or waits); nothing could be graded.",
    "note:output_capped": "Your code printed more than the {kb:g} KB the grader keeps ({dropped} more bytes were dropped). Printing that much slows every call down and can be why a call ran out of time: remove the debugging prints.",
    "note:syntax": "Syntax error in {where} at line {line}: {message}. Nothing after it could be loaded.",
    "note:syntax_cell": "Syntax error in {where} at line {line}: {message}. That cell could not be loaded; the other cells were.",
    "note:too_late": "Submitted {days_late} day(s) late, past the last day late work is accepted: the score is 0 ({score_on_time:g} points were earned).",
    "note:unfinished": "Grading this submission did not finish within {seconds:g} s and was stopped: checks that had not run score 0.",
    "opaque": "{call} returned {type}; expected {expected}.",
    "problem_type:binary": "binary classification",
    "problem_type:bounded_regression": "regression to values in 0–1",
    "problem_type:multiclass": "multi-class, single-label classification",
    "problem_type:multilabel": "multi-class, multi-label classification",
    "problem_type:regression": "regression to any value",
    "protocol": "{call} returned something the grader cannot read: {message}",
    "raised": "{call} raised {type}: {message}{where}",
    "status:failed": "failed",
    "status:forbidden": "forbidden import",
    "status:not implemented": "not yet implemented",
    "status:passed": "passed",
    "summary": "{score:g} / {max_score:g} points",
    "tag:batch-only": "a batch axis kept for one vector",
    "tag:central-difference-not-halved": "central difference not divided by 2·eps",
    "tag:diagonal-only": "Jacobian without its off-diagonal terms",
    "tag:divided-by-n-minus-1": "divided by N − 1 instead of N",
    "tag:forward-difference": "one-sided (forward) difference",
    "tag:hard-targets-only": "one of the two terms picked by the target (right for 0 and 1 only)",
    "tag:labels-from-one": "class ids counted from 1",
    "tag:log-likelihood": "log-likelihood instead of likelihood",
    "tag:log-of-zero": "log of a probability of 0 (no clipping)",
    "tag:log-sum-exp-without-max": "log-sum-exp without the max taken out",
    "tag:max-not-added-back": "max taken out of log-sum-exp and not added back",
    "tag:mean-over-all-elements": "mean taken over the classes too",
    "tag:missing-activation": "activation function left out",
    "tag:missing-bias": "bias left out",
    "tag:missing-complement-term": "the (1 − t) ln(1 − p) term left out",
    "tag:missing-diagonal": "Jacobian without the δᵢⱼ term",
    "tag:missing-factor-2": "factor 2 of the square left out",
    "tag:missing-jacobian": "softmax Jacobian left out (chain rule)",
    "tag:missing-log": "log left out",
    "tag:missing-one-hot": "one-hot vector not subtracted",
    "tag:no-max-subtraction": "exp overflows (max not subtracted)",
    "tag:no-stable-log-sum-exp": "inf on huge logits (no stable log-sum-exp)",
    "tag:not-divided-by-n": "gradient not divided by N",
    "tag:not-normalised": "exp not divided by its sum (not normalised)",
    "tag:one-vector-only": "written for one vector, not a batch",
    "tag:probabilities-for-logits": "softmax applied to the logits",
    "tag:sigmoid-overflow": "exp overflows in the sigmoid",
    "tag:sign": "flipped sign",
    "tag:squared-distance": "squared distance (no square root)",
    "tag:sum-for-product": "a sum where the product is asked",
    "tag:sum-vs-mean": "a sum where the mean is asked",
    "tag:swapped-arguments": "labels and predictions swapped",
    "tag:transposed": "transposed result",
    "tag:unstable-log-sum-exp": "log of softmax instead of log-sum-exp",
    "tag:wrong-axis": "taken along the wrong axis",
    "tag:wrong-table-row": "another row of the lecture's table",
    "timeout": "{call} did not finish within {seconds:g} s (an endless loop, or far too slow); it was stopped.",
    "timeout_before": "{call} was not run: {fn} already ran past the {seconds:g} s limit in an earlier check of this submission.",
    "unfinished": "Not run: grading this submission did not finish (see the note), so this check scores 0.",
    "value:array_of": "an array of dtype {dtype}",
    "value:array_shaped": "an array of shape {shape}",
    "value:finite_values": "finite values",
    "value:numeric_array": "a numeric array",
    "value:object": "an object of type {name}",
    "value:python": "a {name}",
    "value:single_number": "a single number",
    "value:triple": "a tuple (W, b, history)",
    "visible_failed": "This visible check failed: {check}.",
    "visible_failed_code": "This visible check failed: {check}. pytest: {code}",
    "warning": "{call} emitted a numerical warning ({message}); the contract asks for no warning.",
    "wrong_dtype": "{call} returned {got_type}; the contract's answers are float64 arrays (numpy's default float), whatever their values.",
    "wrong_error": "{call} should raise {exc}, but it raised {type}: {message}",
    "wrong_shape": "{call}: expected shape {expected}, got shape {got}.",
    "wrong_type": "{call} returned {got_type}; expected {expected}.",
    "your_file": "your file"
   },
   "zh-TW": {
    "budget_spent": "這份繳交的總時間限制（{seconds:g} 秒）在這項檢查執行前已用完。",
    "category:axis": "其他的軸",
    "category:claims": "講義的敘述",
    "category:defaults": "選用參數：不給與給定",
    "category:errors": "不合法的輸入（ValueError）",
    "category:extreme": "極端值（很大的 logit、機率恰為 0 或 1）",
    "category:float64": "float64 的結果",
    "category:known": "可手算的例子",
    "category:properties": "每個答案都有的性質（範圍、總和、對稱）",
    "category:random": "隨機的批次",
    "category:scale": "大小差很多的列",
    "category:shapes": "其他形狀（一維、三維、只有一列、只有一類、非方陣）",
    "category:soft-targets": "軟標籤（機率，而不是獨熱向量）",
    "category:unchanged": "輸入不被修改（唯讀陣列）",
    "category:whole-floats": "寫成整數值浮點數的標籤",
    "cell": "第 {index} 格",
    "check:test_a3_gradients_visible:test_ce_grad_logits_batch_of_three": "三列、每列四個 logit 的批次",
    "check:test_a3_gradients_visible:test_ce_grad_logits_float64": "logit [0, 0] 時為 [−1/2, 1/2]，結果是 float64 陣列",
    "check:test_a3_gradients_visible:test_ce_grad_logits_huge_logits": "logit 為 ±1e4：softmax 恰為 0 與 1，梯度是有限值",
    "check:test_a3_gradients_visible:test_ce_grad_logits_known_value": "softmax [1/2, 1/2] 減去獨熱向量 [1, 0] 得到 [−1/2, 1/2]",
    "check:test_a3_gradients_visible:test_ce_grad_logits_mean_over_batch": "平均的梯度要除以 N = 2",
    "check:test_a3_gradients_visible:test_ce_grad_logits_one_example_four_classes": "一筆、四個類別的資料（N = 1）",
    "check:test_a3_gradients_visible:test_ce_grad_logits_read_only_inputs": "唯讀的 logit 與標籤不被修改",
    "check:test_a3_gradients_visible:test_ce_grad_logits_rows_of_different_scale": "約 1e4、1 與 −1e4 的列",
    "check:test_a3_gradients_visible:test_ce_grad_logits_rows_sum_to_zero": "梯度與 logit 形狀相同，且每列加總為 0",
    "check:test_a3_gradients_visible:test_ce_grad_logits_stays_large_when_wrong": "很有把握卻錯了（logit [−15, 15]、標籤 0）：梯度約為 [−1, 1]",
    "check:test_a3_gradients_visible:test_loss_surface_float64": "原點的 ln 2，結果是 float64 陣列",
    "check:test_a3_gradients_visible:test_loss_surface_known_values": "logit (0, 0, −1000)、類別 0：交叉熵 ln 2，MSE 1/2",
    "check:test_a3_gradients_visible:test_loss_surface_label_and_y3": "給定 label 與 y3，再用預設值",
    "check:test_a3_gradients_visible:test_loss_surface_large_logits": "網格上 ±1000 的 logit：結果有限",
    "check:test_a3_gradients_visible:test_loss_surface_other_grid": "3 × 2 的網格，y3 = 0.75，目標類別 2（label 1）",
    "check:test_a3_gradients_visible:test_loss_surface_read_only_inputs": "唯讀的網格不被修改",
    "check:test_a3_gradients_visible:test_loss_surface_shape": "3 個 y1 值與 4 個 y2 值得到 (3, 4) 的曲面，兩種損失都是",
    "check:test_a3_gradients_visible:test_loss_surface_where_the_prediction_is_wrong": "y1 = −8、y2 = 8 時：MSE 接近最大值 2，交叉熵約為 16",
    "check:test_a3_gradients_visible:test_mse_grad_logits_batch_of_three": "三列、每列四個 logit 的批次",
    "check:test_a3_gradients_visible:test_mse_grad_logits_float64": "logit [0, 0] 時為 [−1/2, 1/2]，結果是 float64 陣列",
    "check:test_a3_gradients_visible:test_mse_grad_logits_known_value": "logit [0, 0]、目標 [1, 0] 時 MSE 的梯度是 [−1/2, 1/2]",
    "check:test_a3_gradients_visible:test_mse_grad_logits_mean_over_batch": "平均的梯度要除以 N = 2",
    "check:test_a3_gradients_visible:test_mse_grad_logits_one_example_four_classes": "一筆、四個類別的資料（N = 1）",
    "check:test_a3_gradients_visible:test_mse_grad_logits_read_only_inputs": "唯讀的 logit 與標籤不被修改",
    "check:test_a3_gradients_visible:test_mse_grad_logits_rows_of_different_scale": "約 1e4、1 與 −1e4 的列",
    "check:test_a3_gradients_visible:test_mse_grad_logits_vanishes_when_saturated": "softmax 飽和時 MSE 的梯度消失",
    "check:test_a3_gradients_visible:test_numerical_gradient_coordinates_together": "(Σ x)² 讓座標互相牽動：每個導數都是 2 Σ x，都要在 x 本身取",
    "check:test_a3_gradients_visible:test_numerical_gradient_eps_given": "eps = 0.1 時，以這個步長做中央差分",
    "check:test_a3_gradients_visible:test_numerical_gradient_float64": "Σ x² 的 2x，結果是 float64 陣列",
    "check:test_a3_gradients_visible:test_numerical_gradient_known_value": "Σ (sin x + x³) 的梯度是 cos x + 3x²",
    "check:test_a3_gradients_visible:test_numerical_gradient_leaves_x_unchanged": "numerical_gradient 不修改呼叫者的 x",
    "check:test_a3_gradients_visible:test_numerical_gradient_other_weights": "另一組權重、(2, 4) 的 x 上的 Σ w x²：2 w x",
    "check:test_a3_gradients_visible:test_numerical_gradient_transposed_x": "轉置過的 x（記憶體中不連續）得到 2x，形狀與 x 相同",
    "check:test_a3_gradients_visible:test_numerical_gradient_weighted_squares": "Σ w x² 的梯度是 2 w x，形狀與 x 相同",
    "check:test_a3_gradients_visible:test_softmax_jacobian_batch_of_three": "三列、每列四個 logit 的批次得到 (3, 4, 4)",
    "check:test_a3_gradients_visible:test_softmax_jacobian_float64": "[0, 0] 的 Jacobian，結果是 float64 陣列",
    "check:test_a3_gradients_visible:test_softmax_jacobian_read_only_input": "唯讀的輸入不被修改",
    "check:test_a3_gradients_visible:test_softmax_jacobian_rows_of_different_scale": "約 1e4、1 與 −1e4 的列：每列各自的 softmax",
    "check:test_a3_gradients_visible:test_softmax_jacobian_rows_sum_to_zero": "Jacobian 每列加總為 0（機率的總和永遠是 1）",
    "check:test_a3_gradients_visible:test_softmax_jacobian_shapes": "logit (3,) 得到 (3, 3) 的 Jacobian，logit (2, 3) 得到 (2, 3, 3)",
    "check:test_a3_gradients_visible:test_softmax_jacobian_uniform": "s = [1/2, 1/2] 時 diag(s) − s sᵀ = [[1/4, −1/4], [−1/4, 1/4]]",
    "check:test_a3_gradients_visible:test_train_softmax_regression_ce_loss_decreases": "梯度下降讓交叉熵下降",
    "check:test_a3_gradients_visible:test_train_softmax_regression_defaults_and_b0": "預設值（lr 0.1、100 步、從零開始），以及由 b0 決定 K",
    "check:test_a3_gradients_visible:test_train_softmax_regression_features_of_different_scale": "某個特徵大 1000 倍：上千的 logit 仍是有限值",
    "check:test_a3_gradients_visible:test_train_softmax_regression_first_loss_from_zeros": "從零開始每個類別都是 1/3：CE 從 ln 3 開始，MSE 從 2/3 開始",
    "check:test_a3_gradients_visible:test_train_softmax_regression_float64": "W、b 與歷史紀錄都是 float64 陣列",
    "check:test_a3_gradients_visible:test_train_softmax_regression_from_a_start": "從給定的 W0 與 b0 出發，每種損失各走十步",
    "check:test_a3_gradients_visible:test_train_softmax_regression_read_only_inputs": "唯讀的 X、標籤、W0 與 b0 不被修改",
    "check:test_a3_gradients_visible:test_train_softmax_regression_shapes": "W 為 (D, K)，b 為 (K,)，history 記錄每一步之前的損失",
    "check_category": "［{category}］必須成立的是：{what}。",
    "check_error": "這項檢查無法完成（{type}：{message}）。",
    "check_failed": "這項檢查未通過。",
    "check_name": "{problem}: {what}",
    "claim:ce_beats_mse": "從飽和的起點訓練，交叉熵應勝過 MSE；準確率：CE {ce}，MSE {mse}。",
    "claim:ce_grad_saturated": "此處交叉熵對正確類別的梯度應接近 −1。",
    "claim:ce_steep": "此處交叉熵應很大，且 y1 每變化 1 約變化 1；得到 {values}。",
    "claim:gradient_rows": "{call}：softmax − 獨熱向量的每一列加總為 0；得到的各列加總為 {sums}。",
    "claim:ids_order": "用編號時，class 1 應比 class 3 更接近 class 2。",
    "claim:jacobian_properties": "{call}：Jacobian 應對稱且每列加總為 0。",
    "claim:likelihood_is_ce": "−ln(likelihood)/N 應等於平均交叉熵。",
    "claim:loss_decreases": "{call}：梯度下降應讓損失變小，但它從 {first} 變成 {last}。",
    "claim:mse_flat": "此處 MSE 應接近最大值 2 且平坦；得到 {values}。",
    "claim:mse_grad_vanishes": "此處 MSE 的梯度應趨近 0（softmax 已飽和）。",
    "claim:mse_grad_vanishes_here": "{call}：在錯得很有把握時（logit [−15, 15]，目標為第 0 類），MSE 的梯度幾乎是 0（小於 1e−6）；得到 {got}。",
    "claim:mse_near_maximum": "{call}：在 y1 = −8、y2 = 8 時 MSE 接近最大值 2；得到 {got}。",
    "claim:one_hot_single_one": "{call}：每個獨熱向量只有一個 1，其餘都是 0。",
    "claim:softmax_range": "{call}：有輸出不在 [0, 1] 之間。",
    "claim:softmax_rows": "{call}：各列加總為 {sums}，不是 1。",
    "claim:three_results": "{call} 要回傳三個值：(W, b, history)。",
    "credit:given_callee": "以你自己的 {callee} 來看，{call} 是對的；但 {callee} 在這些輸入上算錯了：這個錯誤只在 {callee} 扣分。",
    "detail:callee_wrong_too": "你的 {callee} 在這些輸入上也算錯了（請看它自己的檢查）：先修正它，再回來看這個函式。",
    "detail:digits": "結果與正確值只有大約 {digits} 位有效數字相同；題目要求 float64 的精度（大約 15 位）。請檢查計算過程中是否用到 float32 或整數陣列，或某個常數寫的位數太少。",
    "detail:float32": "結果是 float32 陣列：float32 只保留大約 7 位有效數字，題目要求 float64（大約 15 位）。請用 numpy 預設的 float64 計算。",
    "died": "執行 {call} 時你的程式結束了整個行程（呼叫了 exit、當掉，或超過記憶體／CPU 限制）。",
    "difference": "最大差異 {diff} 在索引 {index}：應為 {expected}，得到 {got}（相對誤差 {relative}）。",
    "difference_scalar": "差異 {diff}：應為 {expected}，得到 {got}（相對誤差 {relative}）。",
    "expected_error": "{call} 應該引發 {exc}，但回傳了 {got}。",
    "fix:batch-only": "單一向量的結果不要有批次維度。",
    "fix:central-difference-not-halved": "要除以兩點間的距離 2 eps。",
    "fix:diagonal-only": "非對角線的項也要保留：∂y'ᵢ/∂zⱼ = y'ᵢ(δᵢⱼ − y'ⱼ)。",
    "fix:divided-by-n-minus-1": "要除以 N，不是 N − 1：損失就是對批次的平均。",
    "fix:forward-difference": "改用中央差分 (f(x + eps) − f(x − eps)) / (2 eps)。",
    "fix:hard-targets-only": "每個元素兩項都要算：−[t ln p + (1 − t) ln(1 − p)]。",
    "fix:labels-from-one": "類別從 0 開始編號。",
    "fix:log-likelihood": "要把機率相乘，不是把它們的 log 相加。",
    "fix:log-of-zero": "取 log 之前先裁切機率（np.clip）。",
    "fix:log-sum-exp-without-max": "取 exp 之前先減去最大值：log Σ exp(z) = m + log Σ exp(z − m)。",
    "fix:max-not-added-back": "把最大值加回來：log Σ exp(z) = m + log Σ exp(z − m)。",
    "fix:mean-over-all-elements": "對類別加總，只對批次取平均。",
    "fix:missing-activation": "隱藏層要套用 σ：y = b' + W' σ(b + W x)。",
    "fix:missing-bias": "兩個偏差項都要加：b 在 σ 裡面，b' 在外面。",
    "fix:missing-complement-term": "兩項都要算：−[t ln p + (1 − t) ln(1 − p)]。",
    "fix:missing-diagonal": "加上對角線項 diag(y')。",
    "fix:missing-factor-2": "平方微分後的係數 2 要保留。",
    "fix:missing-jacobian": "乘上 softmax 的 Jacobian（連鎖律），從對機率的梯度換成對 logit 的梯度。",
    "fix:missing-log": "要回傳對數：z − max − log Σ exp(z − max)。",
    "fix:missing-one-hot": "減去獨熱向量：softmax − 獨熱向量。",
    "fix:no-max-subtraction": "取 exp 之前先沿著該軸減去最大值。",
    "fix:no-stable-log-sum-exp": "改算 m + log Σⱼ exp(zⱼ − m) − z_label，m 是該列的最大值。",
    "fix:not-divided-by-n": "要除以 N：損失是對批次的平均。",
    "fix:not-normalised": "把 exp(z − max) 除以它沿著該軸的總和。",
    "fix:one-vector-only": "批次 (N, K) 也要能處理：沿著最後一軸，每一列各自計算。",
    "fix:probabilities-for-logits": "直接回傳 logit，不要套用 softmax。",
    "fix:sigmoid-overflow": "z ≥ 0 時用 1 / (1 + e^(−z))，只有 z < 0 時才用 e^z / (1 + e^z)。",
    "fix:sign": "把正負號改回來。",
    "fix:squared-distance": "還要開根號。",
    "fix:sum-for-product": "要把機率相乘，不是相加。",
    "fix:sum-vs-mean": "要取平均，不是加總。",
    "fix:swapped-arguments": "log 要取在預測值上，以標籤作為權重。",
    "fix:transposed": "回傳要求的形狀，不要轉置。",
    "fix:unstable-log-sum-exp": "不要對機率取 log：改用先減去最大值的 log-sum-exp。",
    "fix:wrong-axis": "max 與 sum 都要沿著指定的軸計算，並設 keepdims=True。",
    "fix:wrong-table-row": "用講義表格中這個問題類型的那一列。",
    "forbidden": "{fn} 使用了 {modules}，本作業不允許：重點是自己用 numpy 寫出來。本題得 0 分。",
    "hint:batch-only": "你對單一向量的結果形狀是 {got}，而不是 {expected}：數值正確，但多了一個長度為 1 的批次維度。單一向量的結果不應該有批次維度。",
    "hint:central-difference-not-halved": "你的結果是中央差分的兩倍：(f(x + eps) − f(x − eps)) 要除以兩點間的距離 2 eps。",
    "hint:compound": "你的結果正好是兩個錯誤同時發生時的結果：{first}，以及{second}。{first_fix}{second_fix}",
    "hint:diagonal-only": "你的 Jacobian 只保留對角線 y'ᵢ(1 − y'ᵢ)：每個輸出也取決於其他 logit，i ≠ j 時 ∂y'ᵢ/∂zⱼ = −y'ᵢ y'ⱼ。",
    "hint:diagonal-only-chain": "你的梯度等於透過只保留對角線的 Jacobian 套用連鎖律的結果 y'ᵢ(1 − y'ᵢ) gᵢ：每個機率也取決於其他 logit，所以梯度是 y'ᵢ (gᵢ − Σⱼ gⱼ y'ⱼ)。",
    "hint:divided-by-n-minus-1": "你的結果是對 {n} 筆資料加總後除以 N − 1，而不是除以 N：損失（以及它的梯度）就是對批次的平均，要除以 N。",
    "hint:forward-difference": "你的結果等於單邊差分 (f(x + eps) − f(x)) / eps：請用中央差分 (f(x + eps) − f(x − eps)) / (2 eps)。",
    "hint:gradient-sign": "你的梯度是正確值的相反數：正負號相反（指向上坡）。",
    "hint:hard-targets-only": "這正是每個元素只保留一項時二元交叉熵的結果：t > 0.5 時取 ln p，否則取 ln(1 − p)，只有目標恰為 0 或 1 時才對。損失是 −[t ln p + (1 − t) ln(1 − p)]，兩項都要算；講義的表也把它用在 0 到 1 之間的數值。",
    "hint:jacobian-sign": "你的 Jacobian 是 ∂y'ᵢ/∂zⱼ = y'ᵢ(δᵢⱼ − y'ⱼ) 的相反數：正負號相反。",
    "hint:labels-from-one": "你的結果是 label − 1 的獨熱向量：標籤從 0 開始編號，label 0 是第一個類別（講義的 class 1）。",
    "hint:log-likelihood": "你的結果等於 Σₙ ln y'ₙ,labelₙ，也就是對數概似：概似是乘積 ∏ₙ y'ₙ,labelₙ。",
    "hint:log-of-zero": "這正是沒有裁切時損失的結果：ln 0 是 −inf。取 log 之前先把機率限制在 [eps, 1]（np.clip）。",
    "hint:log-of-zero-bce": "這正是沒有裁切時損失的結果：ln 0 是 −inf。取 log 之前先把機率限制在 [eps, 1 − eps]（np.clip）。",
    "hint:log-of-zero-warning": "計算時 numpy 對 log 0 發出警告：取 log 之前先裁切機率（np.clip）。",
    "hint:log-sum-exp-without-max": "你的結果等於沒有先減去最大值的 z − log Σ exp(z)：logit 很大時 exp 溢位成 inf，整列都變成 −inf。請把 log Σ exp(z) 算成 m + log Σ exp(z − m)，m 是沿著該軸的最大值。",
    "hint:log-sum-exp-without-max-loss": "你的結果等於沒有先減去最大值的 log Σⱼ exp(zⱼ) − z_label：logit 很大時 exp 溢位成 inf，損失也跟著變成 inf。請把 log Σⱼ exp(zⱼ) 算成 m + log Σⱼ exp(zⱼ − m)，m 是該列的最大值。",
    "hint:max-not-added-back": "你的結果等於 z − log Σ exp(z − max)：log-sum-exp 裡減去了最大值，z 卻沒有減掉它，所以每個值都多了該列的最大值。log_softmax(z) = z − max − log Σ exp(z − max)。",
    "hint:max-not-added-back-loss": "你的結果等於 log Σⱼ exp(zⱼ − m) − z_label 的平均：log-sum-exp 裡減去的最大值 m 一直沒有加回來。log Σⱼ exp(zⱼ) = m + log Σⱼ exp(zⱼ − m)。",
    "hint:mean-over-all-elements": "你的結果是正確值除以類別數 {k}：對每個元素都取了平均。一筆資料的損失要對類別加總 Σᵢ，只有批次要取平均。",
    "hint:missing-activation": "你的結果等於少了激勵函數的網路 y = b' + W' (b + W x)，就像 σ(a) 回傳了 a：隱藏層是 y = b' + W' σ(b + W x)（如果你呼叫自己寫的 sigmoid，也請檢查它）。",
    "hint:missing-bias": "你的結果等於少了偏差項 {bias} 的網路：y = b' + W' σ(b + W x) 兩個偏差項都要加。",
    "hint:missing-complement-term": "你的結果等於 −mean t ln p：少了 (1 − t) ln(1 − p) 這一項，所以 t = 0 時把 p 預測得很高也不會被扣分。二元交叉熵對每個元素都是 −[t ln p + (1 − t) ln(1 − p)]。",
    "hint:missing-diagonal": "你的 Jacobian 處處等於 −y'ᵢ y'ⱼ：少了 δᵢⱼ y'ᵢ 這一項（對角線 diag(y')）。",
    "hint:missing-factor-2": "你的梯度是正確值的一半：(ŷᵢ − y'ᵢ)² 微分後有係數 2。",
    "hint:missing-jacobian": "你的梯度等於 2 (y' − ŷ) / N，也就是對機率的梯度：還要乘上 softmax 的 Jacobian（連鎖律），才是對 logit 的梯度。",
    "hint:missing-log": "你的結果等於 softmax(z) 本身：log_softmax 要回傳它的對數，z − max − log Σ exp(z − max)。",
    "hint:missing-one-hot": "你的梯度等於 softmax / N：沒有減去獨熱向量。dCE/dz = (softmax − 獨熱向量) / N。",
    "hint:negative-log-likelihood": "你的結果等於 −Σₙ ln y'ₙ,labelₙ，也就是負對數概似：概似是乘積 ∏ₙ y'ₙ,labelₙ。",
    "hint:no-max-subtraction": "這正是沒有先減去最大值時 exp(z) / Σ exp(z) 的結果：logit 很大時 exp 溢位成 inf，inf / inf 得到 nan。取 exp 之前先沿著該軸減去最大值；所有 logit 加上同一個常數，softmax 不變。",
    "hint:no-max-subtraction-warning": "計算時 exp 溢位了（numpy 發出警告），雖然結果正確：取 exp 之前先沿著該軸減去最大值，就不會對很大的數取 exp。",
    "hint:no-stable-log-sum-exp": "logit 很大時你的損失變成 inf：不是 exp 溢位，就是機率在取 log 之前變成了 0。兩種情況都是因為 log-sum-exp 沒有先減去最大值。請把損失算成 m + log Σⱼ exp(zⱼ − m) − z_label，m 是該列的最大值：既不對很大的數取 exp，也不對機率取 log。",
    "hint:not-divided-by-n": "你的梯度是正確值的 {n} 倍：損失是對 {n} 筆資料的平均，所以梯度要除以 N。",
    "hint:not-normalised": "你的結果等於 exp(z − max) 本身：沒有除以總和，所以機率加起來不是 1。softmax(z) = exp(z − max) / Σ exp(z − max)，沿著該軸計算。",
    "hint:one-vector-only": "把每一列單獨傳給你的函數時，答案都對，但一次傳入整個批次 (N, K) 就不對：它是為單一向量寫的。請沿著最後一軸計算，讓每一列各自處理。",
    "hint:probabilities-for-logits": "你的結果等於正確 logit 的 softmax：mlp_logits 要回傳 logit 本身 y = b' + W' σ(b + W x)；softmax 在它之後才套用。",
    "hint:sigmoid-overflow-nan": "這正是 e^z / (1 + e^z) 的結果：z 很大時 e^z 溢位，inf / inf 得到 nan。z ≥ 0 時用 1 / (1 + e^(−z))，只有 z < 0 時才用 e^z / (1 + e^z)。",
    "hint:sigmoid-overflow-warning": "計算時 exp 溢位了（numpy 發出警告）：z 很負時 1 / (1 + e^(−z)) 會對很大的數取 exp。z < 0 時改用等價的 e^z / (1 + e^z)。",
    "hint:sigmoid-sign": "你的結果等於 σ(−z) = 1 − σ(z)：指數的正負號相反。σ(z) = 1 / (1 + e^(−z))。",
    "hint:sign-loss": "你的結果是損失的相反數：機率的 ln 不大於 0，所以損失 −Σ ŷᵢ ln y'ᵢ 前面有負號。",
    "hint:sign-result": "你的結果是正確值的相反數：正負號相反。",
    "hint:squared-distance": "你的距離等於平方距離 ‖eᵢ − eⱼ‖²：還要開根號。",
    "hint:sum-for-product": "你的結果等於總和 Σₙ y'ₙ,labelₙ：概似是乘積 ∏ₙ y'ₙ,labelₙ。",
    "hint:sum-over-batch": "你的結果是正確值的 {n} 倍：對批次中 {n} 筆資料加總。損失要對批次取平均。",
    "hint:sum-over-elements": "你的結果是正確值的 {n} 倍：對全部 {n} 個元素加總。損失要對每個元素取平均。",
    "hint:sum-over-labels": "你的結果是正確值的 {k} 倍：每列的 {k} 個標籤先加總，再對各列取平均。損失要對每個元素取平均。",
    "hint:swapped-arguments": "你的結果等於把標籤 ŷ 與預測 y' 放反的損失：損失是 −Σ ŷᵢ ln y'ᵢ，log 要取在預測值上。",
    "hint:transposed": "你的結果是正確陣列的轉置（形狀 {got} 而不是 {expected}）。",
    "hint:unstable-log-sum-exp": "你的結果等於 log(softmax(z))：softmax 變成 0 的地方，log 是 −inf。請改算 z − max − log Σ exp(z − max)（log-sum-exp）。",
    "hint:unstable-log-sum-exp-loss": "你的結果等於 softmax(z) 在標籤處的 −ln：logit 很大時 softmax 變成 0（或 exp 溢位），損失變成 inf 或 nan。請用減去最大值的 log-sum-exp：log Σⱼ exp(zⱼ) − z_label。",
    "hint:unstable-log-sum-exp-warning": "計算時 numpy 對 log 0 發出警告：log_softmax 是 z − max − log Σ exp(z − max)，不要對可能變成 0 的機率取 log。",
    "hint:wrong-axis": "你的結果等於沿著第 {found} 軸（而不是第 {axis} 軸）計算的 {fn}：max 與 sum 都要沿著 axis=axis 計算，並設 keepdims=True。",
    "hint:wrong-axis-all": "你的結果等於對整個陣列一起計算的 {fn}（sum 沒有指定軸）：max 與 sum 都要沿著 axis=axis 計算，並設 keepdims=True。",
    "hint:wrong-axis-inside": "你的結果等於把式子裡的 softmax 沿著第 {found} 軸（而不是第 {axis} 軸）計算的結果：每筆資料的 softmax 只對它自己的類別計算（max 與 sum 都沿著 axis={axis}，並設 keepdims=True）。",
    "hint:wrong-axis-inside-all": "你的結果等於把式子裡的 softmax 對整個批次一起計算的結果（sum 沒有指定軸）：每筆資料的 softmax 只對它自己的類別計算（max 與 sum 都沿著最後一軸，並設 keepdims=True）。",
    "hint:wrong-table-row": "({activation}, {loss}) 是講義表格中「{other}」那一列，不是「{problem}」。",
    "in_parentheses": "（{text}）",
    "ipython_dropped": "{cell} 第 {line} 行：已略過 IPython 指令（{text}）。",
    "load_failed": "你的檔案無法載入，因此無法測試 {fn}：{message}",
    "location": "{file} 第 {line} 行",
    "mismatch": "{call}：應為 {expected}，得到 {got}。",
    "mismatch_beyond_digits": "{call}：結果接近正確值 {expected}，但不在題目要求的精度內（相關數值大小的 {precision}）。",
    "mismatch_one_of": "{call}：應為 {expected} 其中之一，得到 {got}。",
    "missing": "你的繳交中沒有定義 {fn}。",
    "missing_after_error": "{fn} 沒有被定義：你的檔案在它之前就停止載入了（請看關於錯誤的說明）。",
    "mutated": "{call} 直接修改了參數 {arg}；請在副本上計算（例如 np.array(x, dtype=float)）。",
    "not_finite": "{call}：結果含有 nan 或 inf：{got}；應為 {expected}。",
    "not_finite_where": "第一個非有限值在索引 {index}：應為 {expected}，得到 {got}。",
    "not_implemented": "{fn} 尚未實作（引發 NotImplementedError）。",
    "note:error": "載入你的檔案時在 {where} 發生錯誤：{message}。在那之前定義的函式仍會評分。",
    "note:exit": "你的檔案在載入時呼叫了 exit（{where}：{message}）；在那之前定義的函式仍會評分。",
    "note:grader_died": "評分這份繳交時評分行程停止了（兩次）：尚未執行的檢查得 0 分。",
    "note:late": "遲交 {days_late} 天：分數保留所得 {score_on_time:g} 分的 {factor:.0%}。",
    "note:load_died": "你的檔案在載入時結束了行程（exit、當掉或超過資源限制）；無法評分。",
    "note:load_protocol": "載入時你的檔案送出了評分程式無法讀取的資料（寫入了評分程式的通道）；無法評分。",
    "note:load_timeout": "你的檔案在 {seconds:g} 秒內沒有載入完成（最外層的程式碼在迴圈或等待）；無法評分。",
    "note:output_capped": "你的程式輸出超過評分程式保留的 {kb:g} KB（另外 {dropped} 位元組被捨棄）。輸出這麼多會拖慢每次呼叫，也可能是某次呼叫超時的原因：請移除除錯用的 print。",
    "note:syntax": "{where} 第 {line} 行語法錯誤：{message}。之後的程式碼都無法載入。",
    "note:syntax_cell": "{where} 第 {line} 行語法錯誤：{message}。該儲存格無法載入；其他儲存格已載入。",
    "note:too_late": "遲交 {days_late} 天，超過可接受遲交的期限：本次得 0 分（原本得 {score_on_time:g} 分）。",
    "note:unfinished": "這份繳交的評分在 {seconds:g} 秒內沒有完成，已被停止：尚未執行的檢查得 0 分。",
    "opaque": "{call} 回傳了 {type}；應回傳 {expected}。",
    "problem_type:binary": "二分類問題",
    "problem_type:bounded_regression": "回歸到 0~1 範圍內的值",
    "problem_type:multiclass": "多分類、單標籤問題",
    "problem_type:multilabel": "多分類、多標籤問題",
    "problem_type:regression": "回歸到任一值",
    "protocol": "{call} 回傳了評分程式無法讀取的內容：{message}",
    "raised": "{call} 引發了 {type}：{message}{where}",
    "status:failed": "未通過",
    "status:forbidden": "使用了禁止的套件",
    "status:not implemented": "尚未實作",
    "status:passed": "通過",
    "summary": "{score:g} / {max_score:g} 分",
    "tag:batch-only": "單一向量的結果多了批次維度",
    "tag:central-difference-not-halved": "中央差分沒有除以 2·eps",
    "tag:diagonal-only": "Jacobian 只剩對角線",
    "tag:divided-by-n-minus-1": "除以 N − 1 而不是 N",
    "tag:forward-difference": "單邊（前向）差分",
    "tag:hard-targets-only": "依目標只取兩項中的一項（只有目標為 0 或 1 時才對）",
    "tag:labels-from-one": "類別編號從 1 開始算",
    "tag:log-likelihood": "算成對數概似",
    "tag:log-of-zero": "對機率 0 取 log（沒有裁切）",
    "tag:log-sum-exp-without-max": "log-sum-exp 沒有先減去最大值",
    "tag:max-not-added-back": "log-sum-exp 減去的最大值沒有加回來",
    "tag:mean-over-all-elements": "連類別也取了平均",
    "tag:missing-activation": "少了激勵函數",
    "tag:missing-bias": "少了偏差項",
    "tag:missing-complement-term": "少了 (1 − t) ln(1 − p) 這一項",
    "tag:missing-diagonal": "Jacobian 少了 δᵢⱼ 項",
    "tag:missing-factor-2": "少了平方微分的係數 2",
    "tag:missing-jacobian": "少了 softmax 的 Jacobian（連鎖律）",
    "tag:missing-log": "少了 log",
    "tag:missing-one-hot": "沒有減去獨熱向量",
    "tag:no-max-subtraction": "exp 溢位（沒有先減去最大值）",
    "tag:no-stable-log-sum-exp": "logit 很大時變成 inf（沒有用穩定的 log-sum-exp）",
    "tag:not-divided-by-n": "梯度沒有除以 N",
    "tag:not-normalised": "exp 沒有除以總和（沒有正規化）",
    "tag:one-vector-only": "只能處理單一向量，不能處理批次",
    "tag:probabilities-for-logits": "對 logit 套用了 softmax",
    "tag:sigmoid-overflow": "sigmoid 中的 exp 溢位",
    "tag:sign": "正負號相反",
    "tag:squared-distance": "距離沒有開根號（平方距離）",
    "tag:sum-for-product": "該相乘卻相加",
    "tag:sum-vs-mean": "該取平均卻加總",
    "tag:swapped-arguments": "標籤與預測放反",
    "tag:transposed": "結果被轉置",
    "tag:unstable-log-sum-exp": "先算 softmax 再取 log（沒有用 log-sum-exp）",
    "tag:wrong-axis": "沿錯誤的軸計算",
    "tag:wrong-table-row": "用了講義表格的另一列",
    "timeout": "{call} 在 {seconds:g} 秒內沒有結束（無窮迴圈或太慢），已被停止。",
    "timeout_before": "{call} 沒有執行：{fn} 在這份繳交先前的檢查中已超過 {seconds:g} 秒的限制。",
    "unfinished": "未執行：這份繳交的評分沒有完成（請看說明），因此這項檢查得 0 分。",
    "value:array_of": "dtype 為 {dtype} 的陣列",
    "value:array_shaped": "形狀為 {shape} 的陣列",
    "value:finite_values": "有限的數值",
    "value:numeric_array": "數值陣列",
    "value:object": "型別為 {name} 的物件",
    "value:python": "{name}",
    "value:single_number": "單一個數",
    "value:triple": "tuple (W, b, history)",
    "visible_failed": "這項公開檢查未通過：{check}。",
    "visible_failed_code": "這項公開檢查未通過：{check}。pytest：{code}",
    "warning": "{call} 產生了數值警告（{message}）；題目要求不能有警告。",
    "wrong_dtype": "{call} 回傳了 {got_type}；題目的答案必須是 float64 陣列（numpy 預設的浮點數），不論數值為何。",
    "wrong_error": "{call} 應該引發 {exc}，但引發了 {type}：{message}",
    "wrong_shape": "{call}：應為形狀 {expected}，得到形狀 {got}。",
    "wrong_type": "{call} 回傳了 {got_type}；應回傳 {expected}。",
    "your_file": "你的檔案"
   }
  }
 },
 "selfcheck.course": {
  "ASSIGNMENT": "a3_gradients",
  "FORBIDDEN": [
   "scipy",
   "torch",
   "tensorflow",
   "jax",
   "sklearn",
   "keras"
  ],
  "LANGUAGE": "en",
  "POINTS": [
   [
    "softmax_jacobian",
    15.0
   ],
   [
    "ce_grad_logits",
    20.0
   ],
   [
    "mse_grad_logits",
    20.0
   ],
   [
    "numerical_gradient",
    15.0
   ],
   [
    "loss_surface",
    15.0
   ],
   [
    "train_softmax_regression",
    15.0
   ]
  ]
 }
})
# </kit-embed>
from _kit.catalogue import languages, render_all, resolve_language
from _kit.grading.feedback import CheckAborted, Feedback, messages_of
from _kit.selfcheck.course import LANGUAGE, POINTS
from _kit.selfcheck.local import LocalStudent
from _kit.selfcheck.run import check_name, problem_of

ASSIGNMENT = "a3_gradients"
HERE = Path(__file__).resolve().parent


def pytest_addoption(parser):
    parser.addoption("--submission", default=None, metavar="PATH",
                     help=f"the .py or .ipynb file to test, as --submission=PATH (default: {ASSIGNMENT}.py beside this file)")
    parser.addoption("--lang", default=None, metavar="LANG",
                     help=f"the language of the messages: {', '.join(languages())} (default: AUTOGRADER_LANG, else {LANGUAGE})")


def _submission_path(config):
    chosen = config.getoption("--submission")
    return Path(chosen).resolve() if chosen else HERE / f"{ASSIGNMENT}.py"


def _language(config):
    chosen = config.getoption("--lang") or os.environ.get("AUTOGRADER_LANG") or LANGUAGE
    return resolve_language(chosen)


def pytest_configure(config):
    path = _submission_path(config)
    if not path.is_file():
        raise pytest.UsageError(f"--submission: no file at {path}")
    if path.suffix not in (".py", ".ipynb"):
        raise pytest.UsageError(f"--submission: expected a .py or .ipynb file, not {path.name}")
    if _language(config) is None:
        raise pytest.UsageError(f"--lang: no language {config.getoption('--lang') or os.environ.get('AUTOGRADER_LANG')}"
                                f" (known: {', '.join(languages())})")


def notebook_code(path):
    """The code the grader sees in a notebook: code cells not tagged skip-grading, minus % and ! lines."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code" or "skip-grading" in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        # IPython lines (%magic, !shell) become blank lines, so line numbers in tracebacks stay right
        parts.append("\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()))
    return "\n\n".join(parts) + "\n"


def load_submission(path):
    """Run the submission in a fresh module, the way the grader does."""
    path = Path(path)
    code = notebook_code(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    module = types.ModuleType(f"submission_{ASSIGNMENT}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module
    exec(compile(code, str(path), "exec"), module.__dict__)
    return module


@pytest.fixture(scope="module")
def student(request):
    """Your functions, called as the grader calls them: the same outcomes, the same messages."""
    return LocalStudent(vars(load_submission(_submission_path(request.config))))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed check reads as the grader's message (what was expected, what came back, on which input)."""
    outcome = yield
    report = outcome.get_result()
    error = call.excinfo.value if call.excinfo is not None else None
    if report.failed and isinstance(error, (Feedback, CheckAborted, AssertionError)):
        problem = problem_of(item.name, POINTS) or ""
        report.longrepr = render_all(messages_of(error, check_name(ASSIGNMENT, problem, item.name)),
                                     _language(item.config))
