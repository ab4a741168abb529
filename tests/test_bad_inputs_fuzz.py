"""A hostile-input fuzzer over the public API.

Every target (declared in tests/fuzz_targets_core.py and fuzz_targets_training.py)
is a public function, class or method with a valid call.
Hypothesis replaces one (or two) of its arguments by something hostile - a
wrong type, NaN/inf, a negative, zero or huge size, an empty or ragged
array, a string, None, a mismatched shape, a complex/object/str/datetime
array - and the call must then

* either succeed, without changing its other inputs, with a result that a
  per-target check accepts (for core functions: what NumPy gives), or
* raise an exception of a documented class (``TypeError``, ``ValueError``,
  ``IndexError``, ``AxisError``, ``RuntimeError``, ... - never an internal
  ``AttributeError``, ``KeyError``, ``UnboundLocalError``, ``ZeroDivisionError``,
  ``RecursionError``), leaving every input - tensors, modules, optimizers,
  schedulers, files - exactly as it was; for the arguments listed in a
  target's ``named``, the message must also name the function or the
  argument.

A few violations live in code outside this suite's reach (the engine, and
files other people own); they are listed in ``KNOWN`` with the reason, so
that the test passes until they are fixed - and ``test_known_gaps_are_still_gaps``
fails once one is, so that its entry gets removed.

Run ``python -m tests.test_bad_inputs_fuzz [name]`` (from the repository root) for an exhaustive sweep
(every target x every argument x every catalogued hostile value); it prints
each violation, message-naming ones included for every argument. The test
below samples that space (10 draws per target).
"""

from __future__ import annotations

import functools
import re
import signal
import sys
import warnings
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mygrad as mg
from tests import fuzz_targets_core, fuzz_targets_training
from tests.fuzz_support import (CALL_SECONDS, DOCUMENTED, HOSTILE, HOSTILE_LABELS, INTERNAL, TARGETS, Target, _t,
                                like_numpy, same, snapshot)

assert fuzz_targets_core.TARGETS is fuzz_targets_training.TARGETS is TARGETS  # (importing them declared the targets)

# ----------------------------------------------------------------------------- what must name itself
# The arguments whose refusal must name the function or the argument: those checked by the code that the
# hostile-input work covers (reductions' axis/keepdims/ddof, indexing, creation, losses, normalisation,
# modules, optimizers, schedulers, checkpoints, data). An array argument that the engine converts, and the
# functions of other files, are reported by the sweep only. (regex on the target's name, arguments or None: all)
NAMED: List[Tuple[str, Optional[Tuple[str, ...]]]] = [
    (r"mg\.(sum|mean|max|min|amax|amin|prod|var|std|cumsum|cumprod)$", ("axis", "keepdims", "ddof")),
    (r"mg\.getitem$|Tensor\[index\]$", ("index",)),
    (r"mg\.(zeros|ones|empty|full|eye|identity|arange|linspace|logspace|geomspace)$", None),
    (r"mg\.(zeros|ones|empty|full)_like$", None),
    (r"F\.(mse_loss|l1_loss|smooth_l1_loss|huber_loss|binary_cross_entropy|binary_cross_entropy_with_logits|"
     r"cross_entropy|nll_loss|multi_margin_loss|margin_ranking_loss|focal_loss|softmax_focal_loss|batch_norm|"
     r"layer_norm)$", None),
    (r"nn\.(BatchNorm1d|BatchNorm2d|LayerNorm|MSELoss|L1Loss|CrossEntropyLoss|NLLLoss|BCELoss|BCEWithLogitsLoss|"
     r"HuberLoss|SmoothL1Loss)(\(\)|\.forward)$", None),
    (r"optim\.|(SGD|Adam|AdamW|RMSprop|Adagrad)\.|optim group option", None),
    (r"lr_scheduler\.|(StepLR|MultiStepLR|ExponentialLR|CosineAnnealingLR|LinearLR|OneCycleLR|ReduceLROnPlateau)\.",
     None),
    (r"Module\.|Sequential\[index\]", None),
    (r"save_checkpoint|load_checkpoint|mg\.save|mg\.load|TensorDataset|DataLoader|random_split|parse_idx|"
     r"write_idx|read_idx", None),
]


def _named(case: Target) -> Tuple[str, ...]:
    for pattern, args in NAMED:
        if re.match(pattern, case.name):
            return case.fuzz if args is None else tuple(a for a in args if a in case.fuzz)
    return ()


TARGETS[:] = [case._replace(named=_named(case)) for case in TARGETS]


