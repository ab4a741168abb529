"""The C allocator: keep freed memory for the next training step instead of giving it back to the system.

A training step allocates the same tens of megabytes every time (activations,
gradients, im2col and Winograd buffers) and frees them by the end of the
step. NumPy takes that memory from the C library's ``malloc``. By default
glibc returns freed memory at the top of its heap to the operating system
once more than a few megabytes are free there, and serves large requests with
fresh ``mmap`` regions: either way the next step gets new pages, and the
kernel must fault in (and zero) each 4 KiB page the first time it is written.

Measured on `examples/train_mnist.py`'s CNN (batch 64, a new batch of images
each step, 2-core x86-64, glibc 2.36): 1,200-2,200 page faults per step and
20.9-23.4 ms per step; with the settings below, about 1 fault and 17-21 ms
per step (5-15% faster). With the same data every step (the same allocation
sizes each time) glibc's own adaptive thresholds settle and there are almost
no faults either way; data-dependent sizes (e.g. the number of repeated
convolution windows) keep them moving.

So on glibc, mygrad asks ``malloc`` (``mallopt``, once, when it is imported)
to serve requests below :data:`MMAP_THRESHOLD` from its heap and to keep up to
:data:`TRIM_THRESHOLD` of free memory at the top of the heap for reuse. The
cost is memory that stays with the process after a step: at most that much
more than it needs at its peak. Set the environment variable
``MYGRAD_KEEP_FREED_MEMORY=0`` before importing mygrad to leave the
allocator's defaults alone. Other C libraries (macOS, Windows, musl) are left
alone too.
"""

from __future__ import annotations

import ctypes
import os

__all__ = ["keep_freed_memory", "MMAP_THRESHOLD", "TRIM_THRESHOLD"]

#: Requests up to this size come from the heap, whose freed memory is reused (glibc's own adaptive
#: threshold stops at this value on 64-bit systems).
MMAP_THRESHOLD = 32 * 1024 * 1024
#: Free memory kept at the top of the heap rather than returned to the system.
TRIM_THRESHOLD = 128 * 1024 * 1024

_M_TRIM_THRESHOLD = -1  # mallopt's parameter numbers (malloc.h)
_M_MMAP_THRESHOLD = -3


def keep_freed_memory() -> bool:
    """Ask glibc's ``malloc`` to keep freed memory for reuse (see the module notes); True if it was done.

    Does nothing (and returns False) under another C library, or when the
    environment variable ``MYGRAD_KEEP_FREED_MEMORY`` is ``0``.

    Examples
    --------
    >>> from mygrad.autodiff.memory import allocator
    >>> allocator.keep_freed_memory() in (True, False)
    True
    """
    if os.environ.get("MYGRAD_KEEP_FREED_MEMORY", "1").strip().lower() in {"0", "false", "no", "off"}:
        return False
    if not _glibc():
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # pragma: no cover - an unusual glibc install
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def _glibc() -> bool:
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (AttributeError, ValueError, OSError):  # not a GNU system
        return False
