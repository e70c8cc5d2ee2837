"""The four ways a cue appears, each giving a ``Candidate``: a verb ("said", "called for"), "according to",
a noun ("a statement that …", "his call for …") and a headline's colon ("Paris: talks will fail")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..syntax import NOMINAL_SUBJECT_DEPS, is_passive
from .attached import GAP_AFTER, attached_quotes, gap_after
from .candidate import Candidate
from .lexicon import CueEntry
from .phrases import (
    CONTENT_PREPS,
    OWNER_PREPOSITIONS,
    content_children,
    end_of,
    find_subject,
    is_time,
    phrase_before,
    range_of,
    speaker_of,
    start_of,
    subject_before,
    trim,
)
from .quotes import Quote, quote_at

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..nlp import ParsedSentence

INVERTED_SUBJECT_DEPS = {"dobj", "attr", "npadvmod", "dep", "compound", "appos", "oprd", "nsubjpass"}
SKIPPED_BEFORE_QUOTE = {"prep", "advmod", "npadvmod", "dative", "agent", "dobj"}


def noun_speaker(noun: Token, support: frozenset[str]) -> Token | None:
    """Who a cue noun belongs to: its possessor ("his call"), its "by"/"from" object, or the subject of
    the support verb it is the object of ("Trump has made several statements that …")."""
    speaker = None
    for child in noun.children:
        if child.dep_ == "poss":
            speaker = child
        elif child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            speaker = objects[0] if objects else speaker
    if speaker is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in support:
        speaker, _ = find_subject(noun.head)
    return speaker


def says_what(child: Token) -> bool:
    """Whether a child of a cue noun carries what was said: a that-clause, or a content preposition with
    an object that is not a date ("the warning of new strikes", not "the statement on Monday")."""
    if child.dep_ in {"acl", "ccomp", "relcl"}:
        return any(m.lower_ == "that" and m.dep_ == "mark" for m in child.children)
    return (
        child.dep_ == "prep"
        and child.lower_ in CONTENT_PREPS - {"to"}
        and any(g.dep_ in {"pobj", "pcomp"} and not is_time(g) for g in child.children)
    )


# A headline or lead of the form "Paris: talks will fail": a short name phrase, a colon, a clause.
COLON_SPEAKER_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM", "PRON"}
COLON_MAX_SPEAKER = 5
COLON_MIN_CONTENT = 3


NO_SPEAKER: tuple[None, None, None] = (None, None, None)


def verb_candidate(
    sentence: ParsedSentence,
    entry: CueEntry,
    verb: Token,
    cue_first: Token,
    cue_last: Token,
    text: str,
    quotes: Sequence[Quote],
    base: int,
    bounds: tuple[int, int],
    cue_heads: set[int],
) -> Candidate | None:
    """A cue verb ("said", "called for", a channel phrase's verb) with its speaker and content."""
    subject, borrowed = find_subject(verb, cue_heads)
    if entry.kind == "impression":
        subject, borrowed = None, None  # "The plan seems to work": what seems is the content, nobody speaks
    speaker = speaker_of(subject, base)
    cue_start, cue_end = start_of(cue_first, base), end_of(cue_last, base)
    if borrowed is not None and entry.pos == "VERB" and borrowed.pos_ == "VERB" and verb.dep_ == "pcomp":
        # "concluded by calling for": the frame verb and its preposition belong to the cue
        prep = verb.head
        if prep.head == borrowed and borrowed.i < verb.i:
            cue_start = start_of(borrowed, base)
    if subject is not None and speaker[0] is not None and quote_at(quotes, speaker[0], speaker[0] + 1):
        # the parser took a subject inside a quotation ("“We were wrong,” Ramos told AFP"): not the speaker
        subject, borrowed, speaker = None, None, NO_SPEAKER
    # "“…,” added a senior aide" / "“…,” Viguerie notes": a subject the parser missed, right beside the cue;
    # it is taken only when a quotation before the cue makes this an attribution
    inverted = None
    if subject is None and borrowed is None and entry.kind == "speech" and not is_passive(verb):
        inverted = inverted_subject(verb, cue_last)
        speaker = speaker_of(inverted, base)
    children = content_children(verb, entry, cue_last.i)
    region = cue_region((cue_start, cue_end), speaker if borrowed is None else NO_SPEAKER, verb, cue_last)
    region = (region[0], quotation_reach(region[1], verb, cue_last, text, quotes, base))
    attached = attached_quotes(text, quotes, region, children, base, bounds, before=borrowed is None)
    if inverted is not None and not any(q.end <= cue_start for q in attached):
        speaker = NO_SPEAKER
    content, kind = verb_content(attached, children, verb, cue_last, cue_end, quotes, base)
    # a content may surround its cue only when it is split around it ("“…,” he said, “…”", "X, he said, Y")
    if content is None or (
        content[0] < cue_end
        and cue_start < content[1]
        and not (content[0] < cue_start and cue_end < content[1])
    ):
        return None
    return Candidate(
        sentence.index, entry, cue_start, cue_end, verb, *speaker, content[0], content[1], kind, borrowed
    )


def inverted_subject(verb: Token, cue_last: Token) -> Token | None:
    """A speaker the parser did not make the subject, right after the cue or right before the verb."""
    beside = (
        c
        for c in verb.children
        if c.dep_ in INVERTED_SUBJECT_DEPS
        and (c.left_edge.i == cue_last.i + 1 or c.right_edge.i == verb.i - 1)
    )
    return next(beside, None) or phrase_before(verb)


def cue_region(
    cue: tuple[int, int], speaker: tuple[int | None, int | None, Token | None], verb: Token, cue_last: Token
) -> tuple[int, int]:
    """The cue with its own speaker (article offsets): what an attached quotation must stand beside."""
    start, end, head = speaker
    if start is None or end is None or head is None:
        return cue
    return min(cue[0], start), max(cue[1], end)


def quotation_reach(
    tail: int, verb: Token, cue_last: Token, text: str, quotes: Sequence[Quote], base: int
) -> int:
    """Where the cue region ends once the modifiers between the cue and a quotation are passed over ("wrote
    in a 2012 email: “…”", "told reporters on Monday: “…”")."""
    for child in verb.children:
        if child.i > cue_last.i and child.dep_ in SKIPPED_BEFORE_QUOTE:
            start, end = start_of(child.left_edge, base), end_of(child.right_edge, base)
            if GAP_AFTER.match(text[tail:start]) and not any(start <= q.start < end for q in quotes):
                tail = end
    return tail


def verb_content(
    attached: Sequence[Quote],
    children: Sequence[Token],
    verb: Token,
    cue_last: Token,
    cue_end: int,
    quotes: Sequence[Quote],
    base: int,
) -> tuple[tuple[int, int] | None, str]:
    """What a cue verb says (article offsets) and how: attached quotations (direct, or mixed when they only
    open a longer complement: "calling on “armed groups” to stop the attacks"), else the complement
    (indirect, mixed with a quotation inside), else the sentence around a parenthetical "he said"."""
    doc = verb.doc
    if attached:
        content = (attached[0].start, attached[-1].end)
        found = range_of(children, verb, cue_last.i) if attached[0].start >= cue_end else None
        if found is not None and end_of(doc[found[1]], base) > content[1] + 2:
            return (min(content[0], start_of(doc[found[0]], base)), end_of(doc[found[1]], base)), "mixed"
        return content, "direct"
    found = range_of(children, verb, cue_last.i)
    if found is not None and found[0] > verb.i:
        found = (subject_before(children, found[0], cue_last.i), found[1])
    if found is not None:
        content = (start_of(doc[found[0]], base), end_of(doc[found[1]], base))
        inside = [q for q in quotes if content[0] <= q.start < content[1]]
        if inside:
            return (content[0], max(content[1], inside[-1].end)), "mixed"
        return content, "indirect"
    return parenthetical_content(verb, base), "indirect"


def parenthetical_content(verb: Token, base: int) -> tuple[int, int] | None:
    """A parenthetical attribution ("The risk, he said, is a clash"): the sentence around it is said."""
    if verb.dep_ != "parataxis" or verb.head == verb:
        return None
    found = trim([verb], verb.head.left_edge.i, verb.head.right_edge.i)
    if found is None or found[1] - found[0] <= verb.right_edge.i - verb.left_edge.i + 1:
        return None
    doc = verb.doc
    return start_of(doc[found[0]], base), end_of(doc[found[1]], base)


def according_candidate(
    sentence: ParsedSentence, entry: CueEntry, head: Token, cue_last: Token, base: int
) -> Candidate | None:
    doc = head.doc
    objects = [c for c in cue_last.children if c.dep_ == "pobj"]
    speaker_start, speaker_end, speaker_head = speaker_of(objects[0] if objects else None, base)
    phrase_first, phrase_last = head.i, max(cue_last.right_edge.i, head.right_edge.i)
    clause = head.head if head.head != head else head
    first, last = (
        (clause.left_edge.i, clause.right_edge.i)
        if clause != head
        else (sentence.span.start, sentence.span.end - 1)
    )
    first, last = max(first, sentence.span.start), min(last, sentence.span.end - 1)
    before = trim([head], first, phrase_first - 1) if phrase_first > first else None
    after = trim([head], phrase_last + 1, last) if phrase_last < last else None
    sides = [s for s in (after, before) if s is not None]
    if not sides:
        return None
    chosen = max(sides, key=lambda s: s[1] - s[0])
    return Candidate(
        sentence.index,
        entry,
        start_of(head, base),
        end_of(cue_last, base),
        head,
        speaker_start,
        speaker_end,
        speaker_head,
        start_of(doc[chosen[0]], base),
        end_of(doc[chosen[1]], base),
        "indirect",
    )


def noun_candidate(
    sentence: ParsedSentence,
    entry: CueEntry,
    noun: Token,
    cue_last: Token,
    text: str,
    quotes: Sequence[Quote],
    base: int,
    bounds: tuple[int, int],
    support: frozenset[str] = frozenset(),
) -> Candidate | None:
    doc = noun.doc
    if noun.dep_ in NOMINAL_SUBJECT_DEPS and noun.head.pos_ == "VERB":
        return None  # "The statement said …": the noun speaks, the verb is the cue
    speaker_token = noun_speaker(noun, support)
    content_tokens = [c for c in noun.children if c.i > cue_last.i and says_what(c)]
    cue_start, cue_end = start_of(noun, base), end_of(cue_last, base)
    attached = [
        q
        for q in quotes
        if q.start >= cue_end and bounds[0] <= q.start < bounds[1] and gap_after(text[cue_end : q.start])
    ]
    if attached:
        content, kind = (attached[0].start, attached[0].end), "direct"
    else:
        found = range_of(content_tokens, noun, cue_last.i)
        if found is None:
            return None
        content, kind = (start_of(doc[found[0]], base), end_of(doc[found[1]], base)), "indirect"
    speaker_start, speaker_end, speaker_head = speaker_of(speaker_token, base)
    return Candidate(
        sentence.index,
        entry,
        cue_start,
        cue_end,
        noun,
        speaker_start,
        speaker_end,
        speaker_head,
        content[0],
        content[1],
        kind,
    )


def colon_candidate(
    sentence: ParsedSentence, entry: CueEntry, colon: Token, base: int, quotes: Sequence[Quote]
) -> Candidate | None:
    span = sentence.span
    speaker = list(span)[: colon.i - span.start]
    content = [t for t in span[colon.i - span.start + 1 :] if not t.is_punct or t.is_quote]
    quoted = bool(content) and content[0].is_quote
    if len(speaker) > COLON_MAX_SPEAKER and quoted:
        # "… - Jane Doe: “…”": the name right before the colon speaks
        run = []
        for token in reversed(speaker):
            if token.pos_ != "PROPN" or len(run) == COLON_MAX_SPEAKER:
                break
            run.insert(0, token)
        speaker = run
    if not 1 <= len(speaker) <= COLON_MAX_SPEAKER or len(content) < COLON_MIN_CONTENT:
        return None
    # the name right before the colon (headlines are title case, so "Poll:" or a mistagged name counts too)
    named = speaker[-1].pos_ in {"PROPN", "PRON"} or (
        speaker[-1].pos_ == "NOUN" and speaker[-1].text[:1].isupper()
    )
    if any(t.pos_ not in COLON_SPEAKER_POS for t in speaker) or not named:
        return None
    if not quoted and not any(t.pos_ in {"VERB", "AUX"} for t in content):
        return None  # "Iowa: Tim Albrecht, Brad Anderson, …" is a list, not a statement
    found = trim([colon], colon.i + 1, span.end - 1)
    if found is None:
        return None
    doc = colon.doc
    head = next((t for t in reversed(speaker) if t.pos_ in {"PROPN", "PRON", "NOUN"}), speaker[-1])
    content_start, content_end = start_of(doc[found[0]], base), end_of(doc[found[1]], base)
    quote = next((q for q in quotes if q.start == content_start), None)
    if quote is not None:  # the quotation goes on past the sentence: all of it was said
        content_end = max(content_end, quote.end)
    return Candidate(
        sentence.index,
        entry,
        start_of(colon, base),
        end_of(colon, base),
        colon,
        start_of(speaker[0], base),
        end_of(speaker[-1], base),
        head,
        content_start,
        content_end,
        "direct" if quote is not None and quote.end >= content_end else "indirect",
    )