_UFUNCS = r"mg\.(" + "|".join(fuzz_targets_core.UNARY + fuzz_targets_core.BINARY) + r")$"


class Known(NamedTuple):
    """A violation whose fix lies outside the files this suite's work owns (reported to their owners)."""

    target: str  # regex on the target's name
    argument: str  # regex on the hostile argument's name
    labels: str  # regex on the hostile value's label
    violation: str  # regex on the violation's text
    example: str  # a label that shows it
    reason: str


KNOWN = [
    Known(r"mg\.where$", r"^(x|y)$", r"^2\*\*63$", "values differ", "2**63",
          "NumPy 2.4's where(c, 2**63, 2**63) wraps the ints to int64 (-2**63); mygrad's uint64 2**63 is the "
          "right value - an oracle gap, not a mygrad one"),
]


def known_gap(case: Target, hostile: Dict[str, str], violation: Optional[str] = None) -> Optional[Known]:
    """The KNOWN entry covering ``case`` with these hostile values (and this violation, if given)."""
    for gap in KNOWN:
        if re.match(gap.target, case.name) and any(
            re.match(gap.argument, name) and re.search(gap.labels, label) for name, label in hostile.items()
        ):
            if violation is None or re.search(gap.violation, violation):
                return gap
    return None


# ----------------------------------------------------------------------------- the contract
class Hang(BaseException):
    """Raised by the alarm; a BaseException, so that code that catches Exception does not swallow it."""


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def _refusal_violation(case: Target, hostile: Dict[str, str], args: Dict[str, Any], before: Dict[str, Any],
                       desc: str, named: Any, error: BaseException) -> Optional[str]:
    """The contract for a refused call: a documented class, nothing changed, and (where asked) a named message."""
    kind = type(error).__name__
    message = str(error)
    # (an error that is deliberately both, as PyTorch's AssertionError and a ValueError, is not internal)
    if isinstance(error, INTERNAL) and not isinstance(error, DOCUMENTED + case.raises):
        return f"{desc}: internal {kind}: {message}"
    if not isinstance(error, DOCUMENTED + case.raises):
        return f"{desc}: undocumented {kind}: {message}"
    changed = [n for n, v in args.items() if not same(snapshot(v), before[n])]
    if changed:
        return f"{desc}: raised {kind} but changed {changed}"
    must_name = named == "all" or (named and all(n in case.named for n in hostile))
    words = (case.name.split("(")[0].split(".")[-1].split("[")[0].strip(),) + case.names + tuple(hostile)
    # (an op class's name counts: "AtLeast2D" names atleast_2d, "AddSequence" add_sequence)
    plain = message.lower().replace("_", "")
    if must_name and not any(w.lower().replace("_", "") in plain for w in words if w):
        return f"{desc}: {kind} names neither the function nor the argument: {message!r}"
    return None


def run_case(case: Target, hostile: Dict[str, str], named: bool = True, seconds: int = CALL_SECONDS) -> Optional[str]:
    """Call ``case`` with the arguments named in ``hostile`` replaced; return a violation or None.

    With ``named``, a refusal must name the function or the argument when every hostile argument is in
    ``case.named``; with ``named="all"``, always (the sweep's advisory report).
    """
    args = case.make()
    for name, label in hostile.items():
        args[name] = HOSTILE[label]()
    before = {name: snapshot(value) for name, value in args.items()}
    desc = f"{case.name}({', '.join(f'{n}={l}' for n, l in hostile.items())})"
    old = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    if old is not None:  # (repeating, in case a first Hang is swallowed all the same)
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if case.setup is not None:
                case.setup(**args)
                before = {name: snapshot(value) for name, value in args.items()}
            result = case.call(**args)
            if case.result is not None:
                case.result(result, args)
    except Hang:
        return f"{desc}: still running after {seconds} s"
    except AssertionError as error:
        if not isinstance(error, DOCUMENTED):  # (a library's error that is also PyTorch's AssertionError: refused)
            return f"{desc}: succeeded with a wrong result: {error}"
        return _refusal_violation(case, hostile, args, before, desc, named, error)
    except BaseException as error:  # the contract for a refused call
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        return _refusal_violation(case, hostile, args, before, desc, named, error)
    finally:
        if old is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    changed = [n for n, v in args.items() if n not in case.mutates and n not in hostile
               and not same(snapshot(v), before[n])]
    if changed:
        return f"{desc}: succeeded but changed its inputs {changed}"
    return None


