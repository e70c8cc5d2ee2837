"""Resolving the actor mentions of a parsed article: ``resolve_mentions(parsed, kb) -> list[Mention]``.

Find, then build. A left-to-right scan over each paragraph's tokens takes, at each position, the longest of:

- an **alias** of a knowledge-base actor ("Antonio Guterres", "UN Security Council", "Hayat Tahrir al-Sham");
- a **composition** of a state (or a capital, or an IGO) with an agent: "Syrian opposition" → SYROPP,
  "Israeli troops" → ISRMIL, "Russia's permanent representative" → RUSGOV, "the foreign minister of Turkey"
  → TURGOV; an IGO keeps its own code ("UN envoy" → IGOUNO);
- a **metonym**: a capital standing for its government when it acts ("Moscow said", "Moscow's concern",
  "between Damascus and …"), not when it is a place ("in Moscow"); a seat of power ("the Kremlin") unless it
  is where something happens ("at the Kremlin").

A composed government title is then the person in that office on the date ("the German chancellor",
"Russia's foreign minister": :mod:`dragoman.actors.titles`), and so is a title alone whose country the title
gives and the article names ("the chancellor").

Named entities and proper-noun runs left over are then matched **fuzzily** against the aliases (same first
letter, same number of words, rapidfuzz ratio at least ``FUZZY_CUTOFF``: "Guteres" → Guterres), and the
people, organisations and groups still unknown become ``unresolved`` mentions. The scan reads tokens, not
the model's entities, so an NER mistake (a surname tagged GPE, an acronym tagged WORK_OF_ART) does not block
resolution. Codes are those of the actor's role on the article's ``published`` date; without a date the
latest role is used and the score is multiplied by ``NO_DATE_FACTOR``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Mention
from ..nlp import ParsedArticle
from .described_names import LocalPeople, described_name
from .finder import ALIAS_HITS, ParagraphView, finder_for
from .found import Found
from .kb import ActorKB
from .scan import Scan
from .titled_names import titled_name
from .titles import bare_titles, title_holder
from .usage import acts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..nlp import Paragraph


def resolve_mentions(parsed: ParsedArticle, kb: ActorKB) -> list[Mention]:
    """The actor mentions of ``parsed``, sorted by offsets (see the module doc for how they are found)."""
    scan = Scan(parsed, kb, finder_for(kb))
    mentions: list[Mention] = []
    bare: list[Mention] = []
    local = LocalPeople()
    for paragraph in parsed.paragraphs:
        doc = paragraph.doc
        sentence_of = _sentence_indexes(doc, paragraph.first_sentence)
        view = ParagraphView(doc, scan.finder)
        found = [title_holder(item, scan, view) or item for item in scan.scan(view)]
        taken = [False] * len(doc)
        for item in found:
            if item.actor.kind == "person" and item.end - item.start > 1:
                local.add(view, item)  # "Reid" after "Harry Reid", where the aliases lack the surname alone
            taken[item.start : item.end] = [True] * (item.end - item.start)
        for start, end, label in scan.leftovers(view, taken):
            if " ".join(k for k in view.keys[start:end] if k) in scan.finder.metonyms:
                continue  # a capital or seat of power used as a place ("talks at the Kremlin")
            person = _person_left_over(view, start, end, label, taken, scan, local)
            if person is not None:
                found.append(person)
            elif label in {"PERSON", "ORG", "NORP"} or (
                label == "GPE" and acts(doc[start:end].root, doc, start, end)
            ):
                mentions.append(_unresolved(parsed, paragraph, sentence_of[start], doc[start:end]))
                if label == "PERSON":
                    local.unknown(view, start, end)
        # a surname the aliases give someone, after this paragraph named another person with it in full
        found = [local.repeat(view, i.start, i.end) if local.contradicts(view, i) else i for i in found]
        found = _without_appositive_agents(doc, [i for i in found if i is not None])
        for item in found:
            mentions.append(scan.mention(paragraph.start, sentence_of[item.start], doc, item))
        for item in bare_titles(view, taken, kb, scan.date):
            bare.append(scan.mention(paragraph.start, sentence_of[item.start], doc, item))
    # "the chancellor" alone is the German one only in an article that names Germany
    countries = {m.code[:3] for m in mentions if m.code}
    mentions += [m for m in bare if m.code and m.code[:3] in countries]
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _person_left_over(
    view: ParagraphView, start: int, end: int, label: str, taken: list[bool], scan: Scan, local: LocalPeople
) -> Found | None:
    """A name the scan left over: the surname of someone the article named in full before, a known name
    with middle initials or misspelt, or a person no actor names coded by the title or description they
    are introduced with."""
    repeat = local.repeat(view, start, end)  # whatever the model labelled it ("Lopez" GPE)
    found = repeat or scan.without_initials(view, start, end) or scan.fuzzy(view, start, end)
    if found is None and label == "PERSON":
        found = titled_name(view, start, end, taken, scan.finder) or described_name(
            view, start, end, scan.finder
        )
    known_person = found is not None and (found.actor.kind == "person" or found.how == "agent")
    if known_person and repeat is None and end - start > 1:
        local.add(view, found)
    return found


def _without_appositive_agents(doc: Doc, found: list[Found]) -> list[Found]:
    """A person's apposition is the person, not another actor: "Jane Roe, a student" is one mention."""
    people = [
        i for i in found if i.how != "agent" and i.actor.kind == "person" or i.actor.source == "described"
    ]
    kept = []
    for item in found:
        token = doc[item.end - 1]
        person = next((p for p in people if p is not item and p.start <= token.head.i < p.end), None)
        if (
            item.how == "agent"
            and item.end - item.start == 1
            and token.dep_ == "appos"
            and person is not None
        ):
            continue
        kept.append(item)
    return kept


