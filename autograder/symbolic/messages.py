"""Every sentence a student reads about a derivation, in English and Traditional Chinese.

Kept in one table so a translator edits one file and a test can check both languages have every key.
Numbers go through `fmt_number` so that a point reads the same way in both languages (with a real minus sign).
"""
from __future__ import annotations

LANGS = ("en", "zh-TW")

MESSAGES: dict[str, dict[str, str]] = {
    # --- part names -----------------------------------------------------------------------------
    "part_start": {
        "en": "starts at the given expression",
        "zh-TW": "從題目給定的式子開始",
    },
    "part_step": {
        "en": "step {k} follows from step {j}",
        "zh-TW": "第 {k} 步由第 {j} 步推得",
    },
    "part_steps_none": {
        "en": "the steps",
        "zh-TW": "推導步驟",
    },
    "part_goal": {
        "en": "reaches the goal",
        "zh-TW": "抵達目標",
    },
    "part_saturation": {
        "en": "the MSE gradient vanishes where the softmax saturates, the cross-entropy gradient does not",
        "zh-TW": "softmax 飽和時 MSE 的梯度消失，交叉熵的梯度不會",
    },
    # --- start ----------------------------------------------------------------------------------
    "start_ok": {
        "en": "step 0 is the given expression",
        "zh-TW": "第 0 步就是題目給定的式子",
    },
    "start_wrong": {
        "en": "step 0 should be the given expression {start}, but your chain starts at {got}",
        "zh-TW": "第 0 步應為題目給定的式子 {start}，但你的推導從 {got} 開始",
    },
    "start_equal_not_written": {
        "en": "step 0 equals the given expression but is not written as it: begin the chain with the given expression itself, {start}",
        "zh-TW": "第 0 步與題目給定的式子相等，但寫法不同：請直接以給定的式子 {start} 開始推導",
    },
    # --- steps ----------------------------------------------------------------------------------
    "step_proved": {
        "en": "step {k} follows from step {j} (sympy proved it)",
        "zh-TW": "第 {k} 步由第 {j} 步推得（sympy 已證明）",
    },
    "step_same": {
        "en": "step {k} is the same expression as step {j} (sympy writes both the same way; it is not counted as a move)",
        "zh-TW": "第 {k} 步與第 {j} 步是同一個式子（sympy 寫法相同，不算一次變化）",
    },
    "step_numeric": {
        "en": "step {k} follows from step {j} (equal at {count} points; sympy could not simplify the difference to 0 in time)",
        "zh-TW": "第 {k} 步由第 {j} 步推得（在 {count} 個點上相等；sympy 未能及時把差化簡為 0）",
    },
    "step_false": {
        "en": "step {k} does not follow from step {j}: at {point} step {j} is {a} and step {k} is {b}",
        "zh-TW": "第 {k} 步不是由第 {j} 步推得：在 {point} 時，第 {j} 步為 {a}，第 {k} 步為 {b}",
    },
    "step_undecided": {
        "en": "could not decide within {seconds} s whether step {k} follows from step {j}: split it into smaller steps",
        "zh-TW": "無法在 {seconds} 秒內判斷第 {k} 步是否由第 {j} 步推得：請把這一步拆成較小的步驟",
    },
    "step_too_large": {
        "en": "this step is too large: show how you got from {a} to {b} (your chain makes {moves} move(s); this derivation needs at least {minimum}, and a step that repeats the expression before it is not a move)",
        "zh-TW": "這一步跨得太大：請寫出如何從 {a} 得到 {b}（你的推導有 {moves} 次變化，此題至少需要 {minimum} 次；與前一步相同的式子不算變化）",
    },
    "steps_withheld": {
        "en": "no step points: your chain makes {moves} move(s) and this derivation needs at least {minimum}",
        "zh-TW": "沒有步驟分數：你的推導有 {moves} 次變化，此題至少需要 {minimum} 次",
    },
    "step_no_waypoint": {
        "en": "this step is too large: show how you got from {a} to {b}; the chain must pass through a sum of logs, such as {waypoint} (the log of a product is the sum of the logs)",
        "zh-TW": "這一步跨得太大：請寫出如何從 {a} 得到 {b}；推導必須經過「對數的和」，例如 {waypoint}（乘積的對數等於對數的和）",
    },
    "step_bad_side": {
        "en": "step {k} cannot be checked: {reason}",
        "zh-TW": "無法檢查第 {k} 步：{reason}",
    },
    "steps_none": {
        "en": "the chain has no steps: it must go from the given expression to the goal",
        "zh-TW": "推導沒有任何步驟：必須從給定的式子推到目標",
    },
    # --- goal -----------------------------------------------------------------------------------
    "goal_ok": {
        "en": "your chain ends at the goal {goal}",
        "zh-TW": "你的推導停在目標 {goal}",
    },
    "goal_wrong": {
        "en": "your chain ends at {end}, the goal is {goal}",
        "zh-TW": "你的推導停在 {end}，目標是 {goal}",
    },
    "goal_equal_not_written": {
        "en": "your chain ends at {end}, which equals the goal but is not written as it: add a last step that reaches {goal}",
        "zh-TW": "你的推導停在 {end}，它與目標相等但寫法不同：請再加一步寫成 {goal}",
    },
    "goal_mse_ok": {
        "en": "your chain ends at {end}, which equals 4*s1*(1 - s1)*(s1 - y1) and shows the factor s1*(1 - s1)",
        "zh-TW": "你的推導停在 {end}，它等於 4*s1*(1 - s1)*(s1 - y1)，並寫出了因子 s1*(1 - s1)",
    },
    "goal_mse_no_factor": {
        "en": "your chain ends at {end}, which equals the gradient but does not show the factor s1*(1 - s1) as a factor of a product (for example 4*s1*(1 - s1)*(s1 - y1), with s1 written out)",
        "zh-TW": "你的推導停在 {end}，它等於梯度，但沒有把 s1*(1 - s1) 寫成乘積中的因子（例如 4*s1*(1 - s1)*(s1 - y1)，其中 s1 要展開寫出）",
    },
    "goal_mse_not_equal": {
        "en": "your chain ends at {end}, which is not the gradient 4*s1*(1 - s1)*(s1 - y1) (with y2 = 1 - y1): at {point} yours is {a} and the gradient is {b}",
        "zh-TW": "你的推導停在 {end}，它不是梯度 4*s1*(1 - s1)*(s1 - y1)（其中 y2 = 1 - y1）：在 {point} 時，你的式子為 {a}，梯度為 {b}",
    },
    "goal_mse_undecided": {
        "en": "could not decide within {seconds} s whether your final expression {end} equals 4*s1*(1 - s1)*(s1 - y1)",
        "zh-TW": "無法在 {seconds} 秒內判斷你最後的式子 {end} 是否等於 4*s1*(1 - s1)*(s1 - y1)",
    },
    "goal_bad": {
        "en": "the last step cannot be checked: {reason}",
        "zh-TW": "無法檢查最後一步：{reason}",
    },
    # --- the saturation fact (mse_softmax_gradient) ---------------------------------------------
    "saturation_ok": {
        "en": "with target class 1 (y1 = 1, y2 = 0) and z2 = 0, your gradient is {g30} at z1 = −30 and {g60} at z1 = −60 (→ 0), while cross-entropy's s1 − y1 is {c30} (→ −1): MSE hardly learns where it is most wrong",
        "zh-TW": "目標為第 1 類（y1 = 1, y2 = 0）且 z2 = 0 時，你的梯度在 z1 = −30 為 {g30}、在 z1 = −60 為 {g60}（→ 0），而交叉熵的 s1 − y1 為 {c30}（→ −1）：MSE 在錯得最離譜的地方幾乎學不動",
    },
    "saturation_wrong": {
        "en": "with target class 1 (y1 = 1, y2 = 0) and z2 = 0, your final expression is {g30} at z1 = −30 and {g60} at z1 = −60; the MSE gradient should go to 0 as z1 → −∞ (cross-entropy's s1 − y1 goes to −1)",
        "zh-TW": "目標為第 1 類（y1 = 1, y2 = 0）且 z2 = 0 時，你最後的式子在 z1 = −30 為 {g30}、在 z1 = −60 為 {g60}；當 z1 → −∞ 時 MSE 的梯度應趨近 0（交叉熵的 s1 − y1 趨近 −1）",
    },
    "saturation_not_gradient": {
        "en": "your final expression is {g30} at z1 = −30 and {g60} at z1 = −60 (y1 = 1, y2 = 0, z2 = 0), but it is not the MSE gradient (see \"reaches the goal\"), so it says nothing about how the gradient behaves",
        "zh-TW": "你最後的式子在 z1 = −30 為 {g30}、在 z1 = −60 為 {g60}（y1 = 1, y2 = 0, z2 = 0），但它不是 MSE 的梯度（見「抵達目標」），因此無法說明梯度的行為",
    },
    "saturation_unchecked": {
        "en": "the limit could not be checked: {reason}",
        "zh-TW": "無法檢查極限：{reason}",
    },
    # --- the chain as a whole -------------------------------------------------------------------
    "chain_not_list": {
        "en": "the function must return a list of expressions (a chain), got {type}",
        "zh-TW": "函式必須回傳由式子組成的串列（推導鏈），但得到 {type}",
    },
    "chain_empty": {
        "en": "the chain is empty: return a list that starts at the given expression and ends at the goal",
        "zh-TW": "推導鏈是空的：請回傳一個從給定式子開始、到目標結束的串列",
    },
    "chain_too_long": {
        "en": "the chain has {count} steps; at most {limit} are checked",
        "zh-TW": "推導鏈有 {count} 步；最多只檢查 {limit} 步",
    },
    # --- one element of the chain ---------------------------------------------------------------
    "element_none": {
        "en": "step {k} is None: did a function forget to return its expression?",
        "zh-TW": "第 {k} 步是 None：是不是忘了回傳式子？",
    },
    "element_ellipsis": {
        "en": "step {k} is ... (Ellipsis): this part of the stub is not filled in yet",
        "zh-TW": "第 {k} 步是 ...（Ellipsis）：這部分還沒有完成",
    },
    "element_float": {
        "en": "step {k} is the floating-point number {value}: use exact numbers (Rational(1, 2), not 0.5) so that sympy can check the step exactly",
        "zh-TW": "第 {k} 步是浮點數 {value}：請使用精確的數（Rational(1, 2)，而不是 0.5），sympy 才能精確檢查",
    },
    "element_type": {
        "en": "step {k} is a {type}, not a sympy expression or a string",
        "zh-TW": "第 {k} 步是 {type}，不是 sympy 式子或字串",
    },
    "element_error": {
        "en": "step {k}: {reason}",
        "zh-TW": "第 {k} 步：{reason}",
    },
    # --- input errors (parse.py, symbols.py) ----------------------------------------------------
    "unknown_symbol": {
        "en": "unknown symbol {name}; this derivation uses {allowed}",
        "zh-TW": "未知的符號 {name}；此推導使用 {allowed}",
    },
    "unknown_symbol_e": {
        "en": "unknown symbol e; write exp(x) for e to the power x (this derivation uses {allowed})",
        "zh-TW": "未知的符號 e；e 的 x 次方請寫成 exp(x)（此推導使用 {allowed}）",
    },
    "softmax_symbol": {
        "en": "{name} is not a symbol: write the softmax out, e.g. s1 = exp(z1)/(exp(z1) + exp(z2))",
        "zh-TW": "{name} 不是符號：請把 softmax 展開寫出，例如 s1 = exp(z1)/(exp(z1) + exp(z2))",
    },
    "indexed_needs_index": {
        "en": "{name} is indexed: write {name}[n, i]",
        "zh-TW": "{name} 是有下標的量：請寫成 {name}[n, i]",
    },
    "indexed_rank": {
        "en": "{name} takes two indices, as in {name}[n, i]",
        "zh-TW": "{name} 需要兩個下標，例如 {name}[n, i]",
    },
    "not_indexable": {
        "en": "{name} cannot be indexed: only p and y take indices, as in p[n, i]",
        "zh-TW": "{name} 不能加下標：只有 p 和 y 有下標，例如 p[n, i]",
    },
    "not_allowed": {
        "en": "{what} is not allowed in a derivation; use numbers, {allowed}, + - * / **, and exp, log, ln, sqrt, Sum, Product, diff",
        "zh-TW": "推導中不允許 {what}；只能使用數字、{allowed}、+ - * / **，以及 exp、log、ln、sqrt、Sum、Product、diff",
    },
    "float_literal": {
        "en": "the floating-point number {value} is not allowed: write it exactly, e.g. 1/2 or Rational(1, 2) instead of 0.5",
        "zh-TW": "不允許浮點數 {value}：請寫成精確的數，例如用 1/2 或 Rational(1, 2) 代替 0.5",
    },
    "caret": {
        "en": "^ is not a power in Python: write ** (z1**2), or LaTeX with braces (z_1^{{2}})",
        "zh-TW": "在 Python 中 ^ 不是次方：請寫 **（z1**2），或用帶大括號的 LaTeX（z_1^{{2}}）",
    },
    "too_long": {
        "en": "the step is {length} characters long; at most {limit} are accepted",
        "zh-TW": "這一步有 {length} 個字元；最多接受 {limit} 個",
    },
    "too_deep": {
        "en": "the expression is nested too deeply (more than {limit} levels)",
        "zh-TW": "式子巢狀太深（超過 {limit} 層）",
    },
    "too_big": {
        "en": "the expression is too large (more than {limit} parts)",
        "zh-TW": "式子太大（超過 {limit} 個部分）",
    },
    "number_too_large": {
        "en": "the number {what} is too large to check exactly",
        "zh-TW": "數字 {what} 太大，無法精確檢查",
    },
    "syntax": {
        "en": "this is not a valid expression: {detail}",
        "zh-TW": "這不是有效的式子：{detail}",
    },
    "latex_syntax": {
        "en": "this LaTeX could not be read: {detail}",
        "zh-TW": "無法讀取這段 LaTeX：{detail}",
    },
    "empty_text": {
        "en": "the step is an empty string",
        "zh-TW": "這一步是空字串",
    },
    "call_arity": {
        "en": "{name} takes {expected}",
        "zh-TW": "{name} 需要 {expected}",
    },
    "limits_form": {
        "en": "{name} limits are written (i, 1, K): a summation index n or i, then the first and the last value",
        "zh-TW": "{name} 的範圍寫成 (i, 1, K)：先寫求和下標 n 或 i，再寫起始值與結束值",
    },
    "diff_var": {
        "en": "diff(f, z1): the variables after the expression must be symbols of this derivation ({allowed})",
        "zh-TW": "diff(f, z1)：式子後面的變數必須是此推導的符號（{allowed}）",
    },
}

