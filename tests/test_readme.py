"""Every Python example in the README runs as printed."""

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_examples():
    assert len(BLOCKS) >= 4


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_example_runs(code):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(README), "exec"), {"__name__": "readme_example"})
    # each `print(...)  # ... -> expected` line must print exactly the expected text
    expected = [line.split("->")[-1].strip() for line in code.splitlines()
                if line.lstrip().startswith("print(") and "->" in line]
    outputs = printed.getvalue().splitlines()
    assert len(outputs) >= len(expected)
    for want, got in zip(expected, outputs):
        assert " ".join(got.split()) == " ".join(want.split())
