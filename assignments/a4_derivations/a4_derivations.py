"""Assignment a4_derivations — proofs that sympy checks.

Each function returns a chain: a list of sympy expressions in which every expression equals the one
before it. The chain starts at the given expression and ends at the goal; each step should be one move
you could name (divide top and bottom by the same thing, a rule of exponents or logarithms, multiplying
out, substituting y1 + y2 + y3 = 1, collecting a common factor). The points measure how far your named
moves bring the chain toward the goal: a step that leaps over several moves, restates, repeats or
detours earns nothing, and the feedback says which moves a leap combines.

s1, s2, s3 are not symbols: they are the softmax of the logits, written out.
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
    """Two-class softmax is a sigmoid: exp(z1)/(exp(z1)+exp(z2)) = 1/(1+exp(-(z1-z2)))."""
    start = exp(z1) / (exp(z1) + exp(z2))
    goal = 1 / (1 + exp(-(z1 - z2)))
    # YOUR CODE HERE
    raise NotImplementedError


def softmax_shift_invariance() -> list:
    """Adding the same c to every logit leaves softmax unchanged (why subtracting the max is safe)."""
    start = exp(z1 + c) / (exp(z1 + c) + exp(z2 + c) + exp(z3 + c))
    goal = exp(z1) / (exp(z1) + exp(z2) + exp(z3))
    # YOUR CODE HERE
    raise NotImplementedError


def cross_entropy_is_nll() -> list:
    """Minimising cross-entropy is maximising likelihood: −log ∏ₙ∏ᵢ pₙᵢ^yₙᵢ = Σₙ −Σᵢ yₙᵢ ln pₙᵢ."""
    start = -log(Product(Product(p[n, i] ** y[n, i], (i, 1, K)), (n, 1, N)))
    goal = Sum(-Sum(y[n, i] * log(p[n, i]), (i, 1, K)), (n, 1, N))
    # YOUR CODE HERE
    raise NotImplementedError


def softmax_ce_gradient() -> list:
    """∂/∂z1 of −Σₖ yₖ ln sₖ is s1 − y1 when the targets sum to 1."""
    den = exp(z1) + exp(z2) + exp(z3)
    s1, s2, s3 = exp(z1) / den, exp(z2) / den, exp(z3) / den
    start = diff(-(y1 * log(s1) + y2 * log(s2) + y3 * log(s3)), z1)
    goal = s1 - y1
    # YOUR CODE HERE
    raise NotImplementedError


def mse_softmax_gradient() -> list:
    """∂/∂z1 of (y1 − s1)² + (y2 − s2)² for two classes carries the factor s1(1 − s1).

    When the softmax saturates (s1 → 0 or 1) that factor, and with it the gradient, goes to 0:
    the flat region of the lecture's MSE error surface.
    """
    den = exp(z1) + exp(z2)
    s1, s2 = exp(z1) / den, exp(z2) / den
    start = diff((y1 - s1) ** 2 + (y2 - s2) ** 2, z1)
    # YOUR CODE HERE
    raise NotImplementedError
