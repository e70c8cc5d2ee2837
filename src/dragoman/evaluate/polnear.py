"""PolNeAR attribution scoring: read brat standoff annotations and score predicted statements against them.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates attribution relations as ``Source``, ``Cue`` and
``Content`` text-bound annotations (``T`` lines, possibly discontinuous: ``start end;start end``) joined by
``Attribution`` events (``E`` lines). A text annotated by two annotators has one ``.ann`` file each
(``NAME_<annotator>.ann`` beside ``text/NAME.txt``); each is scored as its own gold document.

Scores, each as precision, recall and F1 over relations, every prediction matched to at most one gold
relation (greedily, best match first):

- ``cue``: a predicted cue span overlaps the gold cue span;
- ``cue+source``: and the speaker span or its antecedent overlaps the gold source (a gold relation without a
  source wants no speaker);
- ``cue+content``: and the token-level F1 of the contents is at least 0.5;
- ``all``: the three together.

PolNeAR annotations are univocal (each token belongs to at most one attribution), so statements nested
inside another statement's content (``parent_id`` set) are not scored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Statement
from .scores import PRF

if TYPE_CHECKING:
    from ..pipeline import Pipeline

SPLITS = ("train", "dev")
MEASURES = ("cue", "cue+source", "cue+content", "all")
# A content pair counts as matched from this token-level F1 on (the threshold).
CONTENT_F1 = 0.5
TOKEN = re.compile(r"\w+", re.UNICODE)
TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
RELATION = re.compile(r"^(E\d+)\t(.*)$")

Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One attribution: cue, source and content as character ranges (source/content may be empty)."""

    cue: Ranges
    source: Ranges = ()
    content: Ranges = ()


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotator's relations over one text."""

    name: str
    annotator: str
    text_path: Path
    relations: tuple[GoldRelation, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    """A prediction reduced to what is scored: cue range, speaker ranges (span and antecedent), content."""

    cue: tuple[int, int]
    speakers: Ranges
    content: tuple[int, int]

    @classmethod
    def from_statement(cls, statement: Statement) -> Predicted:
        speakers: list[tuple[int, int]] = []
        if statement.speaker is not None:
            speakers.append((statement.speaker.start, statement.speaker.end))
            if statement.speaker.antecedent is not None:
                speakers.append((statement.speaker.antecedent.start, statement.speaker.antecedent.end))
        return cls(
            (statement.cue.start, statement.cue.end),
            tuple(speakers),
            (statement.content.start, statement.content.end),
        )


@dataclass
class Counts:
    """True positives and the sizes of the predicted and gold sets for one measure."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def prf(self) -> PRF:
        return PRF.from_counts(self.matched, self.predicted, self.matched, self.gold)


@dataclass
class Scores:
    """Counts per measure, summed over documents."""

    counts: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MEASURES})
    documents: int = 0

    def add(self, other: Scores) -> None:
        for measure, counts in other.counts.items():
            mine = self.counts[measure]
            mine.matched += counts.matched
            mine.predicted += counts.predicted
            mine.gold += counts.gold
        self.documents += other.documents

    def rows(self) -> list[tuple[str, float, float, float, int, int]]:
        """(measure, precision, recall, F1, predicted, gold) per measure."""
        rows = []
        for measure, counts in self.counts.items():
            prf = counts.prf
            rows.append((measure, prf.precision, prf.recall, prf.f1, counts.predicted, counts.gold))
        return rows


def _ranges(text: str) -> Ranges:
    pairs = []
    for part in text.split(";"):
        start, end = part.split()
        pairs.append((int(start), int(end)))
    return tuple(pairs)


def read_annotations(path: Path, text_path: Path) -> GoldDocument:
    """The attribution relations of one brat ``.ann`` file (lines that are not T or E lines are skipped)."""
    bounds: dict[str, tuple[str, Ranges]] = {}
    events: list[dict[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read annotations ({error})") from error
    for number, line in enumerate(lines, 1):
        if match := TEXT_BOUND.match(line):
            try:
                bounds[match.group(1)] = (match.group(2), _ranges(match.group(3)))
            except ValueError as error:
                raise InputError(f"{path}:{number}: bad offsets {match.group(3)!r}") from error
        elif match := RELATION.match(line):
            roles = dict(part.split(":", 1) for part in match.group(2).split() if ":" in part)
            events.append(roles)
    relations = []
    for roles in events:
        cue = bounds.get(roles.get("Cue", ""))
        if cue is None:
            continue  # a relation without a cue cannot be matched by any measure; PolNeAR has a few
        source = bounds.get(roles.get("Source", ""))
        content = bounds.get(roles.get("Content", ""))
        relations.append(GoldRelation(cue[1], source[1] if source else (), content[1] if content else ()))
    stem = path.stem
    name, _, annotator = stem.rpartition("_")
    return GoldDocument(name or stem, annotator, text_path, tuple(relations))


def find_corpus(path: str | Path | None = None) -> Path:
    """The PolNeAR directory: ``path``, else ``../shared/eval/polnear`` near the cwd or the package."""
    if path is not None:
        corpus = Path(path)
        if not corpus.is_dir():
            raise InputError(f"{corpus}: not a directory (expected the PolNeAR corpus with train/ and dev/)")
        return corpus
    here = Path(__file__).resolve()
    candidates = [Path.cwd(), *Path.cwd().parents, *here.parents]
    for base in candidates:
        for corpus in (base / "shared" / "eval" / "polnear", base.parent / "shared" / "eval" / "polnear"):
            if (corpus / "dev").is_dir():
                return corpus
    raise InputError("PolNeAR corpus not found near the working directory; pass its path (…/eval/polnear)")


def load_split(corpus: Path, split: str) -> list[GoldDocument]:
    """Every annotator's document of ``split`` (train or dev), sorted by file name."""
    if split not in SPLITS:
        raise InputError(f"--split {split}: unknown split (expected one of {', '.join(SPLITS)})")
    folder = corpus / split
    annotations = folder / "attributions"
    if not annotations.is_dir():
        raise InputError(f"{folder}: no attributions/ directory; is this the PolNeAR corpus?")
    documents = []
    for ann in sorted(annotations.glob("*.ann")):
        name = ann.stem.rpartition("_")[0] or ann.stem
        text_path = folder / "text" / f"{name}.txt"
        if not text_path.is_file():
            raise InputError(f"{ann}: no matching text file {text_path}")
        documents.append(read_annotations(ann, text_path))
    return documents


def _overlaps(a: tuple[int, int], ranges: Ranges) -> bool:
    return any(a[0] < end and start < a[1] for start, end in ranges)


def _overlap_size(a: tuple[int, int], ranges: Ranges) -> int:
    return sum(max(0, min(a[1], end) - max(a[0], start)) for start, end in ranges)


def _tokens(text: str, ranges: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """Word tokens (as character ranges) of ``text`` inside ``ranges``."""
    found: set[tuple[int, int]] = set()
    for start, end in ranges:
        for match in TOKEN.finditer(text, start, end):
            found.add((match.start(), match.end()))
    return found


def token_f1(text: str, predicted: tuple[int, int], gold: Ranges) -> float:
    """Token-level F1 between a predicted content range and gold content ranges of ``text``."""
    mine = _tokens(text, [predicted])
    theirs = _tokens(text, gold)
    common = len(mine & theirs)
    return PRF.from_counts(common, len(mine), common, len(theirs)).f1


def _source_ok(prediction: Predicted, gold: GoldRelation) -> bool:
    if not gold.source:
        return not prediction.speakers
    return any(_overlaps(speaker, gold.source) for speaker in prediction.speakers)


def _content_ok(text: str, prediction: Predicted, gold: GoldRelation) -> bool:
    return bool(gold.content) and token_f1(text, prediction.content, gold.content) >= CONTENT_F1


def score_document(text: str, gold: Sequence[GoldRelation], predictions: Sequence[Predicted]) -> Scores:
    """Scores of one document; for each measure, a one-to-one greedy matching of predictions to gold."""
    scores = Scores(documents=1)
    checks: dict[str, Callable[[Predicted, GoldRelation], bool]] = {
        "cue": lambda p, g: True,
        "cue+source": _source_ok,
        "cue+content": lambda p, g: _content_ok(text, p, g),
        "all": lambda p, g: _source_ok(p, g) and _content_ok(text, p, g),
    }
    for measure, check in checks.items():
        pairs = sorted(
            (-_overlap_size(p.cue, g.cue), i, j)
            for i, p in enumerate(predictions)
            for j, g in enumerate(gold)
            if _overlaps(p.cue, g.cue) and check(p, g)
        )
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _size, i, j in pairs:
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
        counts = scores.counts[measure]
        counts.matched = len(used_p)
        counts.predicted = len(predictions)
        counts.gold = len(gold)
    return scores


def scored_predictions(statements: Iterable[Statement]) -> list[Predicted]:
    """Predictions that PolNeAR can judge: top-level statements (nested ones are not annotated there)."""
    return [Predicted.from_statement(s) for s in statements if s.parent_id is None]


def evaluate(
    documents: Sequence[GoldDocument],
    extract: Callable[[Sequence[tuple[str, str]]], Iterator[Sequence[Statement]]],
) -> Scores:
    """Score ``extract`` (texts ``(id, text)`` in, statements per text out, in order) on ``documents``.

    Each distinct text is extracted once and scored against every annotator's document of it.
    """
    texts: dict[Path, str] = {}
    for document in documents:
        if document.text_path not in texts:
            texts[document.text_path] = document.text_path.read_text(encoding="utf-8")
    order = list(texts)
    predictions: dict[Path, list[Predicted]] = {}
    for path, statements in zip(order, extract([(p.stem, texts[p]) for p in order]), strict=True):
        predictions[path] = scored_predictions(statements)
    total = Scores()
    for document in documents:
        text = texts[document.text_path]
        total.add(score_document(text, document.relations, predictions[document.text_path]))
    return total


def pipeline_extractor(
    pipeline: Pipeline,
) -> Callable[[Sequence[tuple[str, str]]], Iterator[Sequence[Statement]]]:
    """An ``extract`` for ``evaluate`` running ``pipeline`` on the texts as they are (no cleaning, so the gold
    offsets stay valid)."""
    from ..model import Article

    def extract(texts: Sequence[tuple[str, str]]) -> Iterator[Sequence[Statement]]:
        articles = (Article(id=name, source=f"polnear:{name}", text=text) for name, text in texts)
        for extraction in pipeline.process_many(articles):
            yield extraction.statements

    return extract


def run(
    pipeline: Pipeline, split: str = "dev", path: str | Path | None = None, limit: int | None = None
) -> Scores:
    """Score ``pipeline`` on a PolNeAR split (the first ``limit`` annotation files when given)."""
    documents = load_split(find_corpus(path), split)
    if limit is not None:
        documents = documents[:limit]
    return evaluate(documents, pipeline_extractor(pipeline))


def format_table(scores: Scores) -> str:
    """The scores as a small text table."""
    lines = [f"{'measure':<12} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}"]
    for measure, precision, recall, f1, predicted, gold in scores.rows():
        lines.append(f"{measure:<12} {precision:6.3f} {recall:6.3f} {f1:6.3f} {predicted:6d} {gold:6d}")
    lines.append(f"({scores.documents} annotated documents)")
    return "\n".join(lines)
