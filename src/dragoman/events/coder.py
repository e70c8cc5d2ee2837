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
"""

from __future__ import annotations

import csv
import logging
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import ActorRef, Event, Mention, Span, Statement, stable_id
from ..nlp import ParsedArticle, ParsedSentence
from .discards import DiscardMatcher
from .patterns import Discard, Element, Pattern, Transformation, Verb, VerbDictionary, read_jsonl
from .petrarch_format import Problem, read_discard_file, read_verb_file
from .tables import CameoTable, bundled_table, data_path

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..settings import Settings

log = logging.getLogger(__name__)

STATEMENT_CODE = "010"
STATEMENT_ROOT = "01"
COUNTRY_CODE_LENGTH = 3  # "RUS": a code with no sector after the country
# Appeal, demand, threaten: the content of their that-clause is asked for or threatened, not done.
REQUEST_ROOTS = frozenset({"02", "10", "13"})
NEGATION_WORDS = frozenset({"NOT", "N'T", "NEVER", "NO", "NEITHER", "NOR"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
# Dependencies that start another clause: actors inside them are not this verb's source or target.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "parataxis", "ccomp", "xcomp", "conj", "appos", "punct", "cc"})
# Parts of speech a noun phrase is made of (what "^" may skip).
NOUN_PHRASE_POS = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM"})
# Prepositions of place and time: what stands behind them inside an object is where or when, not whom.
PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "inside", "within", "during", "across", "around", "throughout"}
)
# Prepositions that introduce the target of a nominal event ("support for", "aid to", "attack on").
NOMINAL_TARGET_PREPOSITIONS = frozenset({"for", "to", "against", "on", "with"})
# Dependencies under which a verb is the complement of the verb above it ("refused to negotiate").
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One coded verb before it becomes events: codes, rule, sources, targets and what was folded in."""

    verb_index: int
    span: tuple[int, int]  # token indices of the verb words in the doc, end exclusive
    code: str | None
    reverse_code: str | None
    rule: str
    sources: tuple[Mention, ...]
    targets: tuple[Mention, ...]
    compound: bool
    negated: bool
    block: str = ""
    own_subject: bool = True


class EventCoder:
    """Verb patterns, discards and CAMEO tables, loaded once per pipeline (``EventCoder.load(settings)``)."""

    def __init__(
        self,
        verbs: VerbDictionary,
        discards: Sequence[Discard],
        table: CameoTable,
        complements: dict[str, str],
        refusals: dict[str, str],
        problems: Sequence[Problem] = (),
    ) -> None:
        self.verbs = verbs
        self.table = table
        self.complements = complements
        self.refusals = refusals
        self.problems = tuple(problems)
        self.pattern_ids = {pattern.id for pattern in verbs.patterns}
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
        return cls.from_files(settings.verbs, settings.discards, strict_codes=settings.cameo_codes_only)

    @classmethod
    def from_files(
        cls, verbs: str | Path | None = None, discards: str | Path | None = None, *, strict_codes: bool = True
    ) -> EventCoder:
        """Like ``load``; ``strict_codes=False`` keeps codes that are not CAMEO (test dictionaries such as
        PETRARCH's unit-test verbs make up codes like ``174K``)."""
        table = bundled_table()
        problems: list[Problem] = []
        known = table.__contains__ if strict_codes else None
        if verbs is None:
            verb_records = read_jsonl(data_path("verbs.jsonl"))
        elif str(verbs).endswith(".jsonl"):
            verb_records = read_jsonl(verbs)
        else:
            verb_records, verb_problems = read_verb_file(verbs, known)
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
        return cls(
            dictionary,
            [r for r in discard_records if isinstance(r, Discard)],
            table,
            _read_map(data_path("complements.tsv"), "lemma", "effect"),
            _read_map(data_path("refusals.tsv"), "root", "code"),
            problems,
        )

    def is_discarded(self, text: str, scope: str) -> bool:
        matcher = self.story_discards if scope == "story" else self.sentence_discards
        return matcher.matches(text)


def _read_map(path: Path, key: str, value: str) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle, delimiter="\t")}


def code_events(
    parsed: ParsedArticle, mentions: Sequence[Mention], statements: Sequence[Statement], coder: EventCoder
) -> list[Event]:
    """The events of one article, sorted by offsets. A sentence that fails to code is logged and skipped."""
    article = parsed.article
    if coder.is_discarded(article.text, "story"):
        return []
    events: list[Event] = []
    coded = sorted((m for m in mentions if m.code), key=lambda m: m.start)
    starts = [m.start for m in coded]
    for sentence in parsed.sentences():
        text = article.text[sentence.start : sentence.end]
        if coder.is_discarded(text, "sentence"):
            continue
        inside = coded[bisect_left(starts, sentence.start) : bisect_left(starts, sentence.end)]
        said = [s for s in statements if sentence.start <= s.cue.start < sentence.end]
        try:
            events += SentenceCoder(coder, parsed, sentence, inside, said).code()
        except (IndexError, KeyError, ValueError, AttributeError, TypeError, RecursionError) as error:
            # Degrade at the smallest unit: a sentence the coder trips on gives no event, not a failure.
            log.warning(
                "%s: sentence %d not coded (%s: %s)", article.id, sentence.index, type(error).__name__, error
            )
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


