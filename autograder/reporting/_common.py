"""What the class report and the feedback pages share: reading results.json defensively, labels, escaping, writing.

Everything in a results.json is untrusted (student names, messages, even numbers), so it is read through
small checked getters here and every string leaves this package through ``esc``.
"""
from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_text_atomic
from ..errors import KitError

STATUSES = ("passed", "failed", "not implemented", "forbidden")
NO_RESULT = "no result"  # a problem the submission's results.json does not mention (e.g. a syntax error)

LABELS = {
    "en": {
        "class_report": "Class report",
        "feedback": "Feedback",
        "submissions": "submissions",
        "graded": "graded",
        "errors": "could not be graded",
        "mean": "mean",
        "median": "median",
        "highest": "highest",
        "lowest": "lowest",
        "score_distribution": "Score distribution",
        "hist_caption": "Number of students (vertical) per score band (horizontal, out of {max}). Dashed line: the mean.",
        "hist_alt": "Histogram of scores: {bands}",
        "problem_pass_rates": "Pass rate by problem",
        "check_pass_rates": "Pass rate by check",
        "common_mistakes": "Common mistakes",
        "mistakes_intro": "Failed checks grouped by misconception (or by message with the numbers taken out), most students first: what the class still gets wrong.",
        "slowest": "Slowest submissions",
        "not_graded": "Submissions that could not be graded",
        "all_submissions": "All submissions",
        "problem": "problem",
        "check": "check",
        "points": "points",
        "pass_rate": "pass rate",
        "mean_score": "mean score",
        "outcomes": "outcomes",
        "students": "students",
        "passed_of": "passed / run",
        "student": "student",
        "misconception": "misconception",
        "example": "example message",
        "duration": "time (s)",
        "score": "score",
        "max": "max",
        "status": "status",
        "note": "note",
        "unreadable": "results.json unreadable",
        "nothing_failed": "No check failed.",
        "no_results": "No results.json found in this folder.",
        "none": "none",
        "passed_checks": "Checks passed",
        "what_to_fix": "What to fix",
        "all_passed": "Every visible check passed.",
        "hidden_failed": "{n} hidden check(s) did not pass; their details are not shown.",
        "your_score": "Your score",
        "generated": "Generated from the grading results.",
        "status:passed": "passed",
        "status:failed": "failed",
        "status:not implemented": "not implemented",
        "status:forbidden": "forbidden import",
        "status:no result": "no result",
        "status:graded": "graded",
        "status:error": "error",
    },
    "zh-TW": {
        "class_report": "全班報告",
        "feedback": "作業回饋",
        "submissions": "份繳交",
        "graded": "已評分",
        "errors": "無法評分",
        "mean": "平均",
        "median": "中位數",
        "highest": "最高",
        "lowest": "最低",
        "score_distribution": "成績分布",
        "hist_caption": "縱軸：學生人數；橫軸：分數區間（滿分 {max}）。虛線：平均。",
        "hist_alt": "成績直方圖：{bands}",
        "problem_pass_rates": "各題通過率",
        "check_pass_rates": "各檢查項目通過率",
        "common_mistakes": "常見錯誤",
        "mistakes_intro": "未通過的檢查依迷思概念（或去掉數字後的訊息）分組，依人數排序：全班仍常犯的錯誤。",
        "slowest": "最慢的繳交",
        "not_graded": "無法評分的繳交",
        "all_submissions": "所有繳交",
        "problem": "題目",
        "check": "檢查項目",
        "points": "配分",
        "pass_rate": "通過率",
        "mean_score": "平均得分",
        "outcomes": "結果",
        "students": "學生",
        "passed_of": "通過／受測",
        "student": "學生",
        "misconception": "迷思概念",
        "example": "訊息範例",
        "duration": "時間（秒）",
        "score": "得分",
        "max": "滿分",
        "status": "狀態",
        "note": "備註",
        "unreadable": "無法讀取 results.json",
        "nothing_failed": "沒有未通過的檢查。",
        "no_results": "這個資料夾裡沒有 results.json。",
        "none": "無",
        "passed_checks": "已通過的檢查",
        "what_to_fix": "需要修正的地方",
        "all_passed": "所有可見的檢查都通過了。",
        "hidden_failed": "有 {n} 項隱藏的檢查未通過；其細節不公開。",
        "your_score": "你的分數",
        "generated": "由評分結果產生。",
        "status:passed": "通過",
        "status:failed": "未通過",
        "status:not implemented": "未實作",
        "status:forbidden": "使用禁用套件",
        "status:no result": "無結果",
        "status:graded": "已評分",
        "status:error": "錯誤",
    },
}


def resolve_lang(lang: str | None) -> str:
    """Accept en, zh-TW (any case, - or _); anything else is a usage error, not a silent English page."""
    if lang is None:
        return "en"
    wanted = str(lang).replace("_", "-").lower()
    for known in LABELS:
        if known.lower() == wanted:
            return known
    raise KitError(f"unknown report language {lang!r} (known: {', '.join(LABELS)})")


