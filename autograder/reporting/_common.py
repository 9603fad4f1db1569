"""What the class report, the feedback pages and the gradebook share: reading results.json defensively, labels, writing.

Everything in a results.json is untrusted (student names, messages, even numbers), so it is read through
small checked getters here; the pages are rendered from autoescaping templates (see `render`).
"""
from __future__ import annotations

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
        "students_by_score": "Students by score, lowest first",
        "students_intro": "Each name opens the student's feedback page. Rows under half the points, or not graded, are marked: these students may need help first.",
        "needs_attention": "needs attention",
        "not_passed": "problems not passed",
        "percent": "percent",
        "discrimination": "discrimination",
        "discrimination_title": "Checks that separate strong from weak students",
        "discrimination_intro": "Discrimination = the pass rate among the top 27 % of the class minus the pass rate among the bottom 27 %. High: the check tells who has understood. Near zero: nearly everyone passes it, or nearly everyone fails it. Negative: strong students fail it more often than weak ones, so look at the check itself.",
        "upper_group": "top 27 %",
        "lower_group": "bottom 27 %",
        "too_few_students": "Too few graded submissions to compare the strongest and the weakest (at least {n} needed).",
        "similarity": "Identical or near-identical submissions (instructor only)",
        "similarity_intro": "Groups of submissions whose files are byte-for-byte identical, or whose code is the same once names, comments, spacing and the released stub are set aside (copydetect fingerprints). A signal to look at, not a verdict: this section never appears on a student's page.",
        "identical": "identical",
        "near_identical": "near-identical",
        "similarity_score": "similarity",
        "group": "group",
        "no_clusters": "No identical or near-identical submissions.",
        "exact_only": "Only byte-identical files were compared, because the submitted files were not at hand: run `autograder report OUT --submissions DIR` to compare near-identical code too.",
        "similarity_failed": "The near-identical comparison did not finish ({reason}); byte-identical files were still compared.",
        "gradebook": "Gradebook",
        "gradebook_intro": "Every assignment of every student, lowest total first. Each score opens that feedback page; late penalties and overrides are shown with who set them and why.",
        "assignment": "assignment",
        "total": "total",
        "late_penalty": "late penalty",
        "late_days": "{days} day(s) late",
        "override": "override",
        "overrides": "Overrides",
        "reason": "reason",
        "set_by": "set by",
        "graded_score": "graded",
        "final_score": "final",
        "missing": "missing",
        "trend": "trend",
        "trend_title": "Change from the first to the last assignment handed in, in percent of the points",
        "no_students": "No graded students in these folders.",
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
        "students_by_score": "學生依分數排序（由低到高）",
        "students_intro": "點學生名字可開啟其回饋頁面。得分未達一半或無法評分的列會標示出來：這些學生可能最需要協助。",
        "needs_attention": "需要關注",
        "not_passed": "未通過的題目",
        "percent": "百分比",
        "discrimination": "鑑別度",
        "discrimination_title": "最能區分高低分學生的檢查項目",
        "discrimination_intro": "鑑別度 = 全班前 27% 學生的通過率減去後 27% 學生的通過率。高：這項檢查能分辨誰真正理解。接近零：幾乎每個人都通過，或幾乎每個人都沒通過。負值：高分學生反而比低分學生更常失敗，請檢查這個項目本身。",
        "upper_group": "前 27%",
        "lower_group": "後 27%",
        "too_few_students": "已評分的繳交太少，無法比較最強與最弱的學生（至少需要 {n} 份）。",
        "similarity": "相同或幾乎相同的繳交（僅供教師參考）",
        "similarity_intro": "檔案位元組完全相同，或忽略名稱、註解、空白與發下的範本後程式碼相同的繳交（copydetect 指紋）。這是值得查看的訊號，不是定論：這一節不會出現在學生的頁面上。",
        "identical": "完全相同",
        "near_identical": "幾乎相同",
        "similarity_score": "相似度",
        "group": "群組",
        "no_clusters": "沒有相同或幾乎相同的繳交。",
        "exact_only": "因為手邊沒有繳交的檔案，只比對了位元組完全相同的檔案：執行 `autograder report OUT --submissions DIR` 也能比對幾乎相同的程式碼。",
        "similarity_failed": "幾乎相同的比對未能完成（{reason}）；位元組完全相同的檔案仍已比對。",
        "gradebook": "成績簿",
        "gradebook_intro": "每位學生每份作業的成績，總分由低到高。點分數可開啟該份回饋頁面；遲交扣分與成績調整會列出設定者與原因。",
        "assignment": "作業",
        "total": "總分",
        "late_penalty": "遲交扣分",
        "late_days": "遲交 {days} 天",
        "override": "調整",
        "overrides": "成績調整",
        "reason": "原因",
        "set_by": "設定者",
        "graded_score": "評分",
        "final_score": "最終",
        "missing": "未繳交",
        "trend": "趨勢",
        "trend_title": "從第一份到最後一份繳交的作業，得分百分比的變化",
        "no_students": "這些資料夾裡沒有已評分的學生。",
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
    content_sha256: str | None = None  # the graded file's hash: byte-identical submissions share it
    late: dict = field(default_factory=dict)  # days_late, factor, score_on_time when a late policy applied
    lms: dict = field(default_factory=dict)   # what the LMS export said of the student (Canvas id, e-mail…)
    source: str = ""                          # where the batch found the file


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
    batch = _dict(kit.get("batch"))
    sha = _str(kit.get("content_sha256"))
    late = {k: v for k, v in _dict(kit.get("late")).items()
            if k in ("days_late", "factor", "score_on_time", "accepted") and (isinstance(v, bool) or _num(v) is not None)}
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
        content_sha256=sha if sha and re.fullmatch(r"[0-9a-f]{64}", sha) else None,
        late=late,
        lms={str(k): v for k, v in _dict(batch.get("lms")).items() if isinstance(v, (str, bool))},
        source=_str(batch.get("source")) or "",
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
