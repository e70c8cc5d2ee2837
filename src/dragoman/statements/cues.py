"""Finding cues in a parsed sentence and, for each, its speaker tokens and content range (before resolution).

Rules over the dependency parse: a cue entry of the lexicon matches a token (and the words after it), then the
cue's complement gives the content (a clause, an object, a prepositional object, an adjacent quotation) and
its
subject the speaker; a participle or conjunct without a subject ("…, noting that …", "by saying …") takes the
subject of the verb it hangs from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import NOMINAL_SUBJECT_DEPS, has_subject, is_passive
from .lexicon import CueEntry, CueLexicon
from .quotes import Quote, quote_at

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..nlp import ParsedSentence

# Dependency labels of a verb's children that carry what was said.
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
OBJECT_DEPS = {"dobj", "attr", "oprd", "acomp", "pcomp", "obj"}
# Prepositions that introduce what was said ("warned of", "spoke about", "called for", "accused X of").
CONTENT_PREPS = {"of", "about", "on", "for", "against", "over", "to", "that", "whether", "as"}
# Marks that make an adverbial clause a content ("called for X to …", "asked whether …").
CONTENT_MARKS = {"that", "for", "whether", "if"}
# Climbing from a participle or conjunct to the verb whose subject speaks.
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep", "ccomp", "acomp", "advmod"}
INVERTED_SUBJECT_DEPS = {"dobj", "attr", "npadvmod", "dep", "compound", "appos", "oprd", "nsubjpass"}
SHORT_QUOTE = 5  # tokens: a quotation this short inside a speaker phrase is part of a name or a label
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Between a quotation and its cue only punctuation may stand ("“…,” he said"); after the cue, also "that".
GAP_BEFORE = re.compile(r"^[ \t,.;:!?—–-]*$")
GAP_AFTER = re.compile(r"^[ \t,;:—–-]*(that\s*)?$")
GAP_AFTER_COLON = re.compile(r"^[ \t]*:\s*$")
MAX_GAP = 40
SKIPPED_BEFORE_QUOTE = {"prep", "advmod", "npadvmod", "dative", "agent", "dobj"}
SKIPPABLE_IN_PHRASE = {"DET", "ADJ", "PRON", "NUM", "PROPN", "ADV"}


@dataclass(slots=True)
class Candidate:
    """A cue with its speaker tokens and content range, in article offsets."""

    sentence: int
    entry: CueEntry
    cue_start: int
    cue_end: int
    head: Token
    speaker_start: int | None
    speaker_end: int | None
    speaker_head: Token | None
    content_start: int
    content_end: int
    kind: str
    speaker_from: Token | None = None  # the verb whose subject was borrowed, for participial cues

    @property
    def lemma(self) -> str:
        return " ".join(self.entry.words)


def _start(token: Token, base: int) -> int:
    return base + token.idx


def _end(token: Token, base: int) -> int:
    return base + token.idx + len(token.text)


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


def _subtree_range(token: Token) -> tuple[int, int]:
    """(first, last) token index of ``token``'s subtree (contiguous in projective parses)."""
    return token.left_edge.i, token.right_edge.i


def _trim(tokens: Sequence[Token], first: int, last: int) -> tuple[int, int] | None:
    """Shrink a doc-index range so it neither starts nor ends with punctuation (quotation marks are kept)."""
    doc = tokens[0].doc
    while first <= last and doc[first].is_punct and not doc[first].is_quote:
        first += 1
    while last >= first and doc[last].is_punct and not doc[last].is_quote:
        last -= 1
    return (first, last) if first <= last else None


def _is_time(token: Token) -> bool:
    """Whether a prepositional object is a date or time ("on Monday"), which says when, not what."""
    return token.ent_type_ in {"DATE", "TIME"}


def _is_passive(verb: Token) -> bool:
    return is_passive(verb)


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
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not _has_subject(verb):
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
        if current == verb and _is_passive(verb):
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


def _has_subject(verb: Token) -> bool:
    return has_subject(verb, NOMINAL_SUBJECT_DEPS | {"agent"})


def speaker_range(token: Token) -> tuple[int, int] | None:
    """Doc-index range of the speaker phrase headed by ``token``: its subtree without relative clauses."""
    first, last = _subtree_range(token)
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
    return _trim([token], first, last)