# What the "not_allowed" message calls a node, so the student reads words rather than class names.
WHAT: dict[str, dict[str, str]] = {
    "attribute": {"en": "attribute access (.{name})", "zh-TW": "屬性存取（.{name}）"},
    "dunder": {"en": "the name {name}", "zh-TW": "名稱 {name}"},
    "call": {"en": "calling {name}", "zh-TW": "呼叫 {name}"},
    "lambda": {"en": "a lambda expression", "zh-TW": "lambda 運算式"},
    "comprehension": {"en": "a comprehension", "zh-TW": "推導式（comprehension）"},
    "string": {"en": "a string", "zh-TW": "字串"},
    "keyword": {"en": "a keyword argument ({name}=…)", "zh-TW": "關鍵字引數（{name}=…）"},
    "starred": {"en": "* or ** unpacking", "zh-TW": "* 或 ** 展開"},
    "tuple": {"en": "a tuple outside the limits of Sum or Product", "zh-TW": "Sum 或 Product 範圍以外的 tuple"},
    "operator": {"en": "the operator {name}", "zh-TW": "運算子 {name}"},
    "node": {"en": "{name}", "zh-TW": "{name}"},
    "function": {"en": "the function {name}", "zh-TW": "函數 {name}"},
    "constant": {"en": "the constant {name}", "zh-TW": "常數 {name}"},
}


