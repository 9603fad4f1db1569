"""a4 chains written as LaTeX and as sympy text, some partial, one with a false step: what a class hands in.

Graded twice by tests/test_grade_replays.py (idle, then with every core busy): every verdict must replay.
"""

from sympy import IndexedBase, Product, Sum, log, symbols

z1, z2, z3, c = symbols("z1 z2 z3 c", real=True)
n, i = symbols("n i", integer=True, positive=True)
N, K = symbols("N K", integer=True, positive=True)
p = IndexedBase("p", positive=True)
y = IndexedBase("y", nonnegative=True)


def sigmoid_softmax_equivalence():
    return [
        r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}",
        r"\frac{1}{1+\frac{e^{z_2}}{e^{z_1}}}",
        r"\frac{1}{1+e^{-(z_1-z_2)}}",
    ]


def softmax_shift_invariance():
    return [
        "exp(z1 + c)/(exp(z1 + c) + exp(z2 + c) + exp(z3 + c))",
        "exp(z1)*exp(c)/(exp(z1)*exp(c) + exp(z2)*exp(c) + exp(z3)*exp(c))",
        "exp(z1)/(exp(z1) + exp(z2) + exp(z3))",
    ]


def cross_entropy_is_nll():
    return [
        -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N))),
        -Sum(log(Product(p[n, i] ** y[n, i], (i, 1, K))), (n, 1, N)),
        Sum(-Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N)),
    ]


def softmax_ce_gradient():
    return [r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}+e^{z_3}} - y_1", "y1 - exp(z1)"]  # a false step


def mse_softmax_gradient():
    return [r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}"]