def _content_children(verb: Token, entry: CueEntry, cue_last: int) -> list[Token]:
    children = [c for c in verb.children if c.i > cue_last or c.i < verb.i]
    # "continued to …", "refused to …" are not speech; "wants to …", "plans to …" are (internal states)
    takes_xcomp = entry.kind != "speech" or entry.needs != "clause"
    clauses = [c for c in children if c.dep_ in CLAUSE_DEPS and (c.dep_ != "xcomp" or takes_xcomp)]
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
    content = [c for c in children if c.dep_ in OBJECT_DEPS]
    for particle in verb.children:
        if verb.i < particle.i <= cue_last and particle.dep_ in {"prep", "prt"}:
            content += [g for g in particle.children if g.dep_ in {"pobj", "pcomp"}]
    adjacent = []
    for child in children:
        if child.dep_ == "prep" and any(
            g.dep_ in {"pobj", "pcomp"} and not _is_time(g) for g in child.children
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


def _range_of(tokens: Sequence[Token], verb: Token, cue_last: int) -> tuple[int, int] | None:
    """Contiguous doc-index range covering ``tokens``' subtrees on one side of ``verb`` (the right one first),
    never reaching into the cue itself."""
    right = [t for t in tokens if t.i > verb.i]
    side = right or tokens
    if not side:
        return None
    first = min(t.left_edge.i for t in side)
    last = max(_content_end(t) for t in side)
    if right:
        first = max(first, cue_last + 1)
    else:
        last = min(last, verb.i - 1)
    return _trim(side, first, last)


def _subject_before(children: Sequence[Token], first: int, cue_last: int) -> int:
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


def _content_end(token: Token) -> int:
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


def _opens(text: str, quote: Quote) -> bool:
    """Whether ``quote`` stands as sentences of its own (it opens a paragraph or follows a sentence end); only
    such a quotation may take its cue from the next sentence ("“… coming!” Bush said.")."""
    before = text[: quote.start].rstrip(" \t")
    return not before or before[-1] in "\n.!?”\"'"


def _opens_clause(text: str, quote: Quote) -> bool:
    """Whether ``quote`` starts a clause: after a colon, a comma or a dash (or as a sentence of its own)."""
    before = text[: quote.start].rstrip(" \t")
    return not before or before[-1] in "\n.!?:,;—–-(”\"'"


def _gap_after(gap: str) -> bool:
    return bool(GAP_AFTER.match(gap) or GAP_AFTER_COLON.match(gap))


def _attached_quotes(
    text: str,
    quotes: Sequence[Quote],
    region: tuple[int, int],
    children: Sequence[Token],
    base: int,
    sentence: tuple[int, int],
    before: bool = True,
) -> list[Quote]:
    """Quotations that are the words of a cue whose cue and speaker cover ``region`` (article offsets).

    Before the cue only punctuation may separate them ("“…,” he said") and the quotation must open its
    clause (in "may be “strategic,” he said" the quotation is only part of what was said); after the cue
    "that" may stand between ("said that “…”"), or the whole complement starts with the quotation ("told
    reporters: “…”").
    """
    lead = min((_start(c.left_edge, base) for c in children if _start(c, base) > region[1]), default=None)
    attached = []
    for quote in quotes:
        if quote.end < region[0] - MAX_GAP or quote.start > region[1] + MAX_GAP:
            continue
        if quote.start < region[1] and region[0] < quote.end:
            continue  # the cue is inside this quotation
        # adjacency may cross a sentence boundary ("“… coming!” Bush said.") but not a paragraph one, except
        # after a colon ("Cruz continued:" then the quotation as the next paragraph)
        if quote.end <= region[0]:
            crosses = quote.end <= sentence[0]
            if (
                before
                and GAP_BEFORE.match(text[quote.end : region[0]])
                and (_opens(text, quote) or (not crosses and _opens_clause(text, quote)))
            ):
                attached.append(quote)
        elif _gap_after(text[region[1] : quote.start]):
            attached.append(quote)
        elif sentence[0] <= quote.start < sentence[1] and lead is not None and 0 <= lead - quote.start <= 2:
            attached.append(quote)
    return attached


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
            candidate = _verb_candidate(
                sentence, entry, verb, verb, cue_last, text, quotes, base, bounds, cue_heads
            )
        elif entry.pos == "VERB":
            candidate = _verb_candidate(
                sentence, entry, head, cue_first, cue_last, text, quotes, base, bounds, cue_heads
            )
        elif entry.pos == "PUNCT":
            candidate = _colon_candidate(sentence, entry, head, base, quotes)
        elif entry.pos == "ADP":
            candidate = _according_candidate(sentence, entry, head, cue_last, base)
        elif head.i not in in_phrases:
            candidate = _noun_candidate(
                sentence, entry, head, cue_last, text, quotes, base, bounds, lexicon.support
            )
        # words inside a quotation are part of what was said, not attributions of their own
        if candidate is not None and quote_at(quotes, candidate.cue_start, candidate.cue_end) is None:
            candidates.append(candidate)
    return candidates


def _speaker(token: Token | None, base: int) -> tuple[int | None, int | None, Token | None]:
    if token is None or token.pos_ in {"PUNCT", "SCONJ", "CCONJ"} or token.lower_ in {"there"}:
        return None, None, None
    found = speaker_range(token)
    if found is None:
        return None, None, None
    doc = token.doc
    return _start(doc[found[0]], base), _end(doc[found[1]], base), token


def _verb_candidate(
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
    doc = verb.doc
    subject, borrowed = find_subject(verb, cue_heads)
    if entry.kind == "impression":
        subject, borrowed = None, None  # "The plan seems to work": what seems is the content, nobody speaks
    speaker_start, speaker_end, speaker_head = _speaker(subject, base)
    cue_start, cue_end = _start(cue_first, base), _end(cue_last, base)
    if borrowed is not None and entry.pos == "VERB" and borrowed.pos_ == "VERB" and verb.dep_ == "pcomp":
        # "concluded by calling for": the frame verb and its preposition belong to the cue
        prep = verb.head
        if prep.head == borrowed and borrowed.i < verb.i:
            cue_start = _start(borrowed, base)
    # "“…,” added a senior aide" / "“…,” Viguerie notes": a subject the parser missed, right beside the cue;
    # it is taken only when a quotation before the cue makes this an attribution
    inverted = None
    if (
        subject is not None
        and speaker_start is not None
        and quote_at(quotes, speaker_start, speaker_start + 1)
    ):
        # the parser took a subject inside a quotation ("“We were wrong,” Ramos told AFP"): not the speaker
        subject, borrowed, speaker_start, speaker_end, speaker_head = None, None, None, None, None
    if subject is None and borrowed is None and entry.kind == "speech" and not _is_passive(verb):
        inverted = next(
            (
                c
                for c in verb.children
                if c.dep_ in INVERTED_SUBJECT_DEPS
                and (c.left_edge.i == cue_last.i + 1 or c.right_edge.i == verb.i - 1)
            ),
            None,
        ) or _phrase_before(verb)
        speaker_start, speaker_end, speaker_head = _speaker(inverted, base)
    region = (cue_start, cue_end)
    if (
        speaker_start is not None
        and speaker_end is not None
        and speaker_head is not None
        and borrowed is None
    ):
        region = (min(region[0], speaker_start), max(region[1], speaker_end))
    children = _content_children(verb, entry, cue_last.i)
    # modifiers between the cue and a quotation do not separate them ("wrote in a 2012 email: “…”",
    # "told reporters on Monday: “…”")
    tail = region[1]
    for child in verb.children:
        if child.i > cue_last.i and child.dep_ in SKIPPED_BEFORE_QUOTE:
            start, end = _start(child.left_edge, base), _end(child.right_edge, base)
            if GAP_AFTER.match(text[tail:start]) and not any(start <= q.start < end for q in quotes):
                tail = end
    region = (region[0], tail)
    attached = _attached_quotes(text, quotes, region, children, base, bounds, before=borrowed is None)
    if inverted is not None and not any(q.end <= cue_start for q in attached):
        speaker_start, speaker_end, speaker_head = None, None, None
    kind = "indirect"
    content: tuple[int, int] | None = None
    if attached:
        content = (attached[0].start, attached[-1].end)
        kind = "direct"
        # the quotation only opens a longer complement ("calling on “armed groups” to stop the attacks")
        found = _range_of(children, verb, cue_last.i) if attached[0].start >= cue_end else None
        if found is not None and _end(doc[found[1]], base) > content[1] + 2:
            content = (min(content[0], _start(doc[found[0]], base)), _end(doc[found[1]], base))
            kind = "mixed"
    else:
        found = _range_of(children, verb, cue_last.i)
        if found is not None and found[0] > verb.i:
            found = (_subject_before(children, found[0], cue_last.i), found[1])
        if found is not None:
            content = (_start(doc[found[0]], base), _end(doc[found[1]], base))
            inside = [q for q in quotes if content[0] <= q.start < content[1]]
            if inside:
                kind = "mixed"
                content = (content[0], max(content[1], inside[-1].end))
    if content is None and verb.dep_ == "parataxis" and verb.head != verb:
        # a parenthetical attribution ("The risk, he said, is a clash"): the sentence around it is the content
        found = _trim([verb], verb.head.left_edge.i, verb.head.right_edge.i)
        if found is not None and found[1] - found[0] > verb.right_edge.i - verb.left_edge.i + 1:
            content = (_start(doc[found[0]], base), _end(doc[found[1]], base))
    if content is None:
        return None
    # a content may surround its cue only when it is split around it ("“…,” he said, “…”", "X, he said, Y")
    if (
        content[0] < cue_end
        and cue_start < content[1]
        and not (content[0] < cue_start and cue_end < content[1])
    ):
        return None
    return Candidate(
        sentence.index,
        entry,
        cue_start,
        cue_end,
        verb,
        speaker_start,
        speaker_end,
        speaker_head,
        content[0],
        content[1],
        kind,
        borrowed,
    )


def _phrase_before(verb: Token) -> Token | None:
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


def _according_candidate(
    sentence: ParsedSentence, entry: CueEntry, head: Token, cue_last: Token, base: int
) -> Candidate | None:
    doc = head.doc
    objects = [c for c in cue_last.children if c.dep_ == "pobj"]
    speaker_start, speaker_end, speaker_head = _speaker(objects[0] if objects else None, base)
    phrase_first, phrase_last = head.i, max(cue_last.right_edge.i, head.right_edge.i)
    clause = head.head if head.head != head else head
    first, last = (
        (clause.left_edge.i, clause.right_edge.i)
        if clause != head
        else (sentence.span.start, sentence.span.end - 1)
    )
    first, last = max(first, sentence.span.start), min(last, sentence.span.end - 1)
    before = _trim([head], first, phrase_first - 1) if phrase_first > first else None
    after = _trim([head], phrase_last + 1, last) if phrase_last < last else None
    sides = [s for s in (after, before) if s is not None]
    if not sides:
        return None
    chosen = max(sides, key=lambda s: s[1] - s[0])
    return Candidate(
        sentence.index,
        entry,
        _start(head, base),
        _end(cue_last, base),
        head,
        speaker_start,
        speaker_end,
        speaker_head,
        _start(doc[chosen[0]], base),
        _end(doc[chosen[1]], base),
        "indirect",
    )


def _noun_candidate(
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
    speaker_token = None
    for child in noun.children:
        if child.dep_ == "poss":
            speaker_token = child
        elif child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            objects = [g for g in child.children if g.dep_ == "pobj"]
            speaker_token = objects[0] if objects else speaker_token
    if speaker_token is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in support:
        speaker_token, _ = find_subject(noun.head)  # "Trump has made several statements that …"
    content_tokens = [
        c
        for c in noun.children
        if c.i > cue_last.i
        and (
            c.dep_ in {"acl", "ccomp", "relcl"}
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
            or (
                c.dep_ == "prep"
                and c.lower_ in CONTENT_PREPS - {"to"}
                and any(g.dep_ in {"pobj", "pcomp"} and not _is_time(g) for g in c.children)
            )
        )
    ]
    cue_start, cue_end = _start(noun, base), _end(cue_last, base)
    attached = [
        q
        for q in quotes
        if q.start >= cue_end and bounds[0] <= q.start < bounds[1] and _gap_after(text[cue_end : q.start])
    ]
    if attached:
        content, kind = (attached[0].start, attached[0].end), "direct"
    else:
        found = _range_of(content_tokens, noun, cue_last.i)
        if found is None:
            return None
        content, kind = (_start(doc[found[0]], base), _end(doc[found[1]], base)), "indirect"
    speaker_start, speaker_end, speaker_head = _speaker(speaker_token, base)
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


# A headline or lead of the form "Paris: talks will fail": a short name phrase, a colon, a clause.
COLON_SPEAKER_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART", "NUM", "PRON"}
COLON_MAX_SPEAKER = 5
COLON_MIN_CONTENT = 3


def _colon_candidate(
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
    found = _trim([colon], colon.i + 1, span.end - 1)
    if found is None:
        return None
    doc = colon.doc
    head = next((t for t in reversed(speaker) if t.pos_ in {"PROPN", "PRON", "NOUN"}), speaker[-1])
    content_start, content_end = _start(doc[found[0]], base), _end(doc[found[1]], base)
    quote = next((q for q in quotes if q.start == content_start), None)
    if quote is not None:  # the quotation goes on past the sentence: all of it was said
        content_end = max(content_end, quote.end)
    return Candidate(
        sentence.index,
        entry,
        _start(colon, base),
        _end(colon, base),
        colon,
        _start(speaker[0], base),
        _end(speaker[-1], base),
        head,
        content_start,
        content_end,
        "direct" if quote is not None and quote.end >= content_end else "indirect",
    )
