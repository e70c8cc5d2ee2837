"""Finding cues in a parsed sentence and, for each, its speaker tokens and content range (before resolution).

Rules over the dependency parse: a cue entry of the lexicon matches a token (and the words after it)
(``match_cues``), then the cue's complement gives the content (a clause, an object, a prepositional object,
an adjacent quotation) and its subject the speaker (``builders``, over ``phrases`` and ``attached``); a
participle or conjunct without a subject ("…, noting that …", "by saying …") takes the subject of the verb
it hangs from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..syntax import NOMINAL_SUBJECT_DEPS
from .builders import according_candidate, colon_candidate, noun_candidate, verb_candidate
from .candidate import Candidate
from .lexicon import CueEntry, CueLexicon
from .quotes import Quote, quote_at

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..nlp import ParsedSentence

SKIPPABLE_IN_PHRASE = {"DET", "ADJ", "PRON", "NUM", "PROPN", "ADV"}


def _word_matches(token: Token, word: str) -> bool:
    return token.lemma_.lower() == word or token.lower_ == word


def _match_rest(
    tokens: Sequence[Token], index: int, words: Sequence[str], skippable: set[str], limit: int
) -> int | None:
    """Index of the last token matching ``words`` after ``index``; up to ``limit`` tokens whose part of
    speech is in ``skippable`` may stand between words. None when the words do not follow."""
    position = index
    for word in words:
        skipped = 0
        position += 1
        while position < len(tokens) and not _word_matches(tokens[position], word):
            if tokens[position].pos_ not in skippable or skipped >= limit:
                return None
            skipped += 1
            position += 1
        if position >= len(tokens):
            return None
    return position


def match_cues(tokens: Sequence[Token], lexicon: CueLexicon) -> list[tuple[CueEntry, int, int]]:
    """(entry, first token index, last token index) of each cue of ``tokens`` (a sentence), longest first."""
    found = []
    heads = lexicon.head_hashes
    for i, token in enumerate(tokens):
        if token.lemma not in heads and token.lower not in heads:
            continue  # most tokens: compared as string hashes, without building strings
        lemma, lower, pos, dep = token.lemma_.lower(), token.lower_, token.pos_, token.dep_
        options: list[CueEntry] = []
        verbs = lexicon.lookup(lemma, "VERB")
        # "a play called …", "the plan announced Monday": a participle after a noun names it, nobody speaks
        reduced = (
            dep in {"acl", "conj"}
            and token.tag_ == "VBN"
            and not any(c.dep_ in {"aux", "auxpass", *NOMINAL_SUBJECT_DEPS} for c in token.children)
        )  # "… formerly known as X and listed on Y": a bare participle describes, nobody speaks
        if verbs and dep not in {"amod", "compound"} and not reduced:
            # the tagger may call a verb a noun ("Audit files show that …"): a subject or clause says verb
            if pos == "VERB" or any(c.dep_ in {"nsubj", "ccomp", "aux"} for c in token.children):
                options += verbs
        if pos == "NOUN":
            options += lexicon.lookup(lemma, "NOUN")
        options += (
            lexicon.lookup(lower, "ADP") + lexicon.lookup(lower, "MOD") + lexicon.lookup(lower, "PUNCT")
        )
        window: set[str] | None = None
        for entry in options:
            if len(entry.words) == 1:
                found.append((entry, i, i))
                break
            if entry.pos == "MOD":
                if window is None:  # the words that could end a channel phrase ("in a recent statement")
                    window = {w for t in tokens[i + 1 : i + 6] for w in (t.lemma_.lower(), t.lower_)}
                if entry.words[-1] not in window:
                    continue
                last = _match_rest(tokens, i, entry.words[1:], SKIPPABLE_IN_PHRASE, 3)
            elif entry.pos == "VERB":
                last = _match_rest(tokens, i, entry.words[1:], {"PRON", "ADV", "DET"}, 1)
            else:
                last = _match_rest(tokens, i, entry.words[1:], set(), 0)
            if last is not None:
                found.append((entry, i, last))
                break
    return found


def find_candidates(
    sentence: ParsedSentence, lexicon: CueLexicon, quotes: Sequence[Quote], text: str
) -> list[Candidate]:
    """Every cue of ``sentence`` that has a content, with its speaker tokens, before resolution."""
    span = sentence.span
    base = sentence.paragraph.start
    tokens = list(span)
    bounds = (sentence.start, sentence.end)
    matches = match_cues(tokens, lexicon)
    cue_heads = {tokens[first].i for entry, first, _ in matches if entry.pos == "VERB"}
    # "in a statement": the noun belongs to the channel phrase, not a cue of its own
    in_phrases = {
        tokens[i].i for entry, first, last in matches if entry.pos == "MOD" for i in range(first, last + 1)
    }
    candidates: list[Candidate] = []
    for entry, first, last in matches:
        head = tokens[first]
        candidate = None
        cue_first, cue_last = tokens[first], tokens[last]
        if entry.pos == "MOD":
            verb = head.head
            if verb.i in cue_heads or verb.pos_ != "VERB" or verb.i > head.i:
                continue  # the verb is already a cue ("said in a statement") or there is none
            candidate = verb_candidate(
                sentence, entry, verb, verb, cue_last, text, quotes, base, bounds, cue_heads
            )
        elif entry.pos == "VERB":
            candidate = verb_candidate(
                sentence, entry, head, cue_first, cue_last, text, quotes, base, bounds, cue_heads
            )
        elif entry.pos == "PUNCT":
            candidate = colon_candidate(sentence, entry, head, base, quotes)
        elif entry.pos == "ADP":
            candidate = according_candidate(sentence, entry, head, cue_last, base)
        elif head.i not in in_phrases:
            candidate = noun_candidate(
                sentence, entry, head, cue_last, text, quotes, base, bounds, lexicon.support
            )
        # words inside a quotation are part of what was said, not attributions of their own
        if candidate is not None and quote_at(quotes, candidate.cue_start, candidate.cue_end) is None:
            candidates.append(candidate)
    return candidates
