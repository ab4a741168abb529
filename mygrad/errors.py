"""The exceptions mygrad raises for misuse of the autodiff engine.

They share one parent, :class:`MyGradException`, so ``except
mg.errors.MyGradException`` catches every one of them. (Bad *values* given
to ops - mismatched shapes, invalid axes, wrong dtypes - raise NumPy's usual
``ValueError``/``TypeError`` instead, exactly as NumPy would.)

A bad gradient passed to ``backward(grad)`` raises ``ValueError`` (or
``TypeError`` for an object that is not a number at all), as in MyGrad 2.5;
an op whose ``backward_var`` returns something that is not a number raises
:class:`InvalidGradient`:

>>> import numpy as np
>>> import mygrad as mg
>>> from mygrad.errors import InvalidGradient
>>> class Broken(mg.Operation):
...     def __call__(self, x):
...         self.variables = (x,)
...         return x.data * 1
...     def backward_var(self, grad, index, **kwargs):
...         return None                  # forgot to return the gradient
>>> try:
...     mg.execute_op(Broken, mg.tensor([1.0, 2.0])).backward()
... except InvalidGradient as error:
...     print(error)
Broken.backward_var returned a gradient of type NoneType; a gradient must be a NumPy array or a real number
"""

__all__ = ["MyGradException", "InvalidGradient", "InvalidBackprop", "DisconnectedView", "SkipGradient"]


class MyGradException(Exception):
    """The parent of every exception that the autodiff engine raises."""


class InvalidGradient(MyGradException):
    """An op's ``backward_var`` returned something that is not a gradient.

    A gradient must be a NumPy array or a real number (as in MyGrad);
    ``None``, lists, strings and tensors raise this.
    """


class InvalidBackprop(MyGradException):
    """Backpropagation was asked of a graph that cannot provide it.

    ``backward()`` and ``clear_graph()`` clear the graph behind a tensor,
    including every tensor in it. Backpropagating later through an op that
    read one of those tensors before it was cleared raises this: the
    gradient would be incomplete.

    Examples
    --------
    >>> import mygrad as mg
    >>> x = mg.tensor(2.0)
    >>> y, z = 2 * x, 3 * x
    >>> y.backward()             # clears x's graph, which z is part of
    >>> try:
    ...     z.backward()
    ... except InvalidBackprop:
    ...     print("z's graph was cleared")
    z's graph was cleared
    """


class DisconnectedView(MyGradException):
    """A view was used as though it were still connected to its base.

    A view whose graph was cleared (by ``backward()`` or ``clear_graph()``)
    is disconnected from its base when it next takes part in an op: from
    then on it is a tensor in its own right (``view.base is None``) and its
    gradient is its own. MyGrad raises this only from internal consistency
    checks; mygrad keeps it for code that catches it.
    """


class SkipGradient(Exception):
    """Raised in an op's ``backward_var`` to give that input no gradient from this op (MyGrad's signal).

    The backward pass then moves on to the op's next input, as MyGrad's
    does: an op that computes its inputs' gradients some other way (in an
    overridden ``backward``, say) raises it for the inputs it has handled.
    It is not an error, so it is not a :class:`MyGradException`.

    Examples
    --------
    >>> import mygrad as mg
    >>> from mygrad.errors import SkipGradient
    >>> class FirstOnly(mg.Operation):
    ...     def __call__(self, a, b):
    ...         self.variables = (a, b)
    ...         return a.data * b.data
    ...     def backward_var(self, grad, index, **kwargs):
    ...         if index == 1:
    ...             raise SkipGradient()
    ...         return grad * self.variables[1].data
    >>> a, b = mg.tensor(2.0), mg.tensor(3.0)
    >>> mg.execute_op(FirstOnly, a, b).backward()
    >>> a.grad, b.grad
    (array(3.), None)
    """