# ----------------------------------------------------------------------------- the test
@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("case", TARGETS, ids=[c.name for c in TARGETS])
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_hostile_arguments_give_a_result_or_a_documented_error_and_change_nothing(case, data):
    labels = _drawable(case.name)  # (a known gap is not drawn: some are slow, and each is checked once below)
    names = data.draw(st.lists(st.sampled_from(sorted(labels)), min_size=1, max_size=min(2, len(labels)),
                               unique=True), label="arguments")
    hostile = {name: data.draw(st.sampled_from(labels[name]), label=name) for name in names}
    violation = run_case(case, hostile)
    assert violation is None or known_gap(case, hostile, violation), violation


@functools.lru_cache(maxsize=None)
def _drawable(name: str) -> Dict[str, List[str]]:
    """For each fuzzed argument of target ``name``, the hostile labels that are not a known gap."""
    case = next(c for c in TARGETS if c.name == name)
    labels = {arg: [label for label in HOSTILE_LABELS if not known_gap(case, {arg: label})] for arg in case.fuzz}
    return {arg: found for arg, found in labels.items() if found}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("gap", KNOWN, ids=[f"{g.target.strip('^$')} {g.example}" for g in KNOWN])
def test_known_gaps_are_still_gaps(gap):
    """Each KNOWN entry still shows on its example; once one is fixed, this fails: remove the entry."""
    cases = [(case, arg) for case in TARGETS if re.match(gap.target, case.name)
             for arg in case.fuzz if re.match(gap.argument, arg)]
    assert cases, f"no target matches {gap.target!r}"
    violations = [run_case(case, {arg: gap.example}, seconds=1) for case, arg in cases]
    for case in {id(c): c for c, _ in cases}.values():  # (and the example in every matching argument at once)
        violations.append(run_case(case, {arg: gap.example for arg in case.fuzz if re.match(gap.argument, arg)},
                                   seconds=1))
    assert any(v is not None and re.search(gap.violation, v) for v in violations), (
        f"fixed? {gap.reason} - remove its KNOWN entry ({violations})")


def test_the_fuzzer_can_fail():
    """The contract check reports each kind of violation: an internal error, a change made by a call that
    raised, a wrong result, an undocumented class, a message that names nothing, and a call that hangs."""

    def refuse_after_zeroing(y: mg.Tensor, x: Any) -> None:
        y.data[...] = 0
        raise ValueError("refused")

    cases = [
        (Target("internal", lambda y, x: {}["missing"], lambda: dict(y=1, x=1), ("x",)), "internal KeyError"),
        (Target("changes", refuse_after_zeroing, lambda: dict(y=_t(2), x=1), ("x",)),
         "raised ValueError but changed ['y']"),
        (Target("wrong", lambda x: mg.tensor([1.0, 2.0, 3.0]), lambda: dict(x=_t(2)), ("x",),
                result=like_numpy(np.negative)), "wrong result"),
        (Target("undocumented", lambda x: (_ for _ in ()).throw(LookupError("x")), lambda: dict(x=1), ("x",)),
         "undocumented LookupError"),
        (Target("unnamed", lambda x: int("bad"), lambda: dict(x=1), ("x",), named=("x",)), "names neither"),
        (Target("hangs", lambda x: [0 for _ in iter(int, 1)], lambda: dict(x=1), ("x",)), "still running"),
    ]
    for case, expected in cases:
        violation = run_case(case, {"x": "0"}, seconds=1)
        assert violation is not None and expected in violation, (case.name, violation)


def sweep(selected: Optional[str] = None) -> int:
    """Every target x every argument x every hostile value; print each violation (known gaps marked, and
    messages that name neither function nor argument reported for every argument, as advice)."""
    count = violations = advice = 0
    for case in TARGETS:
        if selected and selected not in case.name:
            continue
        for name in case.fuzz:
            for label in HOSTILE_LABELS:
                count += 1
                violation = run_case(case, {name: label}, named="all")
                if violation is None:
                    continue
                gap = known_gap(case, {name: label}, violation)
                if gap is not None:
                    print(f"known: {violation}")
                elif "names neither" in violation and name not in case.named:
                    advice += 1
                    print(f"advice: {violation}")
                else:
                    violations += 1
                    print(violation)
    print(f"{violations} violations and {advice} unnamed-message advices in {count} calls over {len(TARGETS)} "
          f"targets", file=sys.stderr)
    return violations


if __name__ == "__main__":
    sys.exit(1 if sweep(sys.argv[1] if len(sys.argv) > 1 else None) else 0)
