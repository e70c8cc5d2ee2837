"""Scorers for the public gold sets in ../shared/eval (library side of ``dragoman eval``)."""
