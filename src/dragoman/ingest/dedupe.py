"""Near-duplicate detection: wire copies of one story (small edits, another outlet) found by MinHash/LSH.

Each article's text becomes a set of word shingles; ``datasketch`` estimates the Jaccard similarity of two
sets from their MinHash signatures, and its LSH index finds the candidates above the threshold without
comparing every pair. The first article of a story stays the original; later copies get ``duplicate_of``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
# The hashing scheme the signatures are made with; stored signatures are only comparable under the same one.
SCHEME = "affine32"
# Word 3-grams: a changed word touches only three shingles, so a wire copy with a new headline, a dateline
# and a few edited words keeps most of them, while two different stories on the same subject share few.
SHINGLE_WORDS = 3
# Estimated Jaccard similarity of the shingle sets at and above which an article is a copy. Each edited
# word removes up to three shingles, so a 50-word story with a new headline and two changed words is
# already down to ~0.7, while two outlets' own reports of one event share only a few 3-grams (< 0.2).
DEFAULT_THRESHOLD = 0.6
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The word ``size``-grams of ``text``, lower-cased (a shorter text is one shingle)."""
    words = WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """The MinHash of ``text``'s shingles."""
    from datasketch import MinHash  # numpy and datasketch load only when articles are written

    minhash = MinHash(num_perm=num_perm, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    """The signature as bytes for the store (uint64, little-endian)."""
    import numpy as np

    return np.asarray(minhash.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    import numpy as np
    from datasketch import MinHash

    return MinHash(hashvalues=np.frombuffer(data, dtype="<u8").astype(np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """An LSH index of article signatures; ``find()`` names the stored article a new text copies, if any."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold {threshold}: must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        # Weigh missed copies over false candidates: every candidate is confirmed by its estimated
        # similarity anyway. With (0.1, 0.9) a pair at 0.7 is found 99% of the time (79% with
        # datasketch's default weights).
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self.signatures: dict[str, MinHash] = {}

    def load(self, stored: Iterable[tuple[str, bytes]]) -> None:
        """Add ``(article_id, signature_bytes)`` pairs, e.g. every signature in a store."""
        for article_id, data in stored:
            self.add(article_id, signature_from_bytes(data))

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id in self.signatures:
            self.remove(article_id)
        self.lsh.insert(article_id, minhash)
        self.signatures[article_id] = minhash

    def remove(self, article_id: str) -> None:
        if self.signatures.pop(article_id, None) is not None:
            self.lsh.remove(article_id)

    def find(self, minhash: MinHash, exclude: str | None = None) -> str | None:
        """The most similar indexed article at or above the threshold (ties: the smaller id), or None."""
        best: tuple[float, str] | None = None
        for candidate in self.lsh.query(minhash):
            if candidate == exclude:
                continue
            # LSH candidates are probable, not certain: confirm with the estimated Jaccard similarity.
            similarity = minhash.jaccard(self.signatures[candidate])
            if similarity >= self.threshold and (
                best is None or (-similarity, candidate) < (-best[0], best[1])
            ):
                best = (similarity, candidate)
        return best[1] if best else None
