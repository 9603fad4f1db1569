"""The lecture's story around each assignment's exercises: the markdown and practice cells of the notebooks.

Each story maps a function name to the markdown shown before its exercise cell and the practice cells
run after it: `check("<function>")` (the visible checks, carried in the set-up cell), then a demo or a plot
that waits, with `check.ready(...)`, until the functions it uses pass their checks, so a function that is not
right yet gets the grader's message, never a raw error. Practice cells are tagged skip-grading: they use the
student's functions but never define them, so the grader can drop them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from textwrap import dedent


def _text(text: str) -> str:
    return dedent(text).strip("\n")


@dataclass(frozen=True)
class Story:
    intro: str
    setup: str  # markdown before the setup (imports) cell
    before: dict  # function name -> markdown before its exercise cell
    after: dict = field(default_factory=dict)  # function name (or "setup") -> practice code cells after it
    outro: str = ""
    closing: tuple = ('check()',)  # practice code cells after the outro: every problem's visible checks at once


A1 = Story(
    intro=_text("""
        Lecture 02.3, sections 1–2.1. A classifier has to say *which class*; a network can only output numbers.
        This notebook builds the bridge: how to write a class as a target the network can aim at (the
        **one-hot vector 獨熱向量**), and how to turn the network's raw outputs (the **Logit**) into
        probabilities with **softmax**.
        """),
    setup=_text("""
        ## Setup
        Only numpy (and the standard library) may be used.
        """),
    before={
        "encoding_distances": _text("""
            ## 1. Classification as regression
            The simplest idea: number the classes (class 1 is 編號 1, class 2 is 編號 2, class 3 is 編號 3) and
            ask the network's output y to be as close as possible to the number. The catch: numbering says
            that class 1 is close to class 2 and far from class 3.

            - when the classes really are related (predicting a primary-school grade from height and weight:
              一年級 is closer to 二年級 than to 三年級) the order helps;
            - when they are not, the invented order can mislead the model (模型失準).

            `encoding_distances` measures this: the distance between every pair of class encodings.
            """),
        "one_hot": _text("""
            ## 2. Class as a one-hot vector (獨熱向量)
            Write each class as a vector with a single 1: class 1 → [1, 0, 0], class 2 → [0, 1, 0],
            class 3 → [0, 0, 1]. 寫成向量形式，任兩個 class 的距離都相同: every two classes are now equally
            far apart, and the network has to produce several numbers (產生多個數值), one per class.

            `one_hot` turns integer labels 0 … K−1 into these vectors ŷ. A label that is not a class
            (negative, too large, or not a whole number) is a mistake in the data: raise `ValueError`.
            """),
        "softmax": _text("""
            ## 2.1 Classification with softmax
            The network y = b′ + W′ σ(b + W x) can output any value, but the label ŷ holds only 0s and 1s.
            Before comparing them, **softmax** normalizes (歸一化) the outputs to lie between 0 and 1:

            $$y'_i = \\frac{\\exp(y_i)}{\\sum_j \\exp(y_j)}$$

            - every output lies between 0 and 1 (1 > y′ᵢ > 0);
            - the outputs sum to 1 (Σᵢ y′ᵢ = 1);
            - a big value and a small value end up even further apart (差距更大).

            The input of softmax is called the **Logit**. Softmax is unchanged when you add the same number
            to every logit, so subtract the largest logit first: exp never overflows, even for logits of ±1e4.
            """),
        "log_softmax": _text("""
            ### log-softmax
            Cross-entropy (next assignment) needs ln y′. When softmax rounds a probability to 0, `np.log`
            gives −inf; computing the log directly from the logits, ln y′ᵢ = zᵢ − max − ln Σⱼ exp(zⱼ − max),
            stays finite.
            """),
        "sigmoid": _text("""
            ### Sigmoid
            σ(z) = 1 / (1 + e^(−z)) squashes one number into (0, 1). 二分類問題使用 Sigmoid 與 Softmax 是等價的:
            for two classes, softmax of (z₁, z₂) gives class 1 the probability σ(z₁ − z₂) (a4 proves it).
            Compute it without overflow: for z < 0 use the equal form e^z / (1 + e^z).
            """),
        "mlp_logits": _text("""
            ### The network that produces the logits
            The lecture's network: y = b′ + W′ σ(b + W x), with σ the sigmoid as the activation function
            (激勵函數) of the hidden layer. Write it for a batch: each row of `x` is one example, each row of
            the result the logits of that example.
            """),
    },
    after={
        "setup": [_text("""
            #@title The grader's visible checks: run this cell once, then check("...") after each exercise
            # The grader's visible checks, with its comparisons and its messages, carried in this notebook: they need
            # only numpy, so they run in any Jupyter or Colab without installing anything. After an exercise,
            # check("softmax") runs that function's checks here; check() runs them all; set check.lang to zh-TW for 繁體中文.
            # Each time a problem still fails, one more hint unfolds; once it passes, you see why it matters.
            # <kit-embed notebook-checker>
            from _kit.selfcheck.notebook import Checker

            check = Checker(globals())
            """)],
        "encoding_distances": [_text("""
            check("encoding_distances")
            """), _text("""
            if check.ready("encoding_distances"):
                ids = np.array([1.0, 2.0, 3.0]).reshape(3, 1)   # classes as numbers: 1, 2, 3
                print("class ids:\\n", encoding_distances(ids))
                print("one-hot rows:\\n", np.round(encoding_distances(np.eye(3)), 3))
            """)],
        "one_hot": [_text("""
            check("one_hot")
            """), _text("""
            if check.ready("one_hot"):
                print(one_hot(np.array([0, 2, 1]), 3))
                for bad in (3, -1, 1.5):
                    try:
                        one_hot(np.array([bad]), 3)
                    except ValueError as exc:
                        print(f"label {bad!r}: ValueError: {exc}")
            """)],
        "softmax": [_text("""
            check("softmax")
            """), _text("""
            if check.ready("softmax"):
                import matplotlib.pyplot as plt

                logits = np.array([3.0, 1.0, -3.0])
                probs = softmax(logits)
                names = ["class 1", "class 2", "class 3"]
                fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
                left.bar(names, logits, color="tab:gray")
                left.axhline(0, color="black", linewidth=0.8)
                left.set_title("logits y: any value")
                right.bar(names, probs, color="tab:blue")
                right.set_ylim(0, 1.1)
                right.set_title("y' = softmax(y): in (0, 1), sum 1")
                for k, v in enumerate(probs):
                    right.text(k, v + 0.03, f"{v:.3f}", ha="center")
                fig.tight_layout()
                plt.show()
                print(f"logits 3 and 1 differ by 2; their probabilities differ by a factor e^2 = {probs[0] / probs[1]:.2f}")
            """)],
        "log_softmax": [_text("""
            check("log_softmax")
            """), _text("""
            if check.ready("log_softmax", "softmax"):
                z = np.array([0.0, -800.0])
                with np.errstate(divide="ignore", under="ignore"):
                    naive = np.log(softmax(z))
                print("log(softmax(z)):", naive, "  <- softmax rounded exp(-800) to 0")
                print("log_softmax(z): ", log_softmax(z))
            """)],
        "sigmoid": [_text("""
            check("sigmoid")
            """), _text("""
            if check.ready("sigmoid", "softmax"):
                rng = np.random.default_rng(0)
                pairs = rng.normal(scale=5.0, size=(5, 2))
                print("softmax(pairs)[:, 0]:          ", np.round(softmax(pairs)[:, 0], 6))
                print("sigmoid(pairs[:, 0] - pairs[:, 1]):", np.round(sigmoid(pairs[:, 0] - pairs[:, 1]), 6))
                print(sigmoid(np.array([-1000.0, 0.0, 1000.0])))
            """)],
        "mlp_logits": [_text("""
            check("mlp_logits")
            """), _text("""
            if check.ready("mlp_logits", "softmax"):
                rng = np.random.default_rng(1)
                x = rng.normal(size=(4, 2))                      # 4 examples, 2 features
                W1, b1 = rng.normal(size=(5, 2)), np.zeros(5)    # 5 hidden units
                W2, b2 = rng.normal(size=(3, 5)), np.zeros(3)    # 3 classes
                y = mlp_logits(x, W1, b1, W2, b2)
                print("logits y:\\n", np.round(y, 3))
                print("y' = softmax(y):\\n", np.round(softmax(y), 3))
            """)],
    },
    outro=_text("""
        ## Next
        The network now gives probabilities y′ and the label is a one-hot ŷ. Assignment a2 measures the gap
        between them: the loss function (損失函數).
        """),
)


A2 = Story(
    intro=_text("""
        Lecture 02.3, section 2.2: Loss of Classification. 優化目標：減小 ŷ 和 y′ 之間的差距 e. The loss
        function (損失函數) e measures how far the softmax output y′ is from the one-hot label ŷ; training
        makes it small. Two candidates:

        - Mean Square Error (均方誤差, MSE): $e = \\sum_i (\\hat{y}_i - y'_i)^2$
        - Cross-entropy (交叉熵): $e = -\\sum_i \\hat{y}_i \\ln y'_i$

        Every loss here is a **mean over the batch** (axis 0): rows are examples.
        """),
    setup=_text("""
        ## Setup
        Only numpy (and the standard library) may be used.
        """),
    before={
        "mse_loss": _text("""
            ## Mean Square Error (均方誤差)
            e = Σᵢ (ŷᵢ − y′ᵢ)² for one example; return the mean over the batch as a float.
            """),
        "cross_entropy": _text("""
            ## Cross-entropy (交叉熵)
            e = −Σᵢ ŷᵢ ln y′ᵢ: only the probability given to the correct class counts. Clip the probabilities
            to [eps, 1] first so that ln 0 never happens.
            """),
        "softmax_cross_entropy": _text("""
            ## Cross-entropy from the logits
            In practice the loss is computed straight from the logits: −ln y′_label = ln Σⱼ exp(zⱼ) − z_label.
            With the log-sum-exp taken after subtracting the max, this is exact even for logits of ±1e4,
            where softmax itself has already rounded to 0 and 1.
            """),
        "binary_cross_entropy": _text("""
            ## Binary cross-entropy
            For a sigmoid output each number is its own yes/no question: e = −[t ln p + (1 − t) ln(1 − p)],
            averaged over every element. It is the loss of the lecture's table for binary, multi-label and
            bounded-regression problems.
            """),
        "likelihood": _text("""
            ## Likelihood
            Minimizing cross-entropy is equivalent to maximizing likelihood. The likelihood is the probability
            the model gives to the labels that were observed: ∏ₙ y′ₙ,labelₙ. Its negative log, divided by N, is
            the mean cross-entropy.
            """),
        "output_layer_for": _text("""
            ## Which last layer, which loss
            選擇 cross-entropy，因為比 MSE 更加適用於分類問題 (a3 shows why). The lecture's table:

            | 問題類型 (problem) | 最後一層激勵函數 (last activation) | 損失函數 (loss) |
            | --- | --- | --- |
            | 二分類問題 binary | sigmoid | binary_crossentropy |
            | 多分類、單標籤問題 multiclass | softmax | categorical_crossentropy |
            | 多分類、多標籤問題 multilabel | sigmoid | binary_crossentropy |
            | 回歸到任一值 regression | 無 (none) | MSE/RMSE |
            | 回歸到 0~1 範圍內的值 bounded_regression | sigmoid | MSE 或 binary_crossentropy |

            `output_layer_for(problem)` returns the row as `(activation, loss)`: use the names `"sigmoid"`,
            `"softmax"`, `"none"` and `"binary_crossentropy"`, `"categorical_crossentropy"`, `"mse"`.
            """),
    },
    after={
        "setup": [_text("""
            #@title The grader's visible checks: run this cell once, then check("...") after each exercise
            # The grader's visible checks, with its comparisons and its messages, carried in this notebook: they need
            # only numpy, so they run in any Jupyter or Colab without installing anything. After an exercise,
            # check("cross_entropy") runs that function's checks here; check() runs them all; set check.lang to zh-TW for 繁體中文.
            # Each time a problem still fails, one more hint unfolds; once it passes, you see why it matters.
            # <kit-embed notebook-checker>
            from _kit.selfcheck.notebook import Checker

            check = Checker(globals())
            """)],
        "mse_loss": [_text("""
            check("mse_loss")
            """), _text("""
            if check.ready("mse_loss"):
                target = np.array([[1.0, 0.0, 0.0]])
                for guess in ([1.0, 0.0, 0.0], [0.5, 0.25, 0.25], [0.0, 1.0, 0.0]):
                    print(guess, "MSE =", mse_loss(target, np.array([guess])))
            """)],
        "cross_entropy": [_text("""
            check("cross_entropy")
            """), _text("""
            if check.ready("mse_loss", "cross_entropy"):
                import matplotlib.pyplot as plt

                # Two classes, the target is class 1: how does each loss grow as y'_1 (the probability of the
                # correct class) drops? MSE never exceeds 2; cross-entropy grows without bound.
                q = np.linspace(0.001, 1.0, 400)
                target = np.array([[1.0, 0.0]])
                mse = [mse_loss(target, np.array([[v, 1 - v]])) for v in q]
                ce = [cross_entropy(target, np.array([[v, 1 - v]])) for v in q]
                plt.figure(figsize=(5, 3.2))
                plt.plot(q, mse, label="MSE")
                plt.plot(q, ce, label="cross-entropy")
                plt.xlabel("probability of the correct class")
                plt.ylabel("loss e")
                plt.ylim(0, 5)
                plt.legend()
                plt.show()
            """)],
        "softmax_cross_entropy": [_text("""
            check("softmax_cross_entropy")
            """), _text("""
            if check.ready("softmax_cross_entropy", "cross_entropy"):
                logits = np.array([[1e4, 0.0], [0.0, 0.0]])
                labels = np.array([1, 0])
                print("from the logits:", softmax_cross_entropy(logits, labels))
                # From probabilities the same loss is lost: softmax has rounded exp(-1e4) to 0, the clip caps the log.
                shifted = logits - logits.max(axis=1, keepdims=True)
                rounded = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
                print("from rounded probabilities:", cross_entropy(np.eye(2)[labels], rounded))
            """)],
        "binary_cross_entropy": [_text("""
            check("binary_cross_entropy")
            """), _text("""
            if check.ready("binary_cross_entropy"):
                # multi-label (多分類、多標籤): three independent yes/no outputs
                targets = np.array([[1.0, 0.0, 1.0]])
                probs = np.array([[0.9, 0.2, 0.6]])
                print("binary cross-entropy:", binary_cross_entropy(targets, probs))
            """)],
        "likelihood": [_text("""
            check("likelihood")
            """), _text("""
            if check.ready("likelihood", "cross_entropy"):
                probs = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
                labels = np.array([0, 1, 2])
                L = likelihood(probs, labels)
                ce = cross_entropy(np.eye(3)[labels], probs)
                print(f"likelihood = {L:.4f}   -ln(likelihood)/N = {-np.log(L) / 3:.4f}   cross-entropy = {ce:.4f}")
            """)],
        "output_layer_for": [_text("""
            check("output_layer_for")
            """), _text("""
            if check.ready("output_layer_for"):
                for problem in ["binary", "multiclass", "multilabel", "regression", "bounded_regression"]:
                    print(f"{problem:20s}", output_layer_for(problem))
            """)],
    },
    outro=_text("""
        ## Next
        Both losses are zero when y′ = ŷ, so why does the lecture prefer cross-entropy? a3 looks at their
        gradients: changing the loss function can change the difficulty of optimization.
        """),
)


A3 = Story(
    intro=_text("""
        Lecture 02.3, section 2.2: *Changing the loss function can change the difficulty of optimization.*
        The lecture draws the error surface of a three-class softmax over two logits (y₁, y₂), with y₃ fixed
        very low and the target ŷ = [1, 0, 0]. 使用 MSE 時，左上角的位置雖然 Loss 很大，但梯度平坦，難以優化；
        而 Cross-entropy 則更容易收斂. This notebook computes the gradients, checks them numerically, draws
        that surface and trains a small classifier both ways.
        """),
    setup=_text("""
        ## Setup
        Only numpy (and the standard library) may be used. `_softmax` and `_one_hot` are given (they were a1's
        exercises); use them freely.
        """),
    before={
        "softmax_jacobian": _text("""
            ## The softmax Jacobian
            How does each probability move when one logit moves? ∂y′ᵢ/∂zⱼ = y′ᵢ(δᵢⱼ − y′ⱼ), i.e. diag(s) − s sᵀ
            with s = softmax(z). Support one vector `(K,)` and a batch `(N, K)`.
            """),
        "ce_grad_logits": _text("""
            ## The gradient of cross-entropy (交叉熵)
            For the mean softmax cross-entropy the chain rule collapses to something simple: (softmax − one-hot) / N.
            It is large exactly when the prediction is badly wrong.
            """),
        "mse_grad_logits": _text("""
            ## The gradient of MSE (均方誤差)
            For e = mean Σᵢ (ŷᵢ − y′ᵢ)² the gradient with respect to the probabilities, g = 2(y′ − ŷ)/N, has to
            pass back through the softmax Jacobian. Every term then carries a factor like y′ᵢ(1 − y′ᵢ): when the
            softmax saturates, the gradient vanishes, however wrong the prediction.
            """),
        "numerical_gradient": _text("""
            ## Checking a gradient numerically
            Central differences, (f(x + ε eₖ) − f(x − ε eₖ)) / 2ε for every coordinate k, approximate any
            gradient; comparing them with a formula catches mistakes. Leave the caller's `x` unchanged.
            """),
        "loss_surface": _text("""
            ## The lecture's error surface
            `loss_surface(loss, y1_values, y2_values)` gives, at `[i, j]`, the loss for the logits
            (y1_values[i], y2_values[j], −1000) and the target class `label` (0, i.e. ŷ = [1, 0, 0]).
            """),
        "train_softmax_regression": _text("""
            ## Training: does the flat region matter?
            Softmax regression y′ = softmax(X W + b), trained by full-batch gradient descent with either loss.
            Return the loss *before* each step in `history`.
            """),
    },
    after={
        "setup": [_text("""
            #@title The grader's visible checks: run this cell once, then check("...") after each exercise
            # The grader's visible checks, with its comparisons and its messages, carried in this notebook: they need
            # only numpy, so they run in any Jupyter or Colab without installing anything. After an exercise,
            # check("ce_grad_logits") runs that function's checks here; check() runs them all; set check.lang to zh-TW for 繁體中文.
            # Each time a problem still fails, one more hint unfolds; once it passes, you see why it matters.
            # <kit-embed notebook-checker>
            from _kit.selfcheck.notebook import Checker

            check = Checker(globals())
            """)],
        "softmax_jacobian": [_text("""
            check("softmax_jacobian")
            """), _text("""
            if check.ready("softmax_jacobian"):
                print(np.round(softmax_jacobian(np.array([1.0, 2.0, 0.5])), 4))
            """)],
        "ce_grad_logits": [_text("""
            check("ce_grad_logits")
            """), _text("""
            if check.ready("ce_grad_logits"):
                logits = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 0.0]])
                print(np.round(ce_grad_logits(logits, np.array([0, 2])), 4))
            """)],
        "mse_grad_logits": [_text("""
            check("mse_grad_logits")
            """), _text("""
            if check.ready("mse_grad_logits", "ce_grad_logits"):
                # The target is class 1; the model prefers class 2 by `gap`. The wronger it is, the more CE pushes;
                # MSE pushes less and less.
                print(" gap   |dCE/dz|   |dMSE/dz|")
                for gap in [0, 2, 5, 10, 20]:
                    logits = np.array([[-gap / 2, gap / 2]])
                    ce = np.abs(ce_grad_logits(logits, np.array([0]))).max()
                    mse = np.abs(mse_grad_logits(logits, np.array([0]))).max()
                    print(f"{gap:4d}   {ce:.2e}   {mse:.2e}")
            """)],
        "numerical_gradient": [_text("""
            check("numerical_gradient")
            """), _text("""
            if check.ready("numerical_gradient", "ce_grad_logits", "mse_grad_logits", "softmax_jacobian"):
                rng = np.random.default_rng(0)
                logits = rng.normal(size=(4, 3))
                labels = np.array([0, 2, 1, 1])
                targets = _one_hot(labels, 3)

                def ce(z):
                    return float(-np.mean(np.sum(targets * np.log(_softmax(z)), axis=1)))

                def mse(z):
                    return float(np.mean(np.sum((targets - _softmax(z)) ** 2, axis=1)))

                def relative_error(a, b):
                    return np.max(np.abs(a - b)) / max(np.max(np.abs(a)), np.max(np.abs(b)), 1e-12)

                for name, f, formula in [("cross-entropy", ce, ce_grad_logits), ("MSE", mse, mse_grad_logits)]:
                    print(f"{name:14s} relative error {relative_error(numerical_gradient(f, logits), formula(logits, labels)):.1e}")
                z = rng.normal(size=3)
                rows = [numerical_gradient(lambda v, k=k: _softmax(v)[k], z) for k in range(3)]
                print(f"the Jacobian   relative error {relative_error(np.stack(rows), softmax_jacobian(z)):.1e}")
            """)],
        "loss_surface": [_text("""
            check("loss_surface")
            """), _text("""
            if check.ready("loss_surface"):
                import matplotlib.pyplot as plt

                y1 = np.linspace(-10, 10, 121)
                y2 = np.linspace(-10, 10, 121)
                surfaces = {"MSE": loss_surface("mse", y1, y2), "cross-entropy": loss_surface("ce", y1, y2)}
                fig, axes = plt.subplots(1, 2, figsize=(10, 4))
                for ax, (name, surface) in zip(axes, surfaces.items()):
                    filled = ax.contourf(y1, y2, surface.T, levels=30, cmap="viridis")
                    fig.colorbar(filled, ax=ax, label="loss")
                    ax.plot(-8, 8, "r*", markersize=12)
                    ax.set(title=f"{name}: target [1, 0, 0], y3 = -1000", xlabel="y1", ylabel="y2")
                fig.tight_layout()
                plt.show()

                # The top-left corner (左上角, the red star): y1 = -8, y2 = 8, the model is confidently wrong.
                i, j = np.argmin(np.abs(y1 + 8)), np.argmin(np.abs(y2 - 8))
                h = y1[1] - y1[0]
                for name, surface in surfaces.items():
                    slope = np.hypot(surface[i + 1, j] - surface[i - 1, j], surface[i, j + 1] - surface[i, j - 1]) / (2 * h)
                    print(f"{name:14s} loss {surface[i, j]:7.3f}   slope {slope:.1e}")
            """)],
        "train_softmax_regression": [_text("""
            check("train_softmax_regression")
            """), _text("""
            if check.ready("train_softmax_regression"):
                import matplotlib.pyplot as plt

                # Three well-separated clusters, and a saturated start: W0 confidently gives every point the wrong class.
                rng = np.random.default_rng(0)
                centers = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
                labels = np.repeat(np.arange(3), 20)
                X = centers[labels] + 0.4 * rng.normal(size=(60, 2))
                W0 = 2.0 * centers.T[:, [2, 0, 1]]

                def accuracy(W, b):
                    return float(np.mean(np.argmax(X @ W + b, axis=1) == labels))

                runs = {loss: train_softmax_regression(X, labels, loss, lr=0.5, steps=100, W0=W0) for loss in ("ce", "mse")}
                fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
                for ax, (loss, (W, b, history)) in zip(axes, runs.items()):
                    ax.plot(history)
                    ax.set(title=f"{loss}: accuracy {accuracy(W, b):.0%} after 100 steps", xlabel="step", ylabel="loss")
                fig.tight_layout()
                plt.show()
            """)],
    },
    outro=_text("""
        ## What to take away
        改變 Loss function，也會影響訓練的過程: both losses have the same minimum, but from a badly wrong,
        saturated start MSE's gradient is almost zero while cross-entropy's is not. a4 proves the two
        gradient formulas with sympy.
        """),
)


A4 = Story(
    intro=_text("""
        Lecture 02.3, "To Learn More: 數學證明". Each function returns a **chain**: a list of sympy
        expressions in which every expression equals the one before it. The chain starts at the given
        expression `start` and ends at the goal; the grader checks every link.

        ### What counts as a step
        A step is **one move you could name**, and the grader names it in its feedback:

        - divide (or multiply) top and bottom by the same thing;
        - one rule of exponents or logarithms: exp(a + b) = exp(a) exp(b), exp(a)/exp(b) = exp(a − b),
          the log of a product is the sum of the logs, log(aᵇ) = b log a (for a > 0);
        - multiply out a product over a sum, or move a constant into or out of a sum;
        - substituting y1 + y2 + y3 = 1 (the one-hot targets sum to 1), or s1 + s2 + s3 = 1 (so do the
          softmax outputs);
        - collecting or cancelling a common factor.

        The chain rule is sympy's part: a gradient chain starts at the evaluated derivative. A step that
        sympy writes exactly like the one before is not counted (it neither earns nor loses points). A chain
        that jumps straight from start to goal (`[start, goal]`), or leaps over several moves anywhere, earns
        no step points, even though every link is true. A false step is reported by its index, with a point
        where its two sides differ.

        ### How to write a step
        Any of these, mixed as you like:

        - a sympy expression: `exp(a) * exp(b) / exp(b)`;
        - a string in sympy syntax: `"1/(1+exp(z2-z1))"`;
        - LaTeX in a raw string: `r"\\frac{e^{z_1}}{e^{z_1}+e^{z_2}}"`.

        Symbols are matched by name (`z1 z2 z3 c y1 y2 y3`, and `p[n, i]`, `y[n, i]` with `n`, `i` up to
        `N`, `K`). The grader applies the lecture's assumptions (logits real, probabilities positive,
        targets summing to 1) whatever your code declares. `s1, s2, s3` are **not** symbols: they stand for
        the softmax of the logits, written out. In a gradient chain the first element is the evaluated
        `diff(...)` (the stub computes it for you as `start`).
        """),
    setup=_text("""
        ## Setup
        sympy, numpy and the standard library may be used. The symbols carry the lecture's assumptions.
        """),
    before={
        "sigmoid_softmax_equivalence": _text("""
            ## 1. Two-class softmax is a sigmoid
            二分類問題使用 Sigmoid 與 Softmax 是等價的: show exp(z1)/(exp(z1)+exp(z2)) = 1/(1+exp(−(z1−z2))).
            """),
        "softmax_shift_invariance": _text("""
            ## 2. Adding a constant to every logit changes nothing
            Why a1's softmax may subtract the max: exp(z1+c)/Σₖ exp(zₖ+c) = exp(z1)/Σₖ exp(zₖ).
            """),
        "cross_entropy_is_nll": _text("""
            ## 3. Cross-entropy is the negative log-likelihood
            Minimizing cross-entropy is equivalent to maximizing likelihood: start from −log ∏ₙ∏ᵢ pₙᵢ^yₙᵢ and
            reach Σₙ −Σᵢ yₙᵢ log pₙᵢ. sympy's `Product` and `Sum` keep the indices.
            """),
        "softmax_ce_gradient": _text("""
            ## 4. The gradient of softmax + cross-entropy is s1 − y1
            The formula behind a3's `ce_grad_logits`. You will need y1 + y2 + y3 = 1.
            """),
        "mse_softmax_gradient": _text("""
            ## 5. The gradient of softmax + MSE carries s1(1 − s1)
            The formula behind a3's flat region: end at a form that shows the factor `s1*(1 - s1)`, which
            goes to 0 when the softmax saturates (s1 → 0 or 1). For two classes y1 + y2 = 1.
            """),
    },
    after={
        "setup": [_text("""
            #@title The grader's visible checks: run this cell once, then check("...") after each exercise
            # The grader's visible checks, with its comparisons and its messages, carried in this notebook: they need
            # only numpy (sympy and lark for the derivations), so they run in any Jupyter or Colab without installing anything. After an exercise,
            # check("softmax_ce_gradient") runs that function's checks here; check() runs them all; set check.lang to zh-TW for 繁體中文.
            # Each time a problem still fails, one more hint unfolds; once it passes, you see why it matters.
            # <kit-embed notebook-checker>
            from _kit.selfcheck.notebook import Checker

            check = Checker(globals())
            """)],
        "sigmoid_softmax_equivalence": [_text("""
            check("sigmoid_softmax_equivalence")
            """)],
        "softmax_shift_invariance": [_text("""
            check("softmax_shift_invariance")
            """)],
        "cross_entropy_is_nll": [_text("""
            check("cross_entropy_is_nll")
            """)],
        "softmax_ce_gradient": [_text("""
            check("softmax_ce_gradient")
            """)],
        "mse_softmax_gradient": [_text("""
            check("mse_softmax_gradient")
            """)],
    },
    outro=_text("""
        ## Check before you submit
        The cell below runs every problem's visible checks with the grader's own comparisons and chain checker:
        what they say about your steps is what the grade will say. `pytest --submission=a4_derivations.ipynb` in
        this folder (or `autograder check a4_derivations a4_derivations.ipynb`) runs the same checks.
        """),
)


STORIES = {"a1_encoding": A1, "a2_losses": A2, "a3_gradients": A3, "a4_derivations": A4}
