"""One catalogue: every key in every language with the same placeholders, languages listed once (the folders),
a new language is files only, and feedback survives as data from a check to results.json and back."""

from __future__ import annotations

import ast
import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from autograder import catalogue
from autograder.catalogue import ByLanguage, Message, from_json, say
from autograder.catalogue.store import CatalogueError, load_languages, read_domain
from autograder.errors import KitError

from english import english_sentences
from helpers import ROOT, write_course

LANGUAGES = catalogue.CATALOGUE.languages
SOURCE = LANGUAGES[catalogue.SOURCE_LANGUAGE].messages
KEYS = sorted(SOURCE)


UNFILLED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(![rsa])?(:[^{}]*)?\}")  # {name} left in: {2} in z_1^{2} is LaTeX


def placeholders(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def dummy(template: str) -> dict:
    """A value for every placeholder that fits any format spec (:g, :.0%)."""
    return {name: 0.5 for name in placeholders(template)}


def test_the_kit_speaks_english_and_traditional_chinese():
    assert catalogue.languages()[:1] == ("en",) and "zh-TW" in catalogue.languages()
    assert len(KEYS) > 300


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_key_in_every_language_with_the_same_placeholders(lang):
    other = LANGUAGES[lang].messages
    assert sorted(set(SOURCE) - set(other)) == [], f"{lang} lacks these keys"
    assert sorted(set(other) - set(SOURCE)) == [], f"{lang} has keys English does not"
    differing = {
        k: (placeholders(SOURCE[k]), placeholders(other[k]))
        for k in SOURCE
        if placeholders(SOURCE[k]) != placeholders(other[k])
    }
    assert differing == {}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_key_renders_in_every_language(lang):
    for key in KEYS:
        text = say(key, lang, **dummy(SOURCE[key]))
        assert text and not UNFILLED.search(text), (key, text)
        assert text != key


def test_traditional_chinese_sentences_have_no_english_sentence():
    zh = LANGUAGES["zh-TW"].messages
    found = {k: english_sentences(v) for k, v in zh.items() if english_sentences(v)}
    assert found == {}


def test_the_lecture_terms_in_traditional_chinese():
    zh = " ".join(LANGUAGES["zh-TW"].messages.values())
    for term in ("獨熱向量", "交叉熵", "損失函數", "激勵函數"):
        assert term in zh


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_no_sentence_ends_in_a_bracket_that_its_frame_opens_another_beside(lang):
    """numpy's explanation is followed by numpy's own words in brackets, and a location sits in brackets itself: an
    explanation or a location that ends in a bracket would read ")(" or "))" (the doubled punctuation a student
    sees)."""
    messages = LANGUAGES[lang].messages
    framed = [k for k in messages if k.startswith("numpy:") and k not in ("numpy:explained", "numpy:joined")]
    framed += ["location", "location_in", "cell", "cell_run", "your_file"]
    ending = {k: messages[k] for k in framed if messages[k].rstrip().endswith((")", "）"))}
    assert len(framed) > 15 and ending == {}


def test_a_key_written_twice_is_an_error(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("hint:\n  sign: a\n  sign: b\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="defined twice"):
        read_domain(path)


def test_a_key_in_two_files_of_one_language_is_an_error(tmp_path):
    for name in ("en", "xx"):
        (tmp_path / name).mkdir()
    (tmp_path / "en" / "a.yml").write_text('k: "one"\n', encoding="utf-8")
    (tmp_path / "en" / "b.yml").write_text('k: "two"\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="also defined"):
        load_languages([tmp_path])


def test_a_missing_translation_falls_back_to_english(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "xx").mkdir()
    (tmp_path / "en" / "a.yml").write_text('k: "hello {name}"\nonly: "English only"\n', encoding="utf-8")
    (tmp_path / "xx" / "a.yml").write_text('k: "bonjour {name}"\n', encoding="utf-8")
    languages = load_languages([tmp_path])
    assert languages["xx"].messages == {"k": "bonjour {name}"} and "only" in languages["en"].messages


def test_languages_are_listed_once():
    """No module lists the languages: they are the catalogue's folders."""
    offenders = []
    for path in (ROOT / "autograder").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if re.search(r"""["']zh-TW["']""", text) or re.search(r"""lang(uage)? == ["']en["']""", text):
            offenders.append(rel)
    assert offenders == []
    schema = json.loads((ROOT / "autograder" / "course.schema.json").read_text(encoding="utf-8"))
    assert "enum" not in schema["properties"]["language"]


# ---- check names ----------------------------------------------------------------------------------
def _tests(path: Path) -> dict:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.name: ast.get_docstring(n) for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")
    }


@pytest.mark.parametrize("assignment", ["a1_encoding", "a2_losses", "a3_gradients", "a4_derivations"])
def test_every_check_has_a_name_in_the_catalogue(assignment):
    """Hidden checks: the catalogue's English name is the grader's docstring. Visible checks: a name says what holds."""
    for test, doc in _tests(ROOT / "autograder" / "graders" / f"{assignment}.py").items():
        key = f"check:{assignment}:{test}"
        assert SOURCE.get(key) == doc.splitlines()[0].rstrip("."), key
    visible = ROOT / "assignments" / assignment / f"test_{assignment}_visible.py"
    for test in _tests(visible):
        assert f"check:test_{assignment}_visible:{test}" in SOURCE, test


def test_every_misconception_has_a_readable_name():
    from autograder.checker import slips
    from autograder.grading import misconceptions

    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (misconceptions, slips))
    tags = set(re.findall(r'Suspect\("([a-z0-9-]+)"', source))
    assert tags and all(f"tag:{tag}" in SOURCE for tag in tags), tags - {k[4:] for k in SOURCE if k.startswith("tag:")}
    hints = set(re.findall(r'Message\("(hint:[a-z0-9-]+)"', source))
    assert all(h in SOURCE for h in hints), hints - set(SOURCE)


def test_every_mistake_of_the_list_is_named_and_fixed_in_every_language():
    """graders/mistakes.yml is the list of mistakes: each has its name, its fix and its kind's name everywhere, so
    that two of them together (hint:compound) and the class report read in every language."""
    from autograder.grading import mistakes

    known = mistakes.known()
    keys = {f"{section}:{tag}" for tag in known.tags() for section in ("tag", "fix")}
    keys |= {f"label:kind_name:{kind}" for kind in known.kinds}
    keys |= {f"hint:{consequence}" for consequence in known.consequences}
    for code, language in LANGUAGES.items():
        assert keys <= set(language.messages), (code, sorted(keys - set(language.messages)))
    named_by_suspects = set(re.findall(r'Suspect\(\s*"([a-z0-9-]+)"', _mistake_sources()))
    assert named_by_suspects <= known.tags(), named_by_suspects - known.tags()


def _mistake_sources() -> str:
    from autograder.checker import compare, slips
    from autograder.grading import misconceptions

    return "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (misconceptions, slips, compare))


# ---- messages as data -----------------------------------------------------------------------------
def test_a_message_renders_in_either_language_any_number_of_times():
    message = Message("claim:softmax_rows", call="softmax(z)", sums="[2. 2.]")
    english = message.render("en")
    assert message.render("zh-TW") == "softmax(z)：各列加總為 [2. 2.]，不是 1。"
    assert message.render("en") == english == "softmax(z): rows sum to [2. 2.], not 1."  # rendering changes nothing


def test_nested_messages_and_json_round_trip():
    message = Message("load_failed", fn="softmax", message=Message("note:load_timeout", seconds=30.0))
    data = json.loads(json.dumps(message.to_json(), allow_nan=False))
    back = from_json(data)
    assert back == message and back.render("zh-TW") == message.render("zh-TW")
    assert "30 秒" in back.render("zh-TW")
    by_lang = ByLanguage({"en": "step 2 is false"}, Message("check_failed"))
    assert from_json(by_lang.to_json()).render("zh-TW") == say("check_failed", "zh-TW")
    assert from_json(by_lang.to_json()).render("en") == "step 2 is false"


def test_numbers_that_json_cannot_hold_become_text():
    data = Message("mismatch", call="f()", expected=float("nan"), got=float("inf")).to_json()
    json.dumps(data, allow_nan=False)
    assert data["params"]["expected"] == "nan"


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        3,
        "x",
        [],
        {"key": 5},
        {"params": {}},
        {"key": "k" * 500},
        {"by_language": "x"},
        {"key": "mismatch", "params": {"__class__": {"key": "x"}}},
    ],
)
def test_messages_read_from_a_results_json_are_checked(garbage):
    found = from_json(garbage)
    assert found is None or found.render("en") is not None