class SentenceCoder:
    """Codes one sentence: finds dictionary verbs, matches patterns, builds events."""

    def __init__(
        self,
        coder: EventCoder,
        parsed: ParsedArticle,
        sentence: ParsedSentence,
        mentions: Sequence[Mention],
        statements: Sequence[Statement],
    ) -> None:
        self.coder = coder
        self.parsed = parsed
        self.sentence = sentence
        self.paragraph = sentence.paragraph
        self.span = sentence.span
        self.tokens = list(sentence.span)
        self.first = self.span.start
        self.upper = {t.i: t.text.upper() for t in self.tokens}
        self.unreadable: set[int] = set()  # positions the verb being matched may not read (see code_verb)
        self.word_set = frozenset(self.upper.values())
        self.statements = statements
        # Each token to the mention that covers it (mentions do not overlap; the longest wins if they do),
        # and each mention to its first and last token.
        offsets = [self.paragraph.offset(t) for t in self.tokens]
        self.mention_at: dict[int, Mention] = {}
        self.mention_tokens: dict[int, tuple[int, int]] = {}
        for mention in sorted(mentions, key=lambda m: m.start - m.end):
            first = bisect_left(offsets, mention.start)
            last = bisect_left(offsets, mention.end) - 1
            covered = [
                self.first + k for k in range(first, last + 1) if self.first + k not in self.mention_at
            ]
            for index in covered:
                self.mention_at[index] = mention
            if covered:
                self.mention_tokens[id(mention)] = (covered[0], covered[-1])

    # ----------------------------------------------------------------------------------- verbs
    def code(self) -> list[Event]:
        candidates: dict[int, Candidate] = {}
        for token in self.tokens:
            if token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB"):
                continue
            candidate = self.code_verb(token)
            if candidate is not None:
                candidates[token.i] = candidate
        kept = [self.with_speaker(c) for c in self.fold_complements(candidates)]
        kept += self.nominal_candidates()
        events = [e for c in kept for e in self.events_of(c)]
        events += self.transformed(kept, candidates)
        return self.statement_events(events)

    def nominal_candidates(self) -> list[Candidate]:
        """Nominal events: a noun that is a dictionary verb's form, with an actor as possessor (the source)
        and an actor behind a preposition (the target): "Moscow's continued support for the Syrian
        government". A noun ceased by its verb ("ended its support for") is no event unless that verb is
        negated ("will not end its support for": negated support)."""
        found = []
        for token in self.tokens:
            if token.pos_ != "NOUN" or token.text.upper() not in self.coder.verbs.by_form:
                continue
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None:
                continue
            if owner.i in self.mention_at:
                sources = self.actors_of(owner)
            elif owner.pos_ == "PRON" and token.dep_ == "dobj":
                # "Russia will not end its support for …": "its" is the subject of the verb.
                subject, passive = self.subject_of(token.head)
                sources = self.subject_actors(subject) if subject is not None and not passive else ()
            else:
                continue
            targets: tuple[Mention, ...] = ()
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in NOMINAL_TARGET_PREPOSITIONS:
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    targets = self.actors_of(pobj) if pobj is not None else ()
                    if targets:
                        break
            if not targets:
                continue
            candidate = self.code_verb(token)
            if candidate is None or not candidate.code:
                continue
            if not sources:
                continue
            candidate = replace(candidate, sources=sources, targets=targets, negated=False)
            governor = token.head if token.dep_ == "dobj" else None
            if governor is not None and self.coder.complements.get(governor.lemma_.lower()) == "cessation":
                if not self.is_negated(governor):
                    continue
                candidate = replace(candidate, negated=True)
            found.append(candidate)
        return found

    @property
    def pattern_ids(self) -> set[str]:
        """Rules that are patterns, not a verb's default code: only these code a cue without a target
        ("calling for …" is a call; "said" alone says nothing about whom)."""
        return self.coder.pattern_ids

    def is_cue(self, index: int) -> bool:
        start = self.paragraph.offset(self.doc[index])
        return any(s.cue.start <= start < s.cue.end for s in self.statements)

    def with_speaker(self, candidate: Candidate) -> Candidate:
        """A cue verb whose subject names no actor ("He accused Turkey of …") takes the statement's
        resolved speaker as source."""
        if candidate.sources:
            return candidate
        start = self.paragraph.offset(self.doc[candidate.verb_index])
        for statement in self.statements:
            speaker = statement.speaker
            if statement.cue.start <= start < statement.cue.end and speaker is not None and speaker.code:
                return replace(candidate, sources=(self.speaker_mention(statement),))
        return candidate

    def speaker_mention(self, statement: Statement) -> Mention:
        speaker = statement.speaker
        assert speaker is not None
        return Mention(
            self.parsed.article.id,
            self.sentence.index,
            speaker.start,
            speaker.end,
            speaker.text,
            speaker.actor_id,
            "speaker",
            1.0,
            speaker.name,
            speaker.code,
        )

    def verb_entries(self, token: Token) -> list[tuple[Verb, tuple[int, int]]]:
        """Dictionary verbs this token is, with the token span of the whole (multi-word) verb."""
        found = []
        entries = self.coder.verbs.by_form.get(token.text.upper(), [])
        if not entries and token.pos_ == "VERB":
            entries = self.coder.verbs.by_lemma.get(token.lemma_.upper(), [])
        for verb in entries:
            start, end = token.i, token.i + 1
            if verb.before:
                start = token.i - len(verb.before)
                if start < self.first or [t.text.upper() for t in self.doc[start : token.i]] != list(
                    verb.before
                ):
                    continue
            if verb.after:
                end = token.i + 1 + len(verb.after)
                if end > self.span.end or [t.text.upper() for t in self.doc[token.i + 1 : end]] != list(
                    verb.after
                ):
                    continue
            found.append((verb, (start, end)))
        return found

    @property
    def doc(self):  # noqa: ANN201 - a spaCy Doc
        return self.span.doc

    def code_verb(self, token: Token) -> Candidate | None:
        entries = self.verb_entries(token)
        if not entries:
            return None
        verb, (start, end) = entries[0]
        sources, targets, passive = self.roles(token)
        negated = self.is_negated(token)
        own_subject = any(c.dep_ in SUBJECT_DEPS for c in token.children)
        requirements = self.coder.verbs.requirements
        limit = self.phrase_end(token)
        # A speech verb's patterns read its own objects, not the words of what was said: "reported that …
        # an attack …" is no attack by the reporter (that clause is coded on its own).
        self.unreadable = set()
        if verb.block in self.coder.speech_blocks:
            for child in token.rights:
                if child.dep_ in ("ccomp", "parataxis", "advcl"):
                    self.unreadable.update(t.i for t in child.subtree)
        for pattern in self.coder.verbs.by_block.get(verb.block, ()):
            words, synsets = requirements[pattern.id]
            if not words <= self.word_set or any(not (first & self.word_set) for first in synsets):
                continue  # a word the pattern needs is not in the sentence
            match = self.match_pattern(pattern, start, end, limit, sources)
            if match is None:
                continue
            source_override, target_override, compound, negation_used = match
            if source_override:
                sources = (source_override,)
            if target_override:
                targets = (target_override,)
            if compound == "after" and len(targets) < 2:
                continue
            if compound == "before":
                targets = ()
            return Candidate(
                token.i,
                (start, end),
                pattern.code,
                pattern.reverse_code,
                pattern.id,
                sources,
                targets,
                compound == "before",
                negated and not negation_used,
                verb.block,
                own_subject,
            )
        if verb.code and verb.code.startswith(STATEMENT_ROOT) and not passive:
            # A plain statement's target is whom it is addressed to ("told Turkey", "said to the council"),
            # not an actor named somewhere in what was said.
            targets = self.addressees(token, set(sources))
        return Candidate(
            token.i,
            (start, end),
            verb.code,
            verb.reverse_code,
            verb.id,
            sources,
            targets,
            False,
            negated,
            verb.block,
            own_subject,
        )

    def addressees(self, verb: Token, exclude: set[Mention]) -> tuple[Mention, ...]:
        for child in verb.rights:
            if child.dep_ in ("dobj", "dative") and child.pos_ != "ADP":
                found = tuple(m for m in self.actors_of(child) if m not in exclude)
                if found:
                    return found
            if child.lower_ == "to" and child.dep_ in ("prep", "dative"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                found = tuple(m for m in self.actors_of(pobj) if m not in exclude) if pobj is not None else ()
                if found:
                    return found
        return ()

    # -------------------------------------------------------------------------------- patterns
    def match_pattern(
        self, pattern: Pattern, start: int, end: int, limit: int, sources: tuple[Mention, ...]
    ) -> tuple[Mention | None, Mention | None, bool, bool] | None:
        """(source, target, compound, negation matched) when ``pattern`` matches around the verb."""
        state = {"source": None, "target": None, "compound": False, "negation": False}
        if not self._match_after(pattern.after, 0, end, limit, state):
            return None
        if not self._match_before(pattern.before, len(pattern.before) - 1, start - 1, state):
            return None
        if state["compound"] == "before" and len({m.code for m in sources}) < 2:
            return None
        return state["source"], state["target"], state["compound"], state["negation"]

    def phrase_end(self, verb: Token) -> int:
        """Index after the last token of the verb's phrase: its subtree, cut before a clause that is not
        its own (a conjoined verb: "condemned the attack and promised aid")."""
        end = verb.right_edge.i + 1
        for child in verb.rights:
            if child.dep_ in ("conj", "parataxis") and child.pos_ in ("VERB", "AUX"):
                end = min(end, child.left_edge.i)
        return max(end, verb.i + 1)

    def _element_at(self, element: Element, position: int, forward: bool, state: dict) -> list[int]:
        """Positions after matching ``element`` at ``position`` (read forward or backward); [] if it does
        not match there. A synset may match several phrases, so several positions may come back."""
        if position < self.first or position >= self.span.end or position in self.unreadable:
            return []
        token = self.doc[position]
        if element.kind == "word":
            if self.upper[position] != element.value:
                return []
            if element.value in NEGATION_WORDS:
                state["negation"] = True
            return [position + 1 if forward else position - 1]
        if element.kind == "synset":
            verbs = self.coder.verbs
            index = verbs.synset_first if forward else verbs.synset_last
            results = []
            for phrase in index.get(element.value, {}).get(self.upper[position], ()):
                if forward:
                    stop = position + len(phrase)
                    if (
                        stop <= self.span.end
                        and tuple(self.upper[i] for i in range(position, stop)) == phrase
                    ):
                        results.append(stop)
                else:
                    first = position - len(phrase) + 1
                    if (
                        first >= self.first
                        and tuple(self.upper[i] for i in range(first, position + 1)) == phrase
                    ):
                        results.append(first - 1)
                if results and NEGATION_WORDS & set(phrase):
                    state["negation"] = True
            return results
        mention = self.mention_at.get(position)
        if mention is None:
            if element.kind != "skip":
                return []
            # "^" skips a noun phrase that need not be an actor ("warned their populations about X",
            # "warned at the Gondor of X": the whole of "the Gondor").
            if token.pos_ not in NOUN_PHRASE_POS:
                return []  # "^" stands for a noun phrase: "with" is not one
            if not forward:
                return [position - 1]
            head = token.head if token.dep_ in ("det", "amod", "compound", "nummod", "poss") else token
            if head.i < position or head.i >= self.span.end:
                head = token
            mention = self.mention_at.get(head.i)
            if mention is None:
                return [head.i + 1]
        if element.kind in ("source", "target"):
            state[element.kind] = mention
        if element.kind == "compound":
            # "%": several actors stand here; before the verb they act on each other ("Gondor and
            # Osgiliath have delayed their meeting"), after it they are the targets.
            state["compound"] = "after" if forward else "before"
        # Step over the whole mention.
        first, last = self.mention_tokens[id(mention)]
        return [last + 1 if forward else first - 1]

    def _match_after(
        self,
        elements: Sequence[Element],
        index: int,
        position: int,
        limit: int,
        state: dict,
    ) -> bool:
        if index == len(elements):
            return True
        element = elements[index]
        last = position if element.adjacent else limit - 1
        for start in range(position, last + 1):
            if start >= limit:
                break
            for following in self._element_at(element, start, True, state):
                if self._match_after(elements, index + 1, following, limit, state):
                    return True
        return False

    def _match_before(self, elements: Sequence[Element], index: int, position: int, state: dict) -> bool:
        if index < 0:
            return True
        element = elements[index]
        lowest = position if element.adjacent else self.first
        for start in range(position, lowest - 1, -1):
            for following in self._element_at(element, start, False, state):
                if self._match_before(elements, index - 1, following, state):
                    return True
        return False

    # ---------------------------------------------------------------------------------- actors
    def roles(self, verb: Token) -> tuple[tuple[Mention, ...], tuple[Mention, ...], bool]:
        """(sources, targets, passive) of a verb from the parse."""
        subject, passive = self.subject_of(verb)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        # A participle with a "by" agent is passive wherever its subject comes from ("Rebuked by Eriador,
        # Osgiliath …": Eriador rebuked Osgiliath).
        passive = passive or (agent is not None and verb.tag_ == "VBN")
        if subject is not None and self.relative_head(verb, subject):
            # "the soldiers who attacked …": the noun the clause qualifies, when it names an actor itself
            # ("a meeting of the UN Security Council that attempts …" is no actor).
            subjects = self.actors_of(subject) if subject.i in self.mention_at else ()
        else:
            subjects = self.subject_actors(subject) if subject is not None else ()
        if passive:
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            sources = self.actors_of(by) if by is not None else ()
            return sources, subjects, True
        targets = self.object_actors(verb, exclude=set(subjects))
        return subjects, targets, False

    @staticmethod
    def relative_head(verb: Token, subject: Token) -> bool:
        """Whether ``subject`` is the noun a relative clause above (or at) ``verb`` qualifies."""
        current = verb
        for _ in range(6):
            if current.dep_ == "relcl" and current.head.i == subject.i:
                return True
            if current.head.i == current.i:
                return False
            current = current.head
        return False

    def subject_actors(self, subject: Token) -> tuple[Mention, ...]:
        """The actors of the subject and of the subjects beside it ("Old foes Gondor and Osgiliath"), with
        those joined to it by conjunction, apposition or modification ("Arnor, Calenardhon and the evil
        Gondor", parsed with "Arnor" as a modifier of "Gondor"); not those behind a preposition or in a
        clause."""
        heads = [subject, *(c for c in subject.head.children if c.dep_ == subject.dep_ and c.i != subject.i)]
        # A subject that is itself an actor comes first ("… frontrunner Hillary Clinton is calling": the
        # parse gives two subjects).
        heads.sort(key=lambda head: head.i not in self.mention_at)
        found: list[Mention] = []
        for head in heads:
            for mention in self.actors_of(head):
                if head.i in self.mention_at:
                    found.append(mention)
                else:
                    _add_modifier(found, mention)
        linked = ("conj", "nmod", "compound", "appos", "amod", "det", "cc", "punct")
        for head in heads:
            queue = [(head, True)]
            while queue:
                token, coordinated = queue.pop(0)  # coordinated: joined to the head by "and"/"," only
                mention = self.mention_at.get(token.i)
                if mention is not None and mention not in found:
                    if coordinated:
                        found.append(mention)
                    else:
                        _add_modifier(found, mention)
                queue.extend(
                    (c, coordinated and c.dep_ in ("conj", "cc", "punct", "det"))
                    for c in token.children
                    if c.dep_ in linked
                )
        return tuple(found)

    def subject_of(self, verb: Token) -> tuple[Token | None, bool]:
        """The verb's subject and whether the verb is passive. A verb without a subject of its own takes the
        subject of the verb it depends on ("X is about to restore", "X condemned … and promised …", "X was
        seen to break into …"), as does one whose subject is a pronoun no actor resolves ("Ethiopia
        indicated it would act"); a relative clause takes the noun it qualifies."""
        current = verb
        for depth in range(6):
            subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ == "PRON" and subject.i not in self.mention_at:
                if current.dep_ == "relcl" and subject.lower_ in ("who", "which", "that"):
                    return current.head, False
                subject = None  # an unresolved pronoun: look further up
            if subject is not None:
                return subject, depth == 0 and subject.dep_.endswith("pass")
            if current.dep_ == "relcl":
                return current.head, False
            if current.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and (
                current.head.i != current.i
            ):
                current = current.head
                continue
            break
        return None, False

    def object_actors(self, verb: Token, exclude: set[Mention]) -> tuple[Mention, ...]:
        """Targets: the direct object's actors, else those of the prepositional objects and clausal
        complement's subject, in text order."""
        for child in verb.rights:
            if child.dep_ in ("dobj", "dative", "attr", "oprd"):
                found = tuple(m for m in self.actors_of(child, deep=True) if m not in exclude)
                if found:
                    return found
        for child in verb.children:
            if child.dep_ in ("prep", "agent") or (child.dep_ == "dative" and child.pos_ == "ADP"):
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        found = tuple(m for m in self.actors_of(grand, deep=True) if m not in exclude)
                        if found:
                            return found
            if child.dep_ == "ccomp" and child.i > verb.i:
                # "Arnor believes Dagolath can cope": the target is the subject of what follows; a clause
                # before the verb ("X will do Y, an official said") is what was said, not a target.
                for grand in child.children:
                    if grand.dep_ in SUBJECT_DEPS:
                        found = tuple(m for m in self.actors_of(grand) if m not in exclude)
                        if found:
                            return found
        return self.first_actor_after(verb, exclude)

    def first_actor_after(self, verb: Token, exclude: set[Mention]) -> tuple[Mention, ...]:
        """The first actor after the verb in its phrase, outside other clauses: the target when the parse
        hangs it somewhere unexpected ("contribute a million florin to Gondor" with "to" under "florin")."""
        skipped: set[int] = set()
        for child in verb.rights:
            if child.dep_ in ("advcl", "parataxis", "conj", "ccomp", "relcl") and child.pos_ in (
                "VERB",
                "AUX",
            ):
                marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
                if child.dep_ == "advcl" and (marks == ["for"] or not marks):
                    # "called for Turkey to withdraw": the for-clause's subject is the target; "signed an
                    # accord to supply Gondor": a purpose clause names whom the act is for.
                    continue
                skipped.update(t.i for t in child.subtree)
        for token in self.doc[verb.i + 1 : self.phrase_end(verb)]:
            if token.dep_ == "relcl":  # "a ban on Muslims who are not American citizens": not the target
                skipped.update(t.i for t in token.subtree)
        for index in range(verb.i + 1, self.phrase_end(verb)):
            mention = self.mention_at.get(index)
            if mention is not None and index not in skipped and mention not in exclude:
                return (mention,)
        return ()

    def actors_of(self, head: Token, deep: bool = False) -> tuple[Mention, ...]:
        """The actors a noun phrase names: the mention on its head or, failing that, the first one inside
        it (``deep``: also behind any preposition), with the actors of its conjuncts."""
        found: list[Mention] = []
        mention = self.mention_at.get(head.i)
        if mention is not None:
            found.append(mention)
        else:
            found.extend(self._first_inside(head, deep))
        for child in head.children:
            if child.dep_ == "conj" and child.pos_ not in ("VERB", "AUX"):
                found.extend(self.actors_of(child, deep))
        return tuple(dict.fromkeys(found))

    def _first_inside(self, head: Token, deep: bool) -> list[Mention]:
        """The first actor inside a phrase in text order ("an attack by Osgiliath soldiers in south
        Ithilen": Osgiliath), with its conjuncts ("the ambassadors of Arnor, Osgiliath and Gondor"), not
        looking into clauses; without ``deep`` only behind "of", "from" and "in"; with it, not behind a
        preposition of place ("discuss the situation in Syria": Syria is where, not whom)."""
        hidden: set[int] = set()
        for token in head.subtree:
            if token.i == head.i or token.i in hidden:
                continue
            if (
                token.dep_ in CLAUSE_DEPS
                and token.dep_ != "conj"
                or (token.dep_ == "prep" and not deep and token.lower_ not in ("of", "from", "in"))
                or (token.dep_ == "prep" and deep and token.lower_ in PLACE_PREPOSITIONS)
            ):
                hidden.update(t.i for t in token.subtree)
                continue
            if token.i in self.mention_at:
                return list(self.actors_of(self.mention_root(token), deep))
        return []

    def mention_root(self, token: Token) -> Token:
        """The token of the mention covering ``token`` whose head lies outside it ("Tirith" in "Minas
        Tirith"): conjuncts hang from it."""
        mention = self.mention_at[token.i]
        inside = [t for t in self.tokens if self.mention_at.get(t.i) is mention]
        return next(
            (t for t in inside if self.mention_at.get(t.head.i) is not mention or t.head.i == t.i), token
        )

    def is_negated(self, verb: Token) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in ("never",) for c in verb.children)

    # ---------------------------------------------------------------------------- complements
    def governor_of(self, token: Token) -> Token | None:
        """The verb whose complement ``token`` is ("refused to negotiate", "demanded that Turkey withdraw",
        "accused X of supporting"), or None."""
        if token.dep_ == "conj" and (token.head.dep_ in COMPLEMENT_DEPS or _for_clause(token.head)):
            token = token.head  # "to stop bombing civilians and launching attacks": both under "stop"
        if token.dep_ not in COMPLEMENT_DEPS and not _for_clause(token):
            return None
        current = token.head
        for _ in range(3):
            if current.pos_ in ("VERB", "AUX") and current.dep_ != "aux":
                return current
            if current.dep_ not in ("prep", "pobj", "pcomp") or current.head.i == current.i:
                return None
            current = current.head
        return None

    def requested(self, index: int, candidates: dict[int, Candidate]) -> bool:
        """Whether a verb above this one, through complements, carries its event: "called for the United
        States to send forces to combat the Islamic State" — the combat is asked for, not done."""
        token = self.doc[index]
        for _ in range(4):
            governor = self.governor_of(token)
            if governor is None:
                return False
            above = candidates.get(governor.i)
            if above is not None and above.code and self.carries_complement(token, above.code):
                return True
            if above is not None and above.code and above.code.startswith(STATEMENT_ROOT):
                return False  # "said that …": what is said stands
            token = governor
        return False

    def carries_complement(self, complement: Token, code: str) -> bool:
        """Whether a verb coded ``code`` carries the event of its complement: any coded verb but a statement
        its infinitive or gerund ("threatened to attack", "accused X of supporting"), an appeal, demand or
        threat its that-clause ("demanded that Turkey withdraw"; "said that X attacked" keeps the attack)."""
        if code.startswith(STATEMENT_ROOT):
            return False
        if complement.dep_ == "ccomp" or _for_clause(complement):
            return code[:2] in REQUEST_ROOTS and complement.i > complement.head.i
        return True

    def fold_complements(self, candidates: dict[int, Candidate]) -> list[Candidate]:
        """Apply negation and the verbs above each candidate (see module docstring)."""
        kept: dict[int, Candidate] = {}
        governed: set[int] = set()
        for index, candidate in candidates.items():
            governor = self.governor_of(self.doc[index])
            effect = self.coder.complements.get(governor.lemma_.lower()) if governor is not None else None
            if effect == "cessation":
                if not self.is_negated(governor):
                    continue  # "stopped supporting": no support
                candidate = replace(candidate, negated=True)  # "will not stop supporting": support
            elif effect == "refusal":
                if self.is_negated(governor) or candidate.code is None:
                    continue
                code = self.coder.refusals.get(candidate.code[:2], "120")
                candidate = replace(
                    candidate,
                    code=code,
                    reverse_code=None,
                    span=(governor.i, governor.i + 1),
                    rule=f"{candidate.rule}+refusal:{governor.lemma_.lower()}",
                )
            elif self.requested(index, candidates):
                # "threatened to attack", "urged X to respond", "demanded that Turkey withdraw": the
                # governing verb carries the event; what it asks or threatens has not happened.
                continue
            elif candidate.negated:
                continue  # "did not attack": no attack
            # An uncoded verb stays as a candidate (it gives no event) for the transformations.
            while governor is not None and candidate.code:
                governed.add(governor.i)
                governor = self.governor_of(governor)
            kept[index] = candidate
        # "stressed that Moscow will not stop supporting …": the statement is coded by what it says.
        return [
            c for i, c in kept.items() if not (i in governed and c.code and c.code.startswith(STATEMENT_ROOT))
        ]

    # -------------------------------------------------------------------------------- records
    def events_of(self, candidate: Candidate) -> list[Event]:
        events = []
        sources = _split_codes(candidate.sources)
        targets = _split_codes(candidate.targets)
        if candidate.compound:
            pairs = [(s, t) for s in sources for t in sources if s.code != t.code]
        else:
            # An event needs a source and a target (PETRARCH's require_dyad), except a statement's cue: a
            # call "on parties affecting armed groups" is a call even when no actor is named.
            pairs: list[tuple[Mention, Mention | None]] = [
                (s, t) for s in sources for t in targets if t != s and t.code != s.code
            ]
            if not targets and candidate.rule in self.pattern_ids and self.is_cue(candidate.verb_index):
                pairs = [(s, None) for s in sources]
        for source, target in pairs:
            if candidate.code:
                events.append(self.event(candidate, candidate.code, source, target))
            if candidate.reverse_code and target is not None and not candidate.compound:
                events.append(self.event(candidate, candidate.reverse_code, target, source))
        return events

    def event(
        self,
        candidate: Candidate,
        code: str,
        source: Mention | None,
        target: Mention | None,
        statement: Statement | None = None,
    ) -> Event:
        start_token, end_token = self.doc[candidate.span[0]], self.doc[candidate.span[1] - 1]
        start = self.paragraph.offset(start_token)
        end = self.paragraph.offset(end_token) + len(end_token.text)
        text = self.parsed.article.text
        action = Span(text[start:end], start, end)
        entry = self.coder.table.lookup(code)
        article_id = self.parsed.article.id
        return Event(
            id=stable_id(article_id, "event", start, end, code, _ref_key(source), _ref_key(target)),
            article_id=article_id,
            sentence=self.sentence.index,
            source=_ref(source),
            target=_ref(target),
            action=action,
            cameo=code,
            cameo_root=entry.root if entry else code[:2],
            plover=entry.plover if entry else None,
            plover_mode=entry.plover_mode if entry else None,
            quad_class=entry.quad_class if entry else 0,
            goldstein=entry.goldstein if entry else 0.0,
            statement_id=statement.id if statement else None,
            negated=candidate.negated,
            rule=candidate.rule,
            score=self.confidence(candidate, source, target),
        )

    def confidence(self, candidate: Candidate, source: Mention | None, target: Mention | None) -> float:
        """How sure the event is, 0..1: the weaker of its actors' resolution scores, times 0.9 when only the
        verb's own code fired (no pattern confirmed the reading) and 0.8 for a statement's make-statement
        event (the least specific code)."""
        actors = [m.score for m in (source, target) if m is not None] or [1.0]
        if candidate.rule in self.pattern_ids:
            factor = 1.0
        elif candidate.rule.startswith("statement:"):
            factor = 0.8
        else:
            factor = 0.9
        return round(min(actors) * factor, 3)

    # ----------------------------------------------------------------------------- statements
    # ------------------------------------------------------------------------- transformations
    def transformed(self, kept: list[Candidate], candidates: dict[int, Candidate]) -> list[Event]:
        """Events from the dictionary's transformations: a statement's speaker (or a governing verb's
        subject) and what the statement (or the complement) says was done ("A says B attacked" → A accuses
        B; "A wants to attack B" → A threatens B)."""
        rules = self.coder.verbs.transformations
        if not rules:
            return []
        events = []
        for inner in kept:
            token = self.doc[inner.verb_index]
            outers: list[tuple[Token, Mention, Statement | None]] = []
            for statement in self.statements:
                if (
                    statement.speaker
                    and statement.speaker.code
                    and (statement.content.start <= self.paragraph.offset(token) < statement.content.end)
                ):
                    cue = next(
                        (
                            t
                            for t in self.tokens
                            if statement.cue.start <= self.paragraph.offset(t) < statement.cue.end
                            and t.pos_ in ("VERB", "AUX")
                        ),
                        None,
                    )
                    if cue is not None:
                        outers.append((cue, self.speaker_mention(statement), statement))
            governor = self.governor_of(token)
            if governor is not None and governor.i in candidates and candidates[governor.i].sources:
                outers.append((governor, candidates[governor.i].sources[0], None))
            for outer, speaker, statement in outers:
                for rule in rules:
                    event = self.apply(rule, outer, speaker, statement, inner)
                    if event is not None:
                        events.append(event)
                        break
        # The same saying may be reached as a statement and as a governing verb: keep one.
        unique = {(e.action.start, e.cameo, e.target.code if e.target else None): e for e in reversed(events)}
        return list(reversed(unique.values()))

    def apply(
        self,
        rule: Transformation,
        outer: Token,
        speaker: Mention,
        statement: Statement | None,
        inner: Candidate,
    ) -> Event | None:
        if not (self.verb_is(outer, rule.outer, statement is not None) and self.inner_is(inner, rule.inner)):
            return None
        others = [m for m in inner.sources if m.code != speaker.code]
        roles = {
            "a": any(m.code == speaker.code for m in inner.sources) and inner.own_subject,
            "b": bool(others),
            "_": not inner.own_subject,
            ".": True,
        }
        target_roles = {"b": bool(inner.targets), "_": not inner.targets, ".": True, "a": False}
        if not (roles.get(rule.inner_source, False) and target_roles.get(rule.inner_target, False)):
            return None
        target = others[0] if rule.inner_source == "b" else (inner.targets[0] if inner.targets else None)
        code = inner.code if rule.code == "Q" else rule.code
        if not code or target is None or target.code == speaker.code:
            return None
        if rule.code == "Q" and inner.sources and inner.sources[0].code == speaker.code:
            return None  # "A says A will do Q to B" is already the event A → B
        candidate = Candidate(
            outer.i, (outer.i, outer.i + 1), code, None, rule.id, (speaker,), (target,), False, False
        )
        return self.event(candidate, code, speaker, target, statement)

    def verb_is(self, token: Token, word: str, is_cue: bool) -> bool:
        """Whether ``token`` is the dictionary verb ``word`` or a verb of the same code (its block when the
        verb is uncoded); an uncoded statement cue ("indicated", "pointed out") counts as SAY."""
        entries = [verb for verb, _ in self.verb_entries(token)]
        wanted = self.coder.verbs.by_form.get(word, [])
        codes = {v.code for v in wanted if v.code}
        if any(v.code in codes for v in entries) or {v.block for v in entries} & {v.block for v in wanted}:
            return True
        return is_cue and word == "SAY" and all(v.code is None for v in entries)

    def inner_is(self, inner: Candidate, word: str) -> bool:
        """Whether a coded verb is the dictionary verb ``word`` ("Q": any coded verb): same code root, or,
        for uncoded verbs, same block, reached through one of its patterns when the block has any."""
        if word == "Q":
            return inner.code is not None
        wanted = self.coder.verbs.by_form.get(word, [])
        roots = {v.code[:2] for v in wanted if v.code}
        if inner.code:
            return inner.code[:2] in roots
        if inner.block not in {v.block for v in wanted}:
            return False
        return inner.rule in self.pattern_ids or not self.coder.verbs.by_block.get(inner.block)

    def content_subject(self, statement: Statement, speaker_code: str) -> Mention | None:
        """The actor a statement is about: the subject of its content's main clause ("said that Turkey is
        …" → Turkey), unless it is the speaker's own country."""
        inside = [
            t
            for t in self.tokens
            if statement.content.start <= self.paragraph.offset(t) < statement.content.end
        ]
        indices = {t.i for t in inside}
        for root in (t for t in inside if t.head.i not in indices or t.head.i == t.i):
            for child in root.children:
                if child.dep_ in SUBJECT_DEPS:
                    for mention in self.subject_actors(child):
                        if not _same_country(mention.code, speaker_code):
                            return mention
        return None

    def statement_events(self, events: list[Event]) -> list[Event]:
        """Tie events to the statements of this sentence and add the verbal event of each statement."""
        for statement in self.statements:
            speaker = statement.speaker
            if speaker is None or not speaker.code:
                continue
            source = self.speaker_mention(statement)
            cue = [
                i for i, e in enumerate(events) if statement.cue.start <= e.action.start < statement.cue.end
            ]
            content = [
                i
                for i, e in enumerate(events)
                if statement.content.start <= e.action.start < statement.content.end
            ]
            for i in cue:
                event = events[i]
                if event.source is None or event.source.code is None or _is_pronoun_ref(event.source):
                    event = replace(event, source=_ref(source))
                events[i] = replace(event, statement_id=statement.id)
            for i in content:
                events[i] = replace(events[i], statement_id=statement.id)
            if cue or content:
                continue
            target = self.content_subject(statement, speaker.code)
            cue_token = next(
                (t for t in self.tokens if self.paragraph.offset(t) == statement.cue.start), None
            )
            if cue_token is None or any(
                verb.code and not verb.code.startswith(STATEMENT_ROOT)
                for verb, _ in self.verb_entries(cue_token)
            ):
                continue  # the dictionary says the cue is an act, not a saying ("attacked")
            candidate = Candidate(
                cue_token.i,
                (cue_token.i, cue_token.i + 1),
                STATEMENT_CODE,
                None,
                f"statement:{statement.cue.lemma}",
                (source,),
                (target,) if target else (),
                False,
                False,
            )
            events.append(self.event(candidate, STATEMENT_CODE, source, target, statement))
        return events


