"""The exceptions mygrad raises for misuse of the autodiff engine.

They share one parent, :class:`MyGradException`, so ``except
mg.errors.MyGradException`` catches every one of them. (Bad *values* -
mismatched shapes, invalid axes, wrong dtypes - raise NumPy's usual
``ValueError``/``TypeError`` instead, exactly as NumPy would.)

>>> import mygrad as mg
>>> from mygrad.errors import InvalidGradient
>>> try:
...     mg.tensor([1.0, 2.0]).backward("ones")
... except InvalidGradient as error:
...     print(type(error).__name__)
InvalidGradient
"""

__all__ = ["MyGradException", "InvalidGradient", "InvalidBackprop", "DisconnectedView"]


class MyGradException(Exception):
    """The parent of every exception that the autodiff engine raises."""


class InvalidGradient(MyGradException):
    """A gradient was not a numeric array of the right shape.

    Raised when ``backward(grad)`` is given something that is not a number
    or a numeric array-like, or one whose shape does not broadcast to the
    tensor's, and when an op's backward returns such a thing.
    """


class InvalidBackprop(MyGradException):
    """Backpropagation was asked of a graph that cannot provide it.

    For example: ``backward()`` through a graph that has already been
    (partially) cleared.
    """


class DisconnectedView(MyGradException):
    """A view's gradient was asked for through a base it is no longer connected to.

    A view that enters a new graph after its base's graph was cleared is
    disconnected from that base: from then on it is a tensor in its own right
    (``view.base is None``) and its gradient is its own.
    """
