"""Token ranges of a cue's speaker and content in the dependency parse: the subject that speaks (borrowed
from the verb above for a participle: "…, noting that …", "by saying …"), the speaker phrase, the
complement that carries what was said."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..syntax import NOMINAL_SUBJECT_DEPS, has_subject, is_passive
from .lexicon import CueEntry, function_words

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependency labels of a verb's children that carry what was said.
CONTENT_CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
CONTENT_OBJECT_DEPS = {"dobj", "attr", "oprd", "acomp", "pcomp", "obj"}
WORDS = function_words()  # data/cues/function_words.tsv
CONTENT_PREPS = WORDS["content_preposition"]
CONTENT_MARKS = WORDS["content_mark"]
# Climbing from a participle or conjunct to the verb whose subject speaks.
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep", "ccomp", "acomp", "advmod"}
SHORT_QUOTE = 5  # tokens: a quotation this short inside a speaker phrase is part of a name or a label
RELATIVE_PRONOUNS = WORDS["relative_pronoun"]
OWNER_PREPOSITIONS = WORDS["owner_preposition"]


def start_of(token: Token, base: int) -> int:
    return base + token.idx


def end_of(token: Token, base: int) -> int:
    return base + token.idx + len(token.text)


def subtree_range(token: Token) -> tuple[int, int]:
    """(first, last) token index of ``token``'s subtree (contiguous in projective parses)."""
    return token.left_edge.i, token.right_edge.i


def trim(tokens: Sequence[Token], first: int, last: int) -> tuple[int, int] | None:
    """Shrink a doc-index range so it neither starts nor ends with punctuation (quotation marks are kept)."""
    doc = tokens[0].doc
    while first <= last and doc[first].is_punct and not doc[first].is_quote:
        first += 1
    while last >= first and doc[last].is_punct and not doc[last].is_quote:
        last -= 1
    return (first, last) if first <= last else None


def is_time(token: Token) -> bool:
    """Whether a prepositional object is a date or time ("on Monday"), which says when, not what."""
    return token.ent_type_ in {"DATE", "TIME"}


def find_subject(verb: Token, cue_heads: set[int] = frozenset()) -> tuple[Token | None, Token | None]:
    """The speaker token of ``verb`` and the verb it was borrowed from (None when it is ``verb``'s own).

    A participle speaks with the subject of the nearest cue verb above it, even when the parser hung it inside
    that cue's content ("The statement indicated that X depends on Y, stressing that …").
    """
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    by_doing = verb.dep_ == "pcomp" and verb.head.lower_ == "by"
    if verb.tag_ == "VBG" and (after_comma or by_doing) and not has_subject(verb, NOMINAL_SUBJECT_DEPS):
        for ancestor in verb.ancestors:
            if ancestor.i in cue_heads:
                subject, _ = find_subject(ancestor, cue_heads)
                return (subject, ancestor) if subject is not None else (None, None)
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not has_own_subject(verb):
        return None, None  # "Asked about it, Smith said …": Smith was asked; the asker is not named
    current = verb
    for _ in range(5):
        for child in current.children:
            if child.dep_ == "nsubj":
                return child, (current if current != verb else None)
            if child.dep_ == "agent" and current == verb:
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0], None
        if current == verb and is_passive(verb):
            return None, None
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in {"NOUN", "PROPN"}:
            # "a statement saying …": the noun speaks, or whoever issued it ("His office released a statement
            # saying …")
            noun = current.head
            issuer = noun.head.head if noun.dep_ == "pobj" else noun.head
            if noun.dep_ in {"dobj", "pobj"} and issuer.pos_ == "VERB":
                subjects = [c for c in issuer.children if c.dep_ == "nsubj"]
                if subjects:
                    return subjects[0], issuer
            return noun, noun
        if current.dep_ in CLIMB_DEPS and current.head != current:
            if current.dep_ == "ccomp" and current == verb:
                return (
                    None,
                    None,
                )  # a cue that is itself said ("said he wants …") speaks through its own subject
            current = current.head
            continue
        break
    return None, None


def has_own_subject(verb: Token) -> bool:
    return has_subject(verb, NOMINAL_SUBJECT_DEPS | {"agent"})


def speaker_range(token: Token) -> tuple[int, int] | None:
    """Doc-index range of the speaker phrase headed by ``token``: its subtree without relative clauses."""
    first, last = subtree_range(token)
    for child in token.children:
        if child.dep_ in {"relcl", "acl"} and child.i > token.i:
            last = min(last, child.left_edge.i - 1)
    doc = token.doc
    if first > token.i:
        first = token.i
    # a speaker ends before a quotation it would swallow; a short quoted name inside it stays ("wearing
    # “Ted Cruz” pins")
    i = token.i + 1
    while i <= last:
        if doc[i].is_quote:
            closing = next((j for j in range(i + 1, min(last, i + SHORT_QUOTE) + 1) if doc[j].is_quote), None)
            if closing is None:
                last = i - 1
                break
            i = closing
        i += 1
    for i in range(token.i - 1, first - 1, -1):
        if doc[i].is_quote:
            first = i + 1
            break
    return trim([token], first, last)


