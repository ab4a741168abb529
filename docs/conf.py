"""Sphinx configuration of mygrad's documentation.

Build:  python -m sphinx -W --keep-going -b html docs docs/_build/html
Needs:  pip install -e ".[docs]"
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS.parent))  # the checkout's mygrad, also when it is not installed

import mygrad  # noqa: E402

project = "mygrad"
author = "the mygrad developers"
copyright = "the mygrad developers"
release = version = mygrad.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "mygrad_api",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path = []
root_doc = "index"
default_role = "code"  # `x` in prose is code, as `` `x` `` in Markdown

# -- autodoc: objects under their public names, signatures without type hints
autodoc_typehints = "none"
autodoc_member_order = "bysource"
autodoc_class_signature = "mixed"
autodoc_inherit_docstrings = False

# -- NumPy-style docstrings (napoleon keeps the sections numpydoc would drop)
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = False
napoleon_preprocess_types = False
napoleon_custom_sections = [
    ("Shape", "notes_style"),
    ("State", "notes_style"),
    ("Returns (from a call)", "returns_style"),
]

# -- HTML
html_theme = "furo"
html_title = f"mygrad {release}"
html_static_path = ["_static"]
html_show_sourcelink = False
pygments_style = "friendly"
pygments_dark_style = "monokai"