def fmt_number(value, digits: int = 3) -> str:
    """A short, readable number with a real minus sign: 0.817, −1.2, 3.74e−13, 0.5+0.2i."""
    if value is None:
        return "?"
    if isinstance(value, str):  # a value beyond float range, already printed by mpmath
        return value.replace("-", "−").replace("e+", "e")
    if isinstance(value, complex):
        if abs(value.imag) <= 1e-12 * max(1.0, abs(value.real)):
            value = value.real
        else:
            re_part = fmt_number(value.real, digits)
            im_part = fmt_number(abs(value.imag), digits)
            sign = "−" if value.imag < 0 else "+"
            return f"{re_part}{sign}{im_part}i"
    value = float(value)
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "−∞"
    text = f"{value:.{digits}g}"
    return text.replace("-", "−")


def fmt_coordinate(value: float) -> str:
    """Logits and targets are sampled on a grid of hundredths: show them as 0.31, −1.20."""
    if abs(value * 100 - round(value * 100)) < 1e-9 and abs(value) < 1e4:
        return f"{value:.2f}".replace("-", "−")
    return fmt_number(value)


def fmt_pair(a, b) -> tuple[str, str]:
    """Two values that differ, with enough digits that they read as different."""
    for digits in (3, 4, 6, 9, 12, 17):
        ta, tb = fmt_number(a, digits), fmt_number(b, digits)
        if ta != tb:
            return ta, tb
    return fmt_number(a, 17), fmt_number(b, 17)


def fmt_point(point: dict) -> str:
    def one(value) -> str:
        if isinstance(value, int):  # the sizes N, K
            return str(value)
        if isinstance(value, float):
            return fmt_coordinate(value)
        return fmt_number(value)

    return ", ".join(f"{name} = {one(v)}" for name, v in point.items())


def join(lang: str, *sentences: str) -> str:
    return ("；" if lang == "zh-TW" else "; ").join(sentences)


def text(key: str, lang: str = "en", **params) -> str:
    """One message in the given language (English when the language or the key's translation is missing)."""
    table = MESSAGES[key]
    template = table.get(lang) or table["en"]
    return template.format(**params)


def what(kind: str, lang: str = "en", **params) -> str:
    table = WHAT[kind]
    return (table.get(lang) or table["en"]).format(**params)


def lang_or_default(lang: str | None) -> str:
    return lang if lang in LANGS else "en"
