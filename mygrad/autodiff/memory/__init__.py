"""Memory: how tensors share arrays safely.

* :mod:`~mygrad.autodiff.memory.views` - which tensor's memory a view shows,
  and which elements of it (all view state is changed there).
* :mod:`~mygrad.autodiff.memory.inplace` - ``t[i] = v``, ``t += s``,
  ``out=`` targets: writes that every view sees and that the graph survives.
* :mod:`~mygrad.autodiff.memory.guard` - memory guarding: arrays a live
  graph depends on are read-only until the graph is done with them.
* :mod:`~mygrad.autodiff.memory.buffers` - recycled scratch arrays for the
  backward pass (offered to ops as ``Operation.temporary``/``product``).
* :mod:`~mygrad.autodiff.memory.allocator` - the C allocator keeps freed
  memory for the next step (asked once, here, when mygrad is imported).

What it may import: NumPy and the rest of :mod:`mygrad.autodiff` (views,
guard and buffers import nothing of the engine; in-place writes build on
``Tensor`` and ``Operation``).
"""

from mygrad.autodiff.memory import allocator

allocator.keep_freed_memory()
