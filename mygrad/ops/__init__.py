"""The differentiable op library, one module per family of NumPy functions.

Every public function here is re-exported at ``mygrad.*``.
"""

from mygrad.ops.arithmetic import *  # noqa: F401,F403
from mygrad.ops.casting import *  # noqa: F401,F403
from mygrad.ops.exp_log import *  # noqa: F401,F403
from mygrad.ops.indexing import *  # noqa: F401,F403
from mygrad.ops.joining import *  # noqa: F401,F403
from mygrad.ops.linalg import *  # noqa: F401,F403
from mygrad.ops.reductions import *  # noqa: F401,F403
from mygrad.ops.selection import *  # noqa: F401,F403
from mygrad.ops.shape import *  # noqa: F401,F403
from mygrad.ops.trig import *  # noqa: F401,F403
from mygrad.ops.logical import *  # noqa: F401,F403
from mygrad.ops.reciprocal_trig import *  # noqa: F401,F403
from mygrad.ops.rounding import *  # noqa: F401,F403
from mygrad.ops.searching import *  # noqa: F401,F403
from mygrad.ops.sequence import *  # noqa: F401,F403
from mygrad.ops.windows import *  # noqa: F401,F403

import types as _types  # noqa: E402

# Export the functions, not the family submodules (``mygrad.linalg`` is its own namespace).
__all__ = [name for name, value in list(globals().items())
           if not name.startswith("_") and not isinstance(value, _types.ModuleType)]
