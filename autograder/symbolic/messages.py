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
    "start_rearranged": {
        "en": "step 0 is the given expression (rearranged)",
        "zh-TW": "第 0 步就是題目給定的式子（順序或寫法經過整理）",
    },
    "start_equal_not_written": {
        "en": "step 0 equals the given expression but is not written as it: begin the chain with the given expression itself, {start}",
        "zh-TW": "第 0 步與題目給定的式子相等，但寫法不同：請直接以給定的式子 {start} 開始推導",
    },
    # --- steps ----------------------------------------------------------------------------------
    "step_proved": {
        "en": "step {k} follows from step {j}: {move} (sympy proved it)",
        "zh-TW": "第 {k} 步由第 {j} 步推得：{move}（sympy 已證明）",
    },
    "step_numeric": {
        "en": "step {k} follows from step {j}: {move} (equal at {count} random points{sizes}; sympy could not simplify the difference to 0 in time)",
        "zh-TW": "第 {k} 步由第 {j} 步推得：{move}（在 {count} 個隨機點上相等{sizes}；sympy 未能及時把差化簡為 0）",
    },
    "sizes_sampled": {
        "en": ", with sizes N, K drawn from 1 to {top}",
        "zh-TW": "，大小 N、K 取自 1 到 {top}",
    },
    "step_same": {
        "en": "step {k} is the same expression as step {j} once sympy writes it out: not counted (it neither earns nor loses points)",
        "zh-TW": "第 {k} 步經 sympy 整理後與第 {j} 步是同一個式子：不計分（不加分也不扣分）",
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
        "en": "step {k} is true but too large: no single move of the list turns {a} into {b}; show the moves in between (each step one move you could name)",
        "zh-TW": "第 {k} 步正確但跨得太大：清單中沒有任何一個步驟能把 {a} 變成 {b}；請寫出中間的步驟（每一步只做一個說得出名字的變化）",
    },
    "step_move_unknown": {
        "en": "step {k} is true, but no single move that turns {a} into {b} was found within {seconds} s: split it into smaller steps",
        "zh-TW": "第 {k} 步正確，但無法在 {seconds} 秒內找到把 {a} 變成 {b} 的單一步驟：請把這一步拆成較小的步驟",
    },
    "steps_withheld": {
        "en": "step {k} follows from step {j}: {move}; but there are no step points while {leaps} leaps over several moves",
        "zh-TW": "第 {k} 步由第 {j} 步推得：{move}；但只要{leaps}一次跨過多個步驟，就沒有步驟分數",
    },
    "leap_list": {
        "en": "step {steps}",
        "zh-TW": "第 {steps} 步",
    },
    "step_bad_side": {
        "en": "step {k} cannot be checked: {reason}",
        "zh-TW": "無法檢查第 {k} 步：{reason}",
    },
    "step_neighbour_unreadable": {
        "en": "step {k} cannot be checked: step {bad} could not be read ({reason})",
        "zh-TW": "無法檢查第 {k} 步：第 {bad} 步無法讀取（{reason}）",
    },
    "step_skipped": {
        "en": "step {k} was not checked: the time for this derivation ({seconds} s) ran out; shorten the steps",
        "zh-TW": "第 {k} 步沒有檢查：此推導的時間（{seconds} 秒）已用完；請把步驟寫得短一些",
    },
    "steps_none": {
        "en": "the chain has no steps: it must go from the given expression to the goal",
        "zh-TW": "推導沒有任何步驟：必須從給定的式子推到目標",
    },
    "steps_no_move": {
        "en": "the chain makes no move: every step is the same expression as the one before it",
        "zh-TW": "推導沒有任何變化：每一步都和前一步是同一個式子",
    },
    # --- the moves, named -----------------------------------------------------------------------
    "move_exp_split": {
        "en": "used exp(a + b) = exp(a)·exp(b)",
        "zh-TW": "使用 exp(a + b) = exp(a)·exp(b)",
    },
    "move_exp_combine": {
        "en": "used exp(a)·exp(b) = exp(a + b)",
        "zh-TW": "使用 exp(a)·exp(b) = exp(a + b)",
    },
    "move_log_product": {
        "en": "used log(ab) = log(a) + log(b): the log of a product is the sum of the logs",
        "zh-TW": "使用 log(ab) = log(a) + log(b)：乘積的對數等於對數的和",
    },
    "move_log_combine": {
        "en": "used log(a) + log(b) = log(ab): a sum of logs is the log of the product",
        "zh-TW": "使用 log(a) + log(b) = log(ab)：對數的和等於乘積的對數",
    },
    "move_log_power": {
        "en": "used log(aᵇ) = b·log(a) (a > 0)",
        "zh-TW": "使用 log(aᵇ) = b·log(a)（a > 0）",
    },
    "move_log_power_back": {
        "en": "used b·log(a) = log(aᵇ) (a > 0)",
        "zh-TW": "使用 b·log(a) = log(aᵇ)（a > 0）",
    },
    "move_sum_in": {
        "en": "moved the factor {factor} into the sum",
        "zh-TW": "把因子 {factor} 移進總和",
    },
    "move_sum_out": {
        "en": "took the factor {factor} out of the sum",
        "zh-TW": "把因子 {factor} 提到總和外",
    },
    "move_sum_split": {
        "en": "split the sum of a sum into two sums",
        "zh-TW": "把和的總和拆成兩個總和",
    },
    "move_sum_join": {
        "en": "joined two sums over the same range into one",
        "zh-TW": "把範圍相同的兩個總和合併為一個",
    },
    "move_distribute": {
        "en": "multiplied out a product over a sum",
        "zh-TW": "把乘積對和展開（分配律）",
    },
    "move_collect": {
        "en": "collected the common factor {factor}",
        "zh-TW": "提出公因式 {factor}",
    },
    "move_cancel": {
        "en": "cancelled the common factor {factor}",
        "zh-TW": "約去公因式 {factor}",
    },
    "move_divide": {
        "en": "divided top and bottom by {factor}",
        "zh-TW": "分子分母同除以 {factor}",
    },
    "move_multiply": {
        "en": "multiplied top and bottom by {factor}",
        "zh-TW": "分子分母同乘以 {factor}",
    },
    "move_one_hot": {
        "en": "used {identity} (the one-hot targets sum to 1)",
        "zh-TW": "使用 {identity}（獨熱向量的目標加總為 1）",
    },
    "move_softmax": {
        "en": "used {identity} (the softmax outputs sum to 1)",
        "zh-TW": "使用 {identity}（softmax 的輸出加總為 1）",
    },
    "move_rearranged": {
        "en": "rearranged the same expression (order, signs or number factors)",
        "zh-TW": "整理同一個式子（順序、正負號或數字因子）",
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
    "goal_rearranged": {
        "en": "your chain ends at the goal {goal} (rearranged)",
        "zh-TW": "你的推導停在目標 {goal}（順序或寫法經過整理）",
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
    # --- the practice report (autograder check, plain pytest, the notebook) ----------------------
    "practice_title": {
        "en": "{problem}: what the grader says about your chain",
        "zh-TW": "{problem}：評分程式對你的推導的判斷",
    },
    "practice_share": {
        "en": "→ this chain would earn {percent} % of the problem's points",
        "zh-TW": "→ 這條推導可得本題 {percent}% 的分數",
    },
    "practice_points": {
        "en": "→ this chain would earn {earned} of {points} points",
        "zh-TW": "→ 這條推導可得 {points} 分中的 {earned} 分",
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
    "element_unreadable_in_time": {
        "en": "step {k} could not be read within {seconds} s",
        "zh-TW": "無法在 {seconds} 秒內讀取第 {k} 步",
    },
    "element_skipped": {
        "en": "step {k} was not read: the time for this derivation ({seconds} s) ran out",
        "zh-TW": "第 {k} 步沒有讀取：此推導的時間（{seconds} 秒）已用完",
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
    "unevaluated": {
        "en": "an unevaluated {name} is not a step: write the result out (diff(f, z1) computes a derivative)",
        "zh-TW": "未計算的 {name} 不是一個步驟：請寫出結果（diff(f, z1) 會計算導數）",
    },
    "malformed_expression": {
        "en": "this is not a sympy expression the kit can read",
        "zh-TW": "這不是本套件能讀取的 sympy 式子",
    },
    "bad_symbol_name": {
        "en": "the symbol name {name} is not allowed",
        "zh-TW": "不允許符號名稱 {name}",
    },
    "latex_missing": {
        "en": "LaTeX steps need the lark package (pip install lark), which sympy uses to read LaTeX",
        "zh-TW": "LaTeX 步驟需要 lark 套件（pip install lark），sympy 用它來讀取 LaTeX",
    },
    "latex_ambiguous": {
        "en": "this LaTeX can be read in two ways, as {first} or as {second}: add \\left( \\right) to say which",
        "zh-TW": "這段 LaTeX 有兩種讀法：{first} 或 {second}；請加上 \\left( \\right) 說清楚",
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
    """A coordinate of a point: 0.31 and −1.20 for hundredths, otherwise three significant digits."""
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


def render(note, lang: str = "en") -> str:
    """A note, {"key": ..., "params": {...}}, in one language; params may hold notes and lists of notes.

    A note is how a graded chain keeps what it will say, so it is graded once and shown in every language.
    A note with "what" instead of "key" is a name of a construct (the WHAT table).
    """
    if isinstance(note, str):
        return note
    if isinstance(note, list):
        return join(lang, *(render(n, lang) for n in note))
    if not isinstance(note, dict):
        return str(note)
    params = {name: render(value, lang) if isinstance(value, (dict, list)) else value
              for name, value in (note.get("params") or {}).items()}
    if "what" in note:
        return what(note["what"], lang, **params)
    return text(note["key"], lang, **params)


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
