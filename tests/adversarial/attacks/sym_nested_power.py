"""Attack: Sends an unevaluated power whose base is itself a power of a 999-digit number: rebuilt node by node, the inner
power is a million-digit integer and the outer one a billion digits, one C-level loop no alarm interrupts.

The outcome the grader must give is in tests/adversarial/expected.yml under sym_nested_power.py.
"""
from sympy import Indexed, IndexedBase, Product, Sum, diff, exp, log, symbols

# The lecture's quantities: logits and shifts are real, probabilities positive, targets one-hot.
z1, z2, z3, c = symbols("z1 z2 z3 c", real=True)
y1, y2, y3 = symbols("y1 y2 y3", nonnegative=True)
n, i = symbols("n i", integer=True, positive=True)
N, K = symbols("N K", integer=True, positive=True)
p = IndexedBase("p", positive=True)
y = IndexedBase("y", nonnegative=True)
from sympy import Integer, Mul, Pow

def sigmoid_softmax_equivalence() -> list:
    """Two-class softmax is a sigmoid: exp(z1)/(exp(z1)+exp(z2)) = 1/(1+exp(-(z1-z2)))."""
    start = exp(z1) / (exp(z1) + exp(z2))
    goal = 1 / (1 + exp(-(z1 - z2)))
    return [
        start,
        1 / (1 + exp(z2) / exp(z1)),  # divide top and bottom by exp(z1)
        goal,  # exp(z2)/exp(z1) = exp(z2 - z1) = exp(-(z1 - z2))
    ]


def softmax_shift_invariance() -> list:
    start = exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c))
    goal = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    huge = Pow(Pow(Integer(int("9" * 999)), 1000, evaluate=False), 1000, evaluate=False)
    split = exp(z1) * exp(c) / (exp(z1) * exp(c) + exp(z2) * exp(c) + exp(z3) * exp(c))
    return [start, Mul(split, huge, Pow(huge, -1, evaluate=False), evaluate=False), goal]


def cross_entropy_is_nll() -> list:
    """Minimising cross-entropy is maximising likelihood: −log ∏ₙ∏ᵢ pₙᵢ^yₙᵢ = Σₙ −Σᵢ yₙᵢ ln pₙᵢ."""
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    goal = Sum(-Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N))
    return [
        start,
        -Sum(log(Product(p[n, i] ** y[n, i], (i, 1, K))), (n, 1, N)),  # log of a product = sum of logs
        -Sum(Sum(log(p[n, i] ** y[n, i]), (i, 1, K)), (n, 1, N)),  # again, over the classes
        -Sum(Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N)),  # log(a^b) = b log a (a > 0)
        goal,  # move the minus sign inside the outer sum
    ]


def softmax_ce_gradient() -> list:
    """∂/∂z1 of −Σₖ yₖ ln sₖ is s1 − y1 when the targets sum to 1."""
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    start = diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    goal = s1 - y1
    return [
        start,
        -y1 * (1 - s1) + y2 * s1 + y3 * s1,  # multiply out: ∂ln s1/∂z1 = 1 − s1, ∂ln sₖ/∂z1 = −s1 for k ≠ 1
        s1 * (y1 + y2 + y3) - y1,  # multiply out -y1*(1 - s1) and collect s1
        goal,  # y1 + y2 + y3 = 1
    ]


def mse_softmax_gradient() -> list:
    """∂/∂z1 of (y1 − s1)² + (y2 − s2)² for two classes carries the factor s1(1 − s1).

    When the softmax saturates (s1 → 0 or 1) that factor, and with it the gradient, goes to 0:
    the flat region of the lecture's MSE error surface.
    """
    den = exp(z1) + exp(z2)
    s1, s2 = exp(z1) / den, exp(z2) / den
    start = diff((y1 - s1) ** 2 + (y2 - s2) ** 2, z1)
    return [
        start,
        -2 * (y1 - s1) * s1 * (1 - s1) - 2 * (y2 - s2) * (-s1 * s2),  # the softmax Jacobian: collect s1
        -2 * (y1 - s1) * s1 * (1 - s1) + 2 * (y2 - 1 + s1) * s1 * (1 - s1),  # s2 = 1 − s1
        2 * s1 * (1 - s1) * ((s1 - y1) + (s1 - 1 + y2)),  # factor out s1(1 − s1)
        4 * s1 * (1 - s1) * (s1 - y1),  # y2 − 1 = −y1
    ]
