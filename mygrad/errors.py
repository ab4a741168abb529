"""The exceptions mygrad raises for misuse of the autodiff engine.

They share one parent, :class:`MyGradException`, so ``except
mg.errors.MyGradException`` catches every one of them. (Bad *values* given
to ops - mismatched shapes, invalid axes, wrong dtypes - raise NumPy's usual
``ValueError``/``TypeError`` instead, exactly as NumPy would.)

A bad gradient passed to ``backward(grad)`` is an :class:`InvalidGradient`
that is also a ``ValueError`` (or a ``TypeError`` for an object that is not
a number at all), which is what MyGrad 2.5 raises there, so code written
against either keeps working.

>>> import mygrad as mg
>>> from mygrad.errors import InvalidGradient
>>> try:
...     mg.tensor([1.0, 2.0]).backward("ones")
... except InvalidGradient as error:
...     print(isinstance(error, ValueError), error)
True backward() needs a numeric gradient; got 'ones': could not convert string to float: 'ones'
"""

__all__ = [
    "MyGradException",
    "InvalidGradient",
    "InvalidGradientValue",
    "InvalidGradientType",
    "InvalidBackprop",
    "DisconnectedView",
]


class MyGradException(Exception):
    """The parent of every exception that the autodiff engine raises."""


class InvalidGradient(MyGradException):
    """A gradient was not a numeric array of the right shape.

    Raised when ``backward(grad)`` is given something that is not a number
    or a numeric array-like, or one whose shape does not broadcast to the
    tensor's, and when an op's ``backward_var`` returns something that is not
    a number or an ndarray, or an array that does not fit its input's shape.
    """


class InvalidGradientValue(InvalidGradient, ValueError):
    """An :class:`InvalidGradient` that is also a ``ValueError`` (a bad value or shape)."""


class InvalidGradientType(InvalidGradient, TypeError):
    """An :class:`InvalidGradient` that is also a ``TypeError`` (not a number at all)."""


class InvalidBackprop(MyGradException):
    """Backpropagation was asked of a graph that cannot provide it.

    ``backward()`` and ``clear_graph()`` clear the graph behind a tensor,
    including every tensor in it. Backpropagating later through an op that
    read one of those tensors before it was cleared raises this: the
    gradient would be incomplete.

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