def _for_clause(token: Token) -> bool:
    """An adverbial clause that says what the verb is for: opened by "for" ("called for X to withdraw") or an
    infinitive of purpose ("send forces to combat the Islamic State")."""
    if token.dep_ != "advcl":
        return False
    marks = [c.lower_ for c in token.children if c.dep_ == "mark"]
    return marks == ["for"] or (
        not marks and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    )


def _add_modifier(found: list[Mention], mention: Mention) -> None:
    """Add an actor found in a modifier of the subject. Another country is a coordination the parse hung as
    a modifier ("Arnor, Calenardhon and the evil Gondor"): added. The same country is a title or an
    affiliation of the same actor: it replaces the actor only when that actor's code is a bare country
    ("Bree Prime Minister Romendacil": BREGOV over BRE; "Former Secretary of State and Democratic
    presidential frontrunner Hillary Clinton" stays Clinton, USAELI)."""
    same = [m for m in found if _same_country(mention.code, m.code)]
    if not same:
        found.append(mention)
    elif all(len(m.code or "") <= COUNTRY_CODE_LENGTH < len(mention.code or "") for m in same):
        found[found.index(same[0])] = mention
        for extra in same[1:]:
            found.remove(extra)


def _same_country(code: str | None, other: str | None) -> bool:
    return bool(code and other and code[:3] == other[:3])


def _split_codes(mentions: Sequence[Mention]) -> list[Mention]:
    """A dictionary code such as ``FRO/BIL/SAM`` ("the Shire") names several actors: one mention each."""
    split = []
    for mention in mentions:
        codes = [c for c in (mention.code or "").split("/") if c]
        split += [replace(mention, code=code) for code in codes] if len(codes) > 1 else [mention]
    return split


def _ref(mention: Mention | None) -> ActorRef | None:
    if mention is None:
        return None
    return ActorRef(mention.text, mention.start, mention.end, mention.actor_id, mention.name, mention.code)


def _ref_key(mention: Mention | None) -> str:
    return f"{mention.start}-{mention.end}-{mention.code}" if mention else "-"


def _is_pronoun_ref(ref: ActorRef) -> bool:
    return ref.text.lower() in ("he", "she", "it", "they", "we", "i")
