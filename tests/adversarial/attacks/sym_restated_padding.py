"""Attack: Pads a chain with restatements that sympy finds equal and the checker once counted as moves (the
start with a number factor top and bottom, k·a/(k·a + k·b)), so that the points of one false step or of a leap
are spread thin: 47 restatements of the start, a false step, the goal; 47 restatements, then the goal.

The outcome the grader must give is in tests/adversarial/expected.yml under sym_restated_padding.py.
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
    goal = 1 / (1 + exp(-(z1 - z2)))
    padding = [f"{k}*exp(z1)/({k}*exp(z1) + {k}*exp(z2))" for k in range(2, 49)]
    return [start, *padding, 2 * goal, goal]


def softmax_shift_invariance() -> list:
    start = exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c))
    goal = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    padding = [f"{k}*exp(z1 + c)/({k}*exp(z1 + c) + {k}*exp(z2 + c) + {k}*exp(z3 + c))" for k in range(2, 49)]
    return [start, *padding, goal]


def cross_entropy_is_nll() -> list:
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    goal = Sum(-Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N))
    return [start] * 20 + [goal] * 20


def softmax_ce_gradient() -> list:
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    start = diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    return [start, s1 - y1]


def mse_softmax_gradient() -> list:
    den = exp(z1) + exp(z2)
    s1, s2 = exp(z1) / den, exp(z2) / den
    start = diff((y1 - s1) ** 2 + (y2 - s2) ** 2, z1)
    return [start, *[start] * 10, 4 * s1 * (1 - s1) * (s1 - y1)]