def test_deeply_nested_messages_are_cut():
    data: dict = {"key": "claim", "params": {}}
    for _ in range(50):
        data = {"key": "claim", "params": {"claim": data}}
    assert len(from_json(data).render("en")) < 100


def test_a_format_spec_that_does_not_fit_its_value_does_not_break_rendering():
    assert (
        say("timeout", "en", call="f()", seconds="many")
        == "f() did not finish within many s (an endless loop, or far too slow); it was stopped."
    )


def test_kit_errors_speak_the_users_language():
    error = KitError(Message("error:submission_not_found", path="x.py"))
    assert str(error) == "submission not found: x.py" and error.render("zh-TW") == "找不到繳交檔案：x.py"
    assert KitError("plain text").render("zh-TW") == "plain text"


# ---- a language is files only ---------------------------------------------------------------------
def _pseudo(text: str) -> str:
    """A pseudo-translation: every letter outside {placeholders} and `code` becomes its accented twin."""
    out, depth, code = [], 0, False
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "`":
            code = not code
        out.append(ch.translate(_ACCENTS) if depth == 0 and not code else ch)
    return "⟦" + "".join(out) + "⟧"


_ACCENTS = str.maketrans("aeiouAEIOUcnyCNY", "àéîõüÀÉÎÕÜçñÿÇÑŸ")