def speaker_of(token: Token | None, base: int) -> tuple[int | None, int | None, Token | None]:
    if token is None or token.pos_ in {"PUNCT", "SCONJ", "CCONJ"} or token.lower_ in {"there"}:
        return None, None, None
    found = speaker_range(token)
    if found is None:
        return None, None, None
    doc = token.doc
    return start_of(doc[found[0]], base), end_of(doc[found[1]], base), token


def phrase_before(verb: Token) -> Token | None:
    """The head of the name or noun phrase right before ``verb`` ("…,” Ramos, 58, told"), whatever the
    parser made of it."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].is_punct and not verb.doc[i].is_quote:
        i -= 1
    if i < 0:
        return None
    token = verb.doc[i]
    while token.dep_ in {"appos", "nummod", "compound"} and token.head.i < verb.i and token.head != token:
        token = token.head
    return token if token.pos_ in {"PROPN", "NOUN"} else None


def content_children(verb: Token, entry: CueEntry, cue_last: int) -> list[Token]:
    children = [c for c in verb.children if c.i > cue_last or c.i < verb.i]
    # "continued to …", "refused to …" are not speech; "wants to …", "plans to …" are (internal states)
    takes_xcomp = entry.kind != "speech" or entry.needs != "clause"
    clauses = [c for c in children if c.dep_ in CONTENT_CLAUSE_DEPS and (c.dep_ != "xcomp" or takes_xcomp)]
    marked = [
        c
        for c in children
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONTENT_MARKS for m in c.children)
    ]
    if clauses or marked:
        # "urged the party to act", "asked him to leave": the object belongs to what was said
        objects = [c for c in children if c.dep_ in {"dobj", "dative"} and c.i > cue_last]
        only_infinitives = all(c.dep_ == "xcomp" for c in clauses) and not marked
        # "calling for X to stop and to engage in Y": a second infinitive without subject goes on the content
        more = [
            c
            for c in children
            if c.dep_ == "conj"
            and c.i > cue_last
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            and not has_subject(c, NOMINAL_SUBJECT_DEPS)
        ]
        return clauses + marked + more + (objects if only_infinitives else [])
    if entry.needs == "clause":
        # "called him a liar": an object with its predicate is a clause in disguise
        if any(c.dep_ == "oprd" for c in children):
            return [c for c in children if c.dep_ in {"dobj", "oprd"} and c.i > cue_last]
        return []
    content = [c for c in children if c.dep_ in CONTENT_OBJECT_DEPS]
    for particle in verb.children:
        if verb.i < particle.i <= cue_last and particle.dep_ in {"prep", "prt"}:
            content += [g for g in particle.children if g.dep_ in {"pobj", "pcomp"}]
    adjacent = []
    for child in children:
        if child.dep_ == "prep" and any(
            g.dep_ in {"pobj", "pcomp"} and not is_time(g) for g in child.children
        ):
            if child.lower_ in CONTENT_PREPS:
                content.append(child)
            elif child.i == cue_last + 1:
                adjacent.append(child)
    if content:
        return content
    # a passive cue's subject is what was said ("Donations were reported in broad ranges")
    passive = [c for c in children if c.dep_ == "nsubjpass" and c.lower_ not in RELATIVE_PRONOUNS]
    # last resort, a prepositional phrase right after the cue ("spoke at length", PolNeAR counts it)
    return passive or adjacent


def range_of(tokens: Sequence[Token], verb: Token, cue_last: int) -> tuple[int, int] | None:
    """Contiguous doc-index range covering ``tokens``' subtrees on one side of ``verb`` (the right one first),
    never reaching into the cue itself."""
    right = [t for t in tokens if t.i > verb.i]
    side = right or tokens
    if not side:
        return None
    first = min(t.left_edge.i for t in side)
    last = max(content_end(t) for t in side)
    if right:
        first = max(first, cue_last + 1)
    else:
        last = min(last, verb.i - 1)
    return trim(side, first, last)


def subject_before(children: Sequence[Token], first: int, cue_last: int) -> int:
    """Where a clausal content really starts when the parser hung its "that" and subject elsewhere ("stated
    during a meeting of the Council that attempts to … will not succeed": "that attempts" became a relative
    clause of "meeting"): back to that "that", when the clause has no subject of its own."""
    clauses = [c for c in children if c.dep_ == "ccomp" and c.left_edge.i == first]
    if not clauses or has_subject(clauses[0], NOMINAL_SUBJECT_DEPS | {"expl"}):
        return first
    doc = clauses[0].doc
    for i in range(first - 1, cue_last, -1):
        if doc[i].lower_ == "that":
            return i
    return first


def content_end(token: Token) -> int:
    """Last doc index of the content headed by ``token``: its subtree, without an apposition or relative
    clause after a comma that elaborates an object ("cited the Head Start program, the federally funded
    pre-school …"; PolNeAR leaves those out)."""
    last = token.right_edge.i
    if token.pos_ not in {"NOUN", "PROPN"}:
        return last
    for child in token.children:
        if child.i > token.i and child.dep_ in {"appos", "relcl", "acl"}:
            if child.left_edge.i > 0 and token.doc[child.left_edge.i - 1].text == ",":
                last = min(last, child.left_edge.i - 2)
    return last