def esc(value) -> str:
    """Escape anything for HTML text or a quoted attribute: every string from results.json goes through here."""
    return html.escape("" if value is None else str(value), quote=True)


def fmt(value, digits: int = 2) -> str:
    """72.5 -> "72.5", 20.0 -> "20", None -> "–"."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(rate) -> str:
    return "–" if rate is None else f"{100 * rate:.0f}%"


def _num(value) -> float | None:
    """A finite number, or None: booleans, strings, NaN and infinities from a results.json are not scores."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


@dataclass
class Check:
    name: str
    problem: str
    status: str  # "passed" | "failed"
    score: float | None
    max_score: float | None
    output: str
    visibility: str
    misconception: str | None


@dataclass
class ProblemResult:
    score: float | None
    max_score: float | None
    status: str
    message: str


@dataclass
class Submission:
    dir_name: str          # OUT/<dir_name>/results.json: the identity the batch used
    student: str           # the name to show (extra_data.kit.student, else dir_name)
    assignment: str | None
    score: float | None
    max_score: float | None
    status: str            # "graded" | "error"
    note: str
    output: str
    duration: float | None
    language: str | None
    problems: dict = field(default_factory=dict)  # problem id -> ProblemResult, in results.json order
    checks: list = field(default_factory=list)


MISCONCEPTION_TAG = "misconception:"


def _check(raw) -> Check | None:
    raw = _dict(raw)
    tags = [t for t in _list(raw.get("tags")) if isinstance(t, str)]
    name = _str(raw.get("name"))
    if not tags and name is None:
        return None
    problem = tags[0] if tags else (name.split(":", 1)[0].strip() if name and ":" in name else "?")
    misconception = _str(_dict(raw.get("extra_data")).get("misconception"))
    if not misconception:
        for tag in tags[1:]:
            if tag.startswith(MISCONCEPTION_TAG) and len(tag) > len(MISCONCEPTION_TAG):
                misconception = tag[len(MISCONCEPTION_TAG):]
                break
    score, max_score = _num(raw.get("score")), _num(raw.get("max_score"))
    status = _str(raw.get("status"))
    if status not in ("passed", "failed"):
        status = "passed" if score is not None and max_score is not None and score >= max_score else "failed"
    return Check(name=name or problem, problem=problem, status=status, score=score, max_score=max_score,
                 output=_str(raw.get("output")) or "", visibility=_str(raw.get("visibility")) or "visible",
                 misconception=misconception or None)


def parse_results(data: dict, dir_name: str) -> Submission:
    """Turn one results.json document into a Submission, tolerating missing or ill-typed fields."""
    kit = _dict(_dict(data.get("extra_data")).get("kit"))
    checks = [c for c in map(_check, _list(data.get("tests"))) if c is not None]
    problems: dict[str, ProblemResult] = {}
    for pid, raw in _dict(kit.get("problems")).items():
        raw = _dict(raw)
        status = _str(raw.get("status"))
        problems[str(pid)] = ProblemResult(
            score=_num(raw.get("score")), max_score=_num(raw.get("max_score")),
            status=status if status in STATUSES else "failed", message=_str(raw.get("message")) or "")
    for check in checks:  # a results.json without the kit's summary still has its tests
        if check.problem not in problems:
            mine = [c for c in checks if c.problem == check.problem]
            scores = [c.score for c in mine if c.score is not None]
            maxes = [c.max_score for c in mine if c.max_score is not None]
            failed = next((c for c in mine if c.status != "passed"), None)
            problems[check.problem] = ProblemResult(
                score=sum(scores) if scores else None, max_score=sum(maxes) if maxes else None,
                status="failed" if failed else "passed", message=failed.output if failed else "")
    status = _str(kit.get("status"))
    return Submission(
        dir_name=dir_name,
        student=_str(kit.get("student")) or dir_name,
        assignment=_str(kit.get("assignment")),
        score=_num(data.get("score")),
        max_score=_num(kit.get("max_score")),
        status=status if status in ("graded", "error") else "graded",
        note=_str(kit.get("note")) or "",
        output=_str(data.get("output")) or "",
        duration=_num(kit.get("duration")) if _num(kit.get("duration")) is not None else _num(data.get("execution_time")),
        language=_str(kit.get("language")),
        problems=problems,
        checks=checks,
    )


