"""Attack: Expressions that are not the derivation at all (s2 where it is about s1, a sum of probabilities), each
restated twice in forms sympy finds equal: every link "follows", and once earned most of the points.

The outcome the grader must give is in tests/adversarial/expected.yml under sym_unrelated_restated.py.
"""
from sympy import IndexedBase, Product, Sum, diff, exp, log, symbols

# The lecture's quantities: logits and shifts are real, probabilities positive, targets one-hot.
z1, z2, z3, c = symbols("z1 z2 z3 c", real=True)
y1, y2, y3 = symbols("y1 y2 y3", nonnegative=True)
n, i = symbols("n i", integer=True, positive=True)
N, K = symbols("N K", integer=True, positive=True)
p = IndexedBase("p", positive=True)
y = IndexedBase("y", nonnegative=True)


def sigmoid_softmax_equivalence() -> list:
    return ["exp(z2)/(exp(z1) + exp(z2))", "2*exp(z2)/(2*exp(z1) + 2*exp(z2))", "3*exp(z2)/(3*exp(z1) + 3*exp(z2))"]


def softmax_shift_invariance() -> list:
    return [
        "exp(z2)/(exp(z1) + exp(z2) + exp(z3))",
        "2*exp(z2)/(2*exp(z1) + 2*exp(z2) + 2*exp(z3))",
        "3*exp(z2)/(3*exp(z1) + 3*exp(z2) + 3*exp(z3))",
    ]


def cross_entropy_is_nll() -> list:
    return ["Sum(p[n, i], (i, 1, K))", "Sum(2*p[n, i], (i, 1, K))/2", "Sum(3*p[n, i], (i, 1, K))/3"]


def softmax_ce_gradient() -> list:
    return [exp(z1 + z2), exp(z1) * exp(z2), exp(z2) * exp(z1 + z3) / exp(z3)]


def mse_softmax_gradient() -> list:
    den = exp(z1) + exp(z2)
    s2 = exp(z2) / den
    return [s2 * (1 - s2), s2 - s2**2, s2 * (exp(z1) / den)]
