"""The event coder: verb patterns matched on spaCy's dependency parse give CAMEO-coded events.

For each verb of a sentence found in the verb dictionary, the patterns of its block are tried, longest
first: their words must stand before the verb (anywhere earlier in the sentence) or after it (inside the
verb's phrase), in order, next to each other where the dictionary joins them with ``_``. The first pattern
that matches gives the code; none matching, the verb's own code does. The grammatical subject gives the
source actors (passive: the ``by`` agent), the object or prepositional objects the targets; conjoined actors
("Russia and China vetoed") each give an event. Negation and complement verbs are folded in:

- a negated verb ("did not attack") gives no event, unless the pattern itself holds the negation;
- a verb under a cessation verb ("stopped supporting") gives no event, but under a negated one ("will not
  stop supporting") it stands, with ``negated`` set;
- a verb under a refusal verb ("refused to negotiate") becomes the rejection of its code (12x, from
  ``refusals.tsv``);
- a verb under another coded verb ("threatened to attack", "urged X to respond") is the governor's business
  and is not coded on its own.

Statements (from ``statements``) become verbal events: the cue coded by the dictionary ("accused", "called
for", "rejected"), else the events of the content said by the speaker, else 010 (make statement), each with
``statement_id`` and the speaker as source. A sentence the coder cannot handle gives no event.

This module loads the dictionary (``EventCoder``) and codes articles (``code_events``). Each sentence is
read through a frozen ``view.SentenceView`` (its tokens, the coded and uncoded mentions on them, its
statements and this coder), built once; every rule is a plain function of the view that returns values and
changes nothing, one module per job: ``verbs`` (dictionary verbs and possessed nouns to candidates),
``matching`` (patterns), ``roles`` (source and target actors), ``folding`` (negation and complement verbs),
``moods`` (intent, appeal, demand, threat), ``material`` (figurative conflict), ``nominal`` (event nouns),
``records`` (candidates to events), ``statement_events`` and ``transformations``; ``sentence.code_sentence``
runs them in order.
"""

from __future__ import annotations

import csv
import logging
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Event, Mention, Statement
from ..nlp import Paragraph, ParsedArticle
from .candidate import STATEMENT_ROOT
from .discards import DiscardMatcher, without_recent_years
from .patterns import Discard, VerbDictionary, read_jsonl
from .petrarch_format import Problem, read_discard_file, read_verb_file
from .sentence import code_sentence
from .tables import CameoTable, bundled_table, data_path
from .view import SentenceView

if TYPE_CHECKING:
    from ..settings import OnError, Settings

log = logging.getLogger(__name__)


class EventCoder:
    """Verb patterns, discards and CAMEO tables, loaded once per pipeline (``EventCoder.load(settings)``)."""

    def __init__(
        self,
        verbs: VerbDictionary,
        discards: Sequence[Discard],
        table: CameoTable,
        complements: dict[str, str],
        refusals: dict[str, str],
        one_actor: dict[str, frozenset[str]],
        problems: Sequence[Problem] = (),
        *,
        require_dyad: bool = False,
        cameo_manual: bool = True,
        on_error: OnError = "warn",
    ) -> None:
        self.verbs = verbs
        self.on_error = on_error
        self.require_dyad = require_dyad
        self.cameo_manual = cameo_manual
        self.table = table
        self.complements = complements
        self.refusals = refusals
        self.one_actor = one_actor
        self.problems = tuple(problems)
        self.pattern_ids = {pattern.id for pattern in verbs.patterns}
        # The words each pattern reads after its verb: a noun among them is coded by the pattern, not again
        # as a nominal event ("called for talks": 036, not also talks, 046).
        self.pattern_words = {
            p.id: frozenset(e.value for e in p.after if e.kind == "word" and e.value) for p in verbs.patterns
        }
        # Blocks of speech verbs: most of their coded verbs make statements (01x); "REPORT [---]" in such a
        # block is a speech verb too.
        block_codes: dict[str, list[str]] = {}
        for verb in verbs.verbs:
            if verb.code:
                block_codes.setdefault(verb.block, []).append(verb.code)
        self.speech_blocks = {
            block
            for block, codes in block_codes.items()
            if 2 * sum(c.startswith(STATEMENT_ROOT) for c in codes) > len(codes)
        }
        self.sentence_discards = DiscardMatcher([d for d in discards if d.scope == "sentence"])
        self.story_discards = DiscardMatcher([d for d in discards if d.scope == "story"])

    @classmethod
    def load(cls, settings: Settings) -> EventCoder:
        """The bundled dictionary, or the ``settings.verbs``/``settings.discards`` files (TABARI/PETRARCH
        format, or dragoman's JSONL) in its place. Dictionary lines that cannot be used are logged with file
        and line, and skipped."""
        return cls.from_files(
            settings.verbs,
            settings.discards,
            require_dyad=settings.require_dyad,
            cameo_manual=settings.cameo_manual,
            on_error=settings.on_error,
        )

    @classmethod
    def from_files(
        cls,
        verbs: str | Path | None = None,
        discards: str | Path | None = None,
        *,
        require_dyad: bool = False,
        cameo_manual: bool = True,
        on_error: OnError = "warn",
    ) -> EventCoder:
        """Like ``load``. A user's verb file keeps its codes: one that is not CAMEO (test dictionaries such
        as PETRARCH's make up codes like ``174K``) is warned about once and coded by its longest CAMEO
        prefix."""
        table = bundled_table()
        problems: list[Problem] = []
        if verbs is None:
            verb_records = read_jsonl(data_path("verbs.jsonl"))
        elif str(verbs).endswith(".jsonl"):
            verb_records = read_jsonl(verbs)
        else:
            verb_records, verb_problems = read_verb_file(verbs)
            problems += verb_problems
        if discards is None:
            discard_records = read_jsonl(data_path("discards.jsonl"))
        elif str(discards).endswith(".jsonl"):
            discard_records = read_jsonl(discards)
        else:
            discard_records, discard_problems = read_discard_file(discards)
            problems += discard_problems
        for problem in problems:
            log.warning("skipped %s", problem)
        dictionary = VerbDictionary.build(r for r in verb_records if not isinstance(r, Discard))
        if verbs is not None:
            _warn_unknown_codes(verbs, dictionary, table)
        return cls(
            dictionary,
            [r for r in discard_records if isinstance(r, Discard)],
            table,
            _read_map(data_path("complements.tsv"), "lemma", "effect"),
            _read_map(data_path("refusals.tsv"), "root", "code"),
            {
                k: frozenset(v.split())
                for k, v in _read_map(data_path("one_actor.tsv"), "lemma", "roots").items()
            },
            problems,
            require_dyad=require_dyad,
            cameo_manual=cameo_manual,
            on_error=on_error,
        )

    def is_discarded(self, text: str, scope: str) -> bool:
        matcher = self.story_discards if scope == "story" else self.sentence_discards
        return matcher.matches(text)