def _unresolved(parsed: ParsedArticle, paragraph: Paragraph, sentence: int, span: Span) -> Mention:
    """A name of a person, organisation or group no actor matched."""
    start, end = paragraph.start + span.start_char, paragraph.start + span.end_char
    return Mention(
        parsed.article.id, sentence, start, end, parsed.article.text[start:end], None, "unresolved", 0.0
    )


def _sentence_indexes(doc: Doc, first_sentence: int) -> list[int]:
    """Article-wide sentence index of each token of a paragraph."""
    indexes = [first_sentence] * len(doc)
    for offset, sentence in enumerate(doc.sents):
        for i in range(sentence.start, sentence.end):
            indexes[i] = first_sentence + offset
    return indexes


def actor_spans(doc: Doc, kb: ActorKB) -> list[tuple[int, int, str, str]]:
    """(start token, end token, entity label, actor id) of the knowledge-base names in ``doc``: what the
    entity ruler writes into ``doc.ents``. PERSON for people, ORG for organisations and groups, GPE for a
    state named as such and NORP for its demonym ("Russian"). Only the longest aliases, left to right:
    compositions and metonyms are the resolver's business, not the entities'."""
    from ..model import Article
    from ..nlp import Paragraph

    article = Article(id="", source="", text=doc.text)
    finder = finder_for(kb)
    scan = Scan(ParsedArticle(article, (Paragraph(0, doc, 0),)), kb, finder)
    view = ParagraphView(doc, finder)
    spans = []
    index = 0
    while index < len(doc):
        found = scan.alias_at(view, index) if view.keys[index] else None
        if found is None:
            index += 1
            continue
        kind = found.actor.kind
        if kind == "state":
            label = (
                "NORP" if doc[found.start].ent_type_ == "NORP" or view.pos[found.start] == "ADJ" else "GPE"
            )
        else:
            label = "PERSON" if kind == "person" else "ORG"
        spans.append((found.start, found.end, label, found.actor.id))
        index = found.end
    # The lookups are data for resolution, which would make them again: aliases are matched once.
    doc.user_data[ALIAS_HITS] = (finder.token, view.alias_hits)
    return spans