def _write_test_language(folder: Path) -> Path:
    """The files a translator would write for a new language (here: a pseudo-locale), from the English ones."""
    target = folder / "en-XA"
    target.mkdir(parents=True)
    for path in sorted((ROOT / "autograder" / "catalogue" / "en").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node):
            return {k: walk(v) for k, v in node.items()} if isinstance(node, dict) else _pseudo(node)

        (target / path.name).write_text(
            yaml.safe_dump(walk(data), allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return target


@pytest.mark.slow
def test_a_new_language_needs_files_only(tmp_path):
    """A test language (en-XA) written as files beside the kit: grade, check, feedback and report speak it,
    course.yml accepts it, and no code was changed for it."""
    _write_test_language(tmp_path / "catalogue")
    course_data = yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))
    course_data["language"] = "en-XA"
    course_dir = tmp_path / "course"
    course_dir.mkdir()
    course = write_course(course_dir)
    data = yaml.safe_load(course.read_text(encoding="utf-8"))
    data["language"] = "en-XA"
    course.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_CATALOGUE": str(tmp_path / "catalogue")}

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "autograder", "--course", str(course), *args],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
            env=env,
        )

    wrong = tmp_path / "wrong.py"
    wrong.write_text(
        (ROOT / "solutions" / "a1_encoding.py").read_text(encoding="utf-8")
        + (ROOT / "tests" / "corpus" / "a1_encoding" / "softmax_no_max.py").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    out = tmp_path / "OUT"
    results = out / "wrong" / "results.json"
    proc = run("grade", str(wrong), "-a", "a1_encoding", "--results", str(results))  # course.yml's language
    assert proc.returncode == 0, proc.stderr
    graded = json.loads(results.read_text(encoding="utf-8"))
    assert graded["extra_data"]["kit"]["language"] == "en-XA"
    failed = [t for t in graded["tests"] if t["status"] == "failed"]
    assert failed and all(t["output"].startswith("⟦") and t["name"].startswith("⟦softmax: ⟦") for t in failed)
    assert "⟦prõblém⟧" in proc.stdout and "⟦Thîs îs whàt" in proc.stdout
    proc = run("check", "a1_encoding", str(wrong), "--lang", "en-xa")
    assert proc.returncode == 0, proc.stderr
    assert "⟦Fîrst fàîlüré⟧" in proc.stdout
    assert run("feedback", str(out), "--lang", "en-XA").returncode == 0
    page = (out / "wrong" / "feedback.html").read_text(encoding="utf-8")
    assert '<html lang="en-XA">' in page and "⟦Thîs îs whàt éxp(z)" in page
    assert run("report", str(out), "--lang", "en-XA").returncode == 0
    assert "⟦Çlàss répõrt⟧" in (out / "report.html").read_text(encoding="utf-8")
    proc = run("grade", str(wrong), "-a", "a1_encoding", "--lang", "fr")
    assert proc.returncode == 2 and "en, en-XA, zh-TW" in proc.stderr
    assert not list((ROOT / "autograder").rglob("en-XA*"))  # the kit itself was not touched for it