def load_results(out_dir: Path) -> tuple[list[Submission], list[str]]:
    """Every OUT/*/results.json as a Submission, plus the folder names whose results.json could not be read."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise KitError(f"not a results folder: {out_dir}")
    submissions, unreadable = [], []
    for path in sorted(out_dir.glob("*/results.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            unreadable.append(path.parent.name)
            continue
        if not isinstance(data, dict):
            unreadable.append(path.parent.name)
            continue
        submissions.append(parse_results(data, path.parent.name))
    return submissions, unreadable


_NUMBER = re.compile(r"(?<![A-Za-z_\d])[-+−]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf|NaN|Inf)\b")
_ARRAY = re.compile(r"\[[#,;\s.…\[\]]*\]")


def normalise_message(message: str) -> str:
    """Take the numbers out of a message so that "got 3.2" and "got 4.1" are one mistake."""
    text = _NUMBER.sub("#", message)
    text = _ARRAY.sub("[…]", text)
    return re.sub(r"\s+", " ", text).strip()


_FRAME = re.compile(r'^\s*File "([^"]*)", line \d+')


def scrub(message: str) -> str:
    """Drop traceback frames that are not the student's code (grader files, the kit, libraries): they can show test source."""
    lines = message.splitlines()
    kept, skip_code = [], False
    for line in lines:
        match = _FRAME.match(line)
        if match:
            where = match.group(1).replace("\\", "/")
            skip_code = any(part in where for part in ("/graders/", "/autograder/", "site-packages", "<frozen"))
            if not skip_code:
                kept.append(line)
            continue
        if skip_code and line.startswith("    ") and not line.lstrip().startswith("File "):
            continue  # the source line (and any ^^^ marker) printed under a dropped frame
        skip_code = False
        kept.append(line)
    return "\n".join(kept)


def write_atomic(path: Path, text: str) -> Path:
    """Write a page so a reader (or a browser reload) never sees half of it."""
    return write_text_atomic(path, text)


# No script may run and nothing may be fetched: even a slip in escaping cannot then reach out.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f5f7fa; --card:#fff;
        --pass:#2f9e62; --fail:#d64545; --todo:#a0a7b0; --forbid:#b35c00; --accent:#2f6db3; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK TC", "PingFang TC",
             "Microsoft JhengHei", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
header .sub { color: var(--muted); margin: 0 0 16px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px;
          margin: 16px 0; }
section h2 { margin: 0 0 10px; font-size: 18px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin: 0 0 8px; }
.card { background: var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 16px; min-width:120px; }
.card .v { font-size: 24px; font-weight: 650; }
.card .k { color: var(--muted); font-size: 13px; }
.card.bad .v { color: var(--fail); }
.grid { display:grid; grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 16px; }
.grid > section { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
#check-table tr.first td { border-top: 2px solid #d3d8de; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
.bar { position: relative; height: 16px; min-width: 120px; background: #eef1f4; border-radius: 4px; overflow: hidden; }
.bar > span { position:absolute; left:0; top:0; bottom:0; background: var(--pass); }
.bar.mid > span { background: #e0a526; }
.bar.low > span { background: var(--fail); }
.stack { display:flex; height: 16px; min-width: 140px; border-radius: 4px; overflow: hidden; background:#eef1f4; }
.stack > span { display:block; height:100%; }
.s-passed { background: var(--pass); } .s-failed { background: var(--fail); }
.s-not-implemented { background: var(--todo); } .s-no-result { background: #d3d8de; } .s-forbidden { background: var(--forbid); }
.legend { color: var(--muted); font-size: 12px; margin-top: 6px; }
.legend i { display:inline-block; width:10px; height:10px; border-radius:2px; margin: 0 4px 0 10px; vertical-align: -1px; }
.badge { display:inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; color:#fff; white-space: nowrap; }
.badge.passed, .badge.graded { background: var(--pass); } .badge.failed, .badge.error { background: var(--fail); }
.badge.not-implemented { background: var(--todo); } .badge.no-result { background: #b9c0c8; } .badge.forbidden { background: var(--forbid); }
.tag { display:inline-block; background:#e8f0fb; color: var(--accent); border-radius: 4px; padding: 0 6px; font-size: 13px; }
.count { font-size: 20px; font-weight: 650; text-align:center; }
figure { margin: 0; } figure img { width: 100%; height: auto; display:block; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
pre.msg { white-space: pre-wrap; word-break: break-word; margin: 4px 0 0; background: #f8f9fb; border: 1px solid var(--line);
          border-radius: 6px; padding: 8px 10px; font-size: 13px; max-height: 14em; overflow: auto; }
details summary { cursor: pointer; color: var(--accent); }
.muted { color: var(--muted); } .small { font-size: 12px; }
.problem-block { border-left: 4px solid var(--fail); padding: 4px 0 4px 12px; margin: 14px 0; }
.problem-block h3 { margin: 0 0 6px; font-size: 16px; }
.check { margin: 8px 0 12px; }
.big { font-size: 40px; font-weight: 700; } .big small { font-size: 20px; color: var(--muted); font-weight: 500; }
footer { color: var(--muted); font-size: 12px; text-align:center; margin-top: 24px; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
"""


def page(title: str, body: str, lang: str) -> str:
    """A self-contained HTML document: inline CSS, a CSP that forbids scripts and outside requests."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def status_badge(status: str, labels: dict) -> str:
    css = status.replace(" ", "-")
    return f'<span class="badge {esc(css)}">{esc(labels.get("status:" + status, status))}</span>'