def _warn_unknown_codes(path: str | Path, dictionary: VerbDictionary, table: CameoTable) -> None:
    """One warning naming the codes of a user's dictionary that the CAMEO table does not hold."""
    codes = {
        c for entry in (*dictionary.verbs, *dictionary.patterns) for c in (entry.code, entry.reverse_code)
    }
    unknown = sorted(c for c in codes if c and c not in table)
    if unknown:
        log.warning(
            "%s: %s not in the CAMEO table (%s); kept, with the type of their longest CAMEO prefix",
            path,
            "1 code is" if len(unknown) == 1 else f"{len(unknown)} codes are",
            " ".join(unknown),
        )


def _read_map(path: Path, key: str, value: str) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle, delimiter="\t")}


def discarded_paragraphs(parsed: ParsedArticle, coder: EventCoder) -> set[int] | None:
    """Where a story discard phrase ("+BASEBALL" in a PETRARCH list) rules: in the headline or the lead
    paragraph it makes the whole story not coded (None: a sports story says what it is at the top); further
    down, only its own paragraph (the starts of those paragraphs), so that a war report mentioning a
    football match keeps its other events."""
    title = parsed.article.title or ""
    if title and coder.is_discarded(title, "story"):
        return None
    discarded = set()
    for number, paragraph in enumerate(parsed.paragraphs):
        if coder.is_discarded(paragraph.doc.text, "story"):
            lead = number == 0 or (number == 1 and paragraph_is_headline(parsed, parsed.paragraphs[0]))
            if lead:
                return None
            discarded.add(paragraph.start)
    return discarded


def paragraph_is_headline(parsed: ParsedArticle, paragraph: Paragraph) -> bool:
    """Whether ``paragraph`` is the article's headline, before its body."""
    return paragraph.start + len(paragraph.doc.text) <= parsed.article.body_start


def code_events(
    parsed: ParsedArticle,
    mentions: Sequence[Mention],
    statements: Sequence[Statement],
    coder: EventCoder,
    warnings: list[str] | None = None,
) -> list[Event]:
    """The events of one article, sorted by offsets. A sentence the coder fails on raises when
    ``coder.on_error`` is ``"raise"``; otherwise it gives no event and a line in ``warnings``."""
    article = parsed.article
    discarded = discarded_paragraphs(parsed, coder)
    if discarded is None:
        return []
    events: list[Event] = []
    coded = sorted((m for m in mentions if m.code), key=lambda m: m.start)
    starts = [m.start for m in coded]
    uncoded = sorted((m for m in mentions if not m.code), key=lambda m: m.start)
    uncoded_starts = [m.start for m in uncoded]
    for sentence in parsed.sentences():
        text = article.text[sentence.start : sentence.end]
        if sentence.paragraph.start in discarded or coder.is_discarded(
            without_recent_years(text, article.published), "sentence"
        ):
            continue
        inside = coded[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        said = [s for s in statements if sentence.start <= s.cue.start < sentence.end]
        named = uncoded[
            bisect_left(uncoded_starts, sentence.start) : bisect_left(uncoded_starts, sentence.end)
        ]
        if coder.on_error == "raise":
            events += code_sentence(SentenceView.build(coder, parsed, sentence, inside, said, named))
            continue
        try:
            events += code_sentence(SentenceView.build(coder, parsed, sentence, inside, said, named))
        except Exception as error:  # noqa: BLE001 - on_error="warn": one sentence lost, said, not the article
            message = (
                f"{article.source}: sentence {sentence.index + 1} not coded ({type(error).__name__}: {error})"
            )
            log.warning("%s", message)
            if warnings is not None:
                warnings.append(message)
    unique = {event.id: event for event in events}
    return sorted(
        unique.values(),
        key=lambda e: (
            e.action.start,
            e.source.start if e.source else -1,
            e.target.start if e.target else -1,
            e.cameo,
        ),
    )
