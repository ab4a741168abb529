"""Fit a cubic to noisy data with nothing but tensors and backward().

No nn, no optim: the whole of gradient descent is the few lines in the loop.
Run it with:  python examples/fit_curve.py
"""

import numpy as np

import mygrad as mg

rng = np.random.default_rng(0)

# Noisy samples of y = 0.5 x^3 - x + 2 on [-2, 2]
x = np.linspace(-2, 2, 200)
y = 0.5 * x ** 3 - x + 2 + rng.normal(scale=0.3, size=x.shape)

# The model: y_hat = w3 x^3 + w2 x^2 + w1 x + w0, with all weights learnable
weights = mg.tensor(np.zeros(4))
powers = np.stack([x ** 3, x ** 2, x, np.ones_like(x)], axis=1)  # (200, 4), a constant

learning_rate = 0.02
print("fitting y = w3 x^3 + w2 x^2 + w1 x + w0 to 200 noisy points")
for step in range(2001):
    prediction = powers @ weights                   # (200,)
    loss = mg.mean((prediction - y) ** 2)           # mean squared error
    loss.backward()                                 # fills weights.grad = dloss/dweights
    weights.data -= learning_rate * weights.grad    # one step of gradient descent
    if step % 400 == 0:
        print(f"step {step:4d}   loss {loss.item():.4f}")

w3, w2, w1, w0 = weights.data
print(f"learned: y = {w3:.2f} x^3 + {w2:.2f} x^2 + {w1:.2f} x + {w0:.2f}")
print("true:    y = 0.50 x^3 + 0.00 x^2 + -1.00 x + 2.00")
