"""Every sentence the engine says to a student, in English and Traditional Chinese (the lecture's terms).

Keys are stable (the class report groups failures by them); parameters are filled in with str.format.
"""
from __future__ import annotations

MESSAGES = {
    # ---- what happened in a check
    "missing": {
        "en": "{fn} is not defined in your submission.",
        "zh-TW": "你的繳交中沒有定義 {fn}。",
    },
    "missing_after_error": {
        "en": "{fn} is not defined: your file stopped loading before it (see the note about the error).",
        "zh-TW": "{fn} 沒有被定義：你的檔案在它之前就停止載入了（請看關於錯誤的說明）。",
    },
    "not_implemented": {
        "en": "{fn} is not implemented yet (it raised NotImplementedError).",
        "zh-TW": "{fn} 尚未實作（引發 NotImplementedError）。",
    },
    "raised": {
        "en": "{call} raised {type}: {message}{where}",
        "zh-TW": "{call} 引發了 {type}：{message}{where}",
    },
    "timeout": {
        "en": "{call} did not finish within {seconds:g} s (an endless loop, or far too slow); it was stopped.",
        "zh-TW": "{call} 在 {seconds:g} 秒內沒有結束（無窮迴圈或太慢），已被停止。",
    },
    "timeout_before": {
        "en": "{call} was not run: {fn} already ran past the {seconds:g} s limit in an earlier check of this submission.",
        "zh-TW": "{call} 沒有執行：{fn} 在這份繳交先前的檢查中已超過 {seconds:g} 秒的限制。",
    },
    "died": {
        "en": "Your code ended the process while running {call} (it called exit, crashed, or went over the memory or CPU limit).",
        "zh-TW": "執行 {call} 時你的程式結束了整個行程（呼叫了 exit、當掉，或超過記憶體／CPU 限制）。",
    },
    "protocol": {
        "en": "{call} returned something the grader cannot read: {message}",
        "zh-TW": "{call} 回傳了評分程式無法讀取的內容：{message}",
    },
    "forbidden": {
        "en": "{fn} uses {modules}, which this assignment does not allow: the point is to write it yourself with numpy. This problem scores 0.",
        "zh-TW": "{fn} 使用了 {modules}，本作業不允許：重點是自己用 numpy 寫出來。本題得 0 分。",
    },
    "load_failed": {
        "en": "Your file could not be loaded, so {fn} could not be tested: {message}",
        "zh-TW": "你的檔案無法載入，因此無法測試 {fn}：{message}",
    },
    "budget_spent": {
        "en": "The submission's total time limit ({seconds:g} s) was used up before this check ran.",
        "zh-TW": "這份繳交的總時間限制（{seconds:g} 秒）在這項檢查執行前已用完。",
    },
    "opaque": {
        "en": "{call} returned {type}; expected {expected}.",
        "zh-TW": "{call} 回傳了 {type}；應回傳 {expected}。",
    },
    "wrong_type": {
        "en": "{call} returned {got_type}; expected {expected}.",
        "zh-TW": "{call} 回傳了 {got_type}；應回傳 {expected}。",
    },
    "wrong_shape": {
        "en": "{call}: expected shape {expected}, got shape {got}.",
        "zh-TW": "{call}：應為形狀 {expected}，得到形狀 {got}。",
    },
    "not_finite": {
        "en": "{call}: the result contains nan or inf: {got}; expected {expected}.",
        "zh-TW": "{call}：結果含有 nan 或 inf：{got}；應為 {expected}。",
    },
    "mismatch": {
        "en": "{call}: expected {expected}, got {got}.",
        "zh-TW": "{call}：應為 {expected}，得到 {got}。",
    },
    "mutated": {
        "en": "{call} changed its argument {arg} in place; work on a copy (e.g. np.array(x, dtype=float)).",
        "zh-TW": "{call} 直接修改了參數 {arg}；請在副本上計算（例如 np.array(x, dtype=float)）。",
    },
    "expected_error": {
        "en": "{call} should raise {exc}, but it returned {got}.",
        "zh-TW": "{call} 應該引發 {exc}，但回傳了 {got}。",
    },
    "wrong_error": {
        "en": "{call} should raise {exc}, but it raised {type}: {message}",
        "zh-TW": "{call} 應該引發 {exc}，但引發了 {type}：{message}",
    },
    "warning": {
        "en": "{call} emitted a numerical warning ({message}); the contract asks for no warning.",
        "zh-TW": "{call} 產生了數值警告（{message}）；題目要求不能有警告。",
    },
    "claim": {
        "en": "{claim}",
        "zh-TW": "{claim}",
    },
    # ---- the likely misconception, appended to a failure
    "hint:no-max-subtraction": {
        "en": "Likely cause: exp overflows for large logits. Subtract the maximum along the axis before exp; softmax does not change when every logit is shifted by the same amount.",
        "zh-TW": "可能原因：logit 很大時 exp 會溢位。取 exp 之前先沿著該軸減去最大值；所有 logit 加上同一個常數，softmax 不變。",
    },
    "hint:wrong-axis": {
        "en": "Likely cause: the sum or max is taken over the wrong axis. The outputs must sum to 1 along the given axis; use axis=axis with keepdims=True.",
        "zh-TW": "可能原因：sum 或 max 取錯了軸。輸出沿著指定的軸加總必須為 1；請用 axis=axis 並設 keepdims=True。",
    },
    "hint:log-of-zero": {
        "en": "Likely cause: the log of a probability of 0. Clip the probabilities to [eps, 1] (np.clip) before taking the log.",
        "zh-TW": "可能原因：對機率 0 取 log。取 log 之前先把機率限制在 [eps, 1]（np.clip）。",
    },
    "hint:sum-vs-mean": {
        "en": "Likely cause: the result is {ratio:g} times the expected value: you summed over the batch where the mean is asked (or the other way round).",
        "zh-TW": "可能原因：結果是正確值的 {ratio:g} 倍：題目要對批次取平均（mean），你卻加總（sum），或反過來。",
    },
    "hint:transposed": {
        "en": "Likely cause: the result is transposed (shape {got} instead of {expected}); check the order of the matrix products.",
        "zh-TW": "可能原因：結果被轉置了（形狀 {got} 而不是 {expected}）；請檢查矩陣乘法的順序。",
    },
    "hint:swapped-arguments": {
        "en": "Likely cause: the labels ŷ and the predictions y' are swapped: the loss is −Σ ŷᵢ ln y'ᵢ, the log is taken of the prediction.",
        "zh-TW": "可能原因：標籤 ŷ 與預測 y' 放反了：損失是 −Σ ŷᵢ ln y'ᵢ，log 要取在預測值上。",
    },
    "hint:probabilities-for-logits": {
        "en": "Likely cause: softmax was applied twice, or probabilities were passed where logits are expected.",
        "zh-TW": "可能原因：softmax 被套用了兩次，或在該用 logit 的地方用了機率。",
    },
    "hint:sigmoid-overflow": {
        "en": "Likely cause: exp(−z) overflows for large negative z. For z < 0 use the equal form e^z / (1 + e^z).",
        "zh-TW": "可能原因：z 很負時 exp(−z) 會溢位。z < 0 時改用等價的 e^z / (1 + e^z)。",
    },
    "hint:unstable-log-sum-exp": {
        "en": "Likely cause: softmax was computed first and then its log; for huge logits it rounds to 0 and the log is −inf. Use log Σ exp(z) − z_label with the max subtracted (log-sum-exp).",
        "zh-TW": "可能原因：先算 softmax 再取 log；logit 很大時會變成 0，log 變成 −inf。請用減去最大值的 log-sum-exp：log Σ exp(z) − z_label。",
    },
    "hint:not-divided-by-n": {
        "en": "Likely cause: the gradient is not divided by N: the loss is a mean over the batch, so its gradient is (softmax − one-hot) / N.",
        "zh-TW": "可能原因：梯度沒有除以 N：損失是對批次的平均，所以梯度是 (softmax − one-hot) / N。",
    },
    "hint:sign": {
        "en": "Likely cause: the sign is flipped (the result is the negative of the expected value).",
        "zh-TW": "可能原因：正負號相反（結果是正確值的相反數）。",
    },
    "hint:missing-jacobian": {
        "en": "Likely cause: the gradient of MSE was taken with respect to the probabilities only; multiply by the softmax Jacobian (chain rule).",
        "zh-TW": "可能原因：MSE 的梯度只對機率求導；還要乘上 softmax 的 Jacobian（連鎖律）。",
    },
    "hint:wrong-table-row": {
        "en": "Check the lecture's table: binary → sigmoid + binary_crossentropy; multi-class single-label → softmax + categorical_crossentropy; multi-label → sigmoid + binary_crossentropy; any value → none + MSE; values in 0–1 → sigmoid + MSE or binary_crossentropy.",
        "zh-TW": "請對照講義的表：二分類 → sigmoid + binary_crossentropy；多分類單標籤 → softmax + categorical_crossentropy；多分類多標籤 → sigmoid + binary_crossentropy；回歸到任一值 → 無 + MSE；回歸到 0~1 → sigmoid + MSE 或 binary_crossentropy。",
    },
    "hint:forward-difference": {
        "en": "Likely cause: a one-sided difference (f(x+eps) − f(x))/eps; use the central difference (f(x+eps) − f(x−eps)) / (2 eps).",
        "zh-TW": "可能原因：用了單邊差分 (f(x+eps) − f(x))/eps；請用中央差分 (f(x+eps) − f(x−eps)) / (2 eps)。",
    },
    # ---- summaries
    "summary": {
        "en": "{score:g} / {max_score:g} points",
        "zh-TW": "{score:g} / {max_score:g} 分",
    },
    "status:passed": {"en": "passed", "zh-TW": "通過"},
    "status:failed": {"en": "failed", "zh-TW": "未通過"},
    "status:not implemented": {"en": "not yet implemented", "zh-TW": "尚未實作"},
    "status:forbidden": {"en": "forbidden import", "zh-TW": "使用了禁止的套件"},
    "note:late": {
        "en": "Submitted {days_late} day(s) late: the score keeps {factor:.0%} of the {score_on_time:g} points earned.",
        "zh-TW": "遲交 {days_late} 天：分數保留所得 {score_on_time:g} 分的 {factor:.0%}。",
    },
    "note:too_late": {
        "en": "Submitted {days_late} day(s) late, past the last day late work is accepted: the score is 0 ({score_on_time:g} points were earned).",
        "zh-TW": "遲交 {days_late} 天，超過可接受遲交的期限：本次得 0 分（原本得 {score_on_time:g} 分）。",
    },
    "note:syntax": {
        "en": "Syntax error in {where} at line {line}: {message}. Nothing after it could be loaded.",
        "zh-TW": "{where} 第 {line} 行語法錯誤：{message}。之後的程式碼都無法載入。",
    },
    "note:syntax_cell": {
        "en": "Syntax error in {where} at line {line}: {message}. That cell could not be loaded; the other cells were.",
        "zh-TW": "{where} 第 {line} 行語法錯誤：{message}。該儲存格無法載入；其他儲存格已載入。",
    },
    "note:error": {
        "en": "Loading your file raised an error at {where}: {message}. Functions defined before it are still graded.",
        "zh-TW": "載入你的檔案時在 {where} 發生錯誤：{message}。在那之前定義的函式仍會評分。",
    },
    "note:exit": {
        "en": "Your file called exit while loading ({where}: {message}); functions defined before it are still graded.",
        "zh-TW": "你的檔案在載入時呼叫了 exit（{where}：{message}）；在那之前定義的函式仍會評分。",
    },
    "note:load_timeout": {
        "en": "Your file did not finish loading within {seconds:g} s (top-level code that loops or waits); nothing could be graded.",
        "zh-TW": "你的檔案在 {seconds:g} 秒內沒有載入完成（最外層的程式碼在迴圈或等待）；無法評分。",
    },
    "note:unfinished": {
        "en": "Grading this submission did not finish within {seconds:g} s and was stopped: checks that had not run score 0.",
        "zh-TW": "這份繳交的評分在 {seconds:g} 秒內沒有完成，已被停止：尚未執行的檢查得 0 分。",
    },
    "note:grader_died": {
        "en": "The grading process stopped while grading this submission (twice): checks that had not run score 0.",
        "zh-TW": "評分這份繳交時評分行程停止了（兩次）：尚未執行的檢查得 0 分。",
    },
    "unfinished": {
        "en": "Not run: grading this submission did not finish (see the note), so this check scores 0.",
        "zh-TW": "未執行：這份繳交的評分沒有完成（請看說明），因此這項檢查得 0 分。",
    },
    "note:load_protocol": {
        "en": "While loading, your file sent the grader data it cannot read (it wrote into the grader's channel); nothing could be graded.",
        "zh-TW": "載入時你的檔案送出了評分程式無法讀取的資料（寫入了評分程式的通道）；無法評分。",
    },
    "note:load_died": {
        "en": "Your file ended the process while loading (exit, crash or a resource limit); nothing could be graded.",
        "zh-TW": "你的檔案在載入時結束了行程（exit、當掉或超過資源限制）；無法評分。",
    },
}


def say(key: str, lang: str = "en", **params) -> str:
    """The sentence for `key` in `lang` (falling back to English), with its parameters filled in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["en"]
    try:
        return template.format(**params)
    except (KeyError, ValueError, IndexError):
        return entry["en"].format_map(_Lenient(params))


class _Lenient(dict):
    def __missing__(self, key):
        return "{" + key + "}"
