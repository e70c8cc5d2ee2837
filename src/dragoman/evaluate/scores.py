"""Precision, recall and F1 from counts: the arithmetic every gold-set scorer shares."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean ``f1`` (0.0 when both are 0)."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def from_counts(cls, correct: int, predicted: int, found: int, gold: int, empty: float = 0.0) -> PRF:
        """``correct`` of ``predicted`` predictions are right and ``found`` of ``gold`` items are found.

        The two numerators differ when a gold item can be found without a prediction (a PETRARCH record that
        expects no event). ``empty`` is a ratio over nothing: 0.0 for PolNeAR, 1.0 for PETRARCH, where no
        event produced is no wrong event.
        """
        return cls(correct / predicted if predicted else empty, found / gold if gold else empty)
