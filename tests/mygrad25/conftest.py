"""The corpus files are snippet collections, not modules: keep pytest (and --doctest-modules) out of them."""

collect_ignore_glob = ["corpus/*.py"]
