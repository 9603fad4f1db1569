"""Attack: The honest moves, rearranged to earn more than they show: a detour through a false expression and
back, the steps shuffled, a jump ahead then the moves before it again, and junk after the goal.

The outcome the grader must give is in tests/adversarial/expected.yml under sym_detours.py.
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
    start = exp(z1) / (exp(z1) + exp(z2))
    middle = 1 / (1 + exp(z2) / exp(z1))
    goal = 1 / (1 + exp(-(z1 - z2)))
    return [start, exp(z2) / (exp(z1) + exp(z2)), middle, goal]  # through s2 (false) to the last move


def softmax_shift_invariance() -> list:
    start = exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c))
    split = exp(z1) * exp(c) / (exp(z1) * exp(c) + exp(z2) * exp(c) + exp(z3) * exp(c))
    goal = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    return [start, goal, start, split, start, split, goal, 2 * goal]  # the goal first, back, forth, junk after


def cross_entropy_is_nll() -> list:
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    one = -Sum(log(Product(p[n, i] ** y[n, i], (i, 1, K))), (n, 1, N))
    two = -Sum(Sum(log(p[n, i] ** y[n, i]), (i, 1, K)), (n, 1, N))
    three = -Sum(Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N))
    goal = Sum(-Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N))
    return [start, three, one, two, three, goal]  # a jump ahead, then the moves before it again


def softmax_ce_gradient() -> list:
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    start = diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    return [start, s1 * (y1 + y2 + y3) - y1, -y1 * (1 - s1) + y2 * s1 + y3 * s1, s1 - y1]  # shuffled


def mse_softmax_gradient() -> list:
    den = exp(z1) + exp(z2)
    s1, s2 = exp(z1) / den, exp(z2) / den
    start = diff((y1 - s1) ** 2 + (y2 - s2) ** 2, z1)
    goal = 4 * s1 * (1 - s1) * (s1 - y1)
    return [start, goal, goal + 0 * y1, goal * (z1**2 - 4) / ((z1 - 2) * (z1 + 2)), goal]  # leap, then restated
