"""Resolving the actor mentions of a parsed article: ``resolve_mentions(parsed, kb) -> list[Mention]``.

Find, then build. A left-to-right scan over each paragraph's tokens takes, at each position, the longest of:

- an **alias** of a knowledge-base actor ("Antonio Guterres", "UN Security Council", "Hayat Tahrir al-Sham");
- a **composition** of a state (or a capital, or an IGO) with an agent: "Syrian opposition" → SYROPP,
  "Israeli troops" → ISRMIL, "Russia's permanent representative" → RUSGOV, "the foreign minister of Turkey"
  → TURGOV; an IGO keeps its own code ("UN envoy" → IGOUNO);
- a **metonym**: a capital standing for its government when it acts ("Moscow said", "Moscow's concern",
  "between Damascus and …"), not when it is a place ("in Moscow"); a seat of power ("the Kremlin") unless it
  is where something happens ("at the Kremlin").

Named entities and proper-noun runs left over are then matched **fuzzily** against the aliases (same first
letter, same number of words, rapidfuzz ratio at least ``FUZZY_CUTOFF``: "Guteres" → Guterres), and the
people, organisations and groups still unknown become ``unresolved`` mentions. The scan reads tokens, not
the model's entities, so an NER mistake (a surname tagged GPE, an acronym tagged WORK_OF_ART) does not block
resolution. Codes are those of the actor's role on the article's ``published`` date; without a date the
latest role is used and the score is multiplied by ``NO_DATE_FACTOR``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING

from ..model import Actor, Mention
from ..nlp import ParsedArticle
from ..syntax import NOMINAL_SUBJECT_DEPS
from .agents import Agent
from .kb import ActorKB, compose_code, split_composed_id
from .names import phrase_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Scores by how a mention was resolved: a full alias is what the dictionaries say; a composition or a
# metonym adds a reading of the context; an alias several actors share is less certain.
ALIAS_SCORE = 1.0
AMBIGUOUS_ALIAS_SCORE = 0.85
COMPOSED_SCORE = 0.9
METONYMY_SCORE = 0.85
# Fuzzy matches need ratio >= 85 on names of at least 6 letters with the same first letter and word count:
# one letter changed in an 8-letter surname ("Zelensky"/"Zelenski") scores 87.5, while different short
# names ("Hamad"/"Hamas") are never compared. The score is the ratio scaled by FUZZY_WEIGHT.
FUZZY_CUTOFF = 85.0
FUZZY_MIN_LENGTH = 6
FUZZY_WEIGHT = 0.9
# No publication date: the latest role is used, and said so by a lower score.
NO_DATE_FACTOR = 0.9
# Longest agent phrase tried, in words ("permanent representative to the united nations" has six).
MAX_AGENT_WORDS = 7
MAX_ALIAS_WORDS = 12

# Entity labels whose leftovers become fuzzy candidates and, failing that, unresolved mentions.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# A capital acts as the object of these prepositions ("talks between Damascus and Ankara", "pressure on").
ACTING_PREPOSITIONS = frozenset({"by", "between", "against"})
# "with" makes a capital an actor only after words of dealing ("talks with Damascus", "clashed with Moscow"),
# not after "connected New York with Washington".
DEALING_WITH = frozenset(
    "talk talks negotiate negotiation negotiations meet meeting agree agreement deal cooperate cooperation "
    "relation relations tie ties dialogue contact contacts clash conflict confrontation coordinate "
    "coordination work side".split()
)
# ... and as the object of these verbs ("urged Moscow to", "accused Washington of").
ACTING_OBJECT_VERBS = frozenset(
    "urge warn accuse criticize criticise condemn blame support back ask tell pressure press threaten "
    "sanction thank praise invite help oppose persuade convince inform notify brief defy contact lobby "
    "reassure assure "
    "call join recognize recognise".split()
)
# A seat of power is a place when it is the object of these ("talks at the Kremlin", "flew to Washington").
LOCATIVE_PREPOSITIONS = frozenset(
    "in at inside outside near into to from within around across behind toward towards on onto".split()
)
COORDINATORS = frozenset({"and", "or", ","})
REGION_WORDS = frozenset({"north", "south", "east", "west", "central", "latin"})
# Words allowed between an actor and its agent: "Israeli occupation forces", "Dagolath's first Deputy Prime
# Minister"; more would reach across to unrelated nouns.
MAX_MODIFIERS = 2
# Prepositions joining an agent to its actor: "the foreign minister of Turkey", "activists in Syria",
# "soldiers from Gondor".
AGENT_PREPOSITIONS = frozenset({"of", "in", "from"})
ARMED_AGENT_CODES = frozenset({"MIL", "UAF", "REB", "INS", "COP", "SPY"})
# "former" before an agent ("former Gondor prosecutors", "Russia's former envoy") makes it elite (ELI).
FORMER = frozenset({"former", "ex"})
PERSON_LABELS = frozenset({"PERSON"})
TITLES = frozenset(
    "mr mrs ms dr president prime minister sen senator rep gov governor king queen prince sheikh emir "
    "general gen col colonel secretary ambassador foreign defence defense chancellor speaker vice".split()
)
LANGUAGE_VERBS = frozenset({"speak", "learn", "teach", "translate", "understand"})
# Names of things named after people: "Trump Tower" (FAC), "Clinton Foundation" (ORG), "Trump Force One".
THING_LABELS = frozenset({"FAC", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT"})
RANK = {"alias": 0, "composed": 1, "metonymy": 2, "agent": 3}
# A bare agent ("security forces", "protesters") is the weakest resolution: its country comes from context.
AGENT_SCORE = 0.6
POSSESSIVE = frozenset({"'s", "’s", "'"})


@dataclass(frozen=True, slots=True)
class _Found:
    """A resolved stretch of a paragraph: token range, actor, how, score, and the base actor for dating."""

    start: int
    end: int
    actor: Actor
    how: str
    score: float
    dated: Actor
    agent: Agent | None = None
    igo: bool = False


class MentionFinder:
    """The lookup tables ``resolve_mentions`` scans with, built once per knowledge base."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self.aliases = kb.alias_keys()
        self.metonyms = kb.metonym_keys()
        self.agents = kb.agent_keys()
        self.alias_lengths = _lengths(self.aliases)
        self.metonym_lengths = _lengths(self.metonyms)
        self.agent_lengths = _lengths(self.agents)
        self.bare_agent_codes = read_bare_agent_codes()
        self._blocks: dict[tuple[str, int], list[str]] | None = None

    def fuzzy_blocks(self) -> dict[tuple[str, int], list[str]]:
        """Alias keys long enough for fuzzy matching, by (first letter, number of words)."""
        if self._blocks is None:
            blocks: dict[tuple[str, int], list[str]] = {}
            for key in self.aliases:
                if len(key) >= FUZZY_MIN_LENGTH:
                    blocks.setdefault((key[0], key.count(" ") + 1), []).append(key)
            self._blocks = blocks
        return self._blocks


def _lengths(index: dict[str, object]) -> dict[str, int]:
    """First word → most words of any key starting with it."""
    lengths: dict[str, int] = {}
    for key in index:
        first, _, _ = key.partition(" ")
        lengths[first] = max(lengths.get(first, 0), key.count(" ") + 1)
    return lengths


def finder_for(kb: ActorKB) -> MentionFinder:
    """The finder of ``kb``, built on first use and kept with it."""
    finder = getattr(kb, "_finder", None)
    if finder is None:
        finder = MentionFinder(kb)
        kb._finder = finder  # type: ignore[attr-defined]
    return finder


class _Paragraph:
    """One parsed paragraph with the token keys the scan compares."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # read once: building spaCy Token objects in the scan's inner loops costs more than the lookups
        self.keys: list[str] = []
        self.sent_starts: list[bool] = []
        self.pos: list[str] = []
        self.titles: list[bool] = []
        for token in doc:
            self.keys.append(phrase_key(token.text))
            self.sent_starts.append(bool(token.is_sent_start))
            self.pos.append(token.pos_)
            self.titles.append(token.is_title)

    def words(self, start: int, limit: int) -> list[tuple[int, str]]:
        """Up to ``limit`` (end token, key so far) pairs from ``start``, skipping punctuation-only tokens
        inside ("Ki - moon"), never crossing a sentence boundary."""
        keys, sent_starts = self.keys, self.sent_starts
        out: list[tuple[int, str]] = []
        parts: list[str] = []
        index = start
        while index < len(keys) and len(parts) < limit:
            if index > start and sent_starts[index]:
                break
            if keys[index]:
                parts.append(keys[index])
                out.append((index + 1, " ".join(parts)))
            elif index == start:
                break
            index += 1
        return out


def _longest(
    paragraph: _Paragraph, start: int, index: dict, lengths: dict[str, int]
) -> tuple[int, str] | None:
    """(end token, key) of the longest key of ``index`` starting at token ``start``."""
    first = paragraph.keys[start]
    if first not in lengths:
        return None
    best = None
    for end, key in paragraph.words(start, lengths[first]):
        if key in index:
            best = (end, key)
    return best


def _plural_alias(paragraph: _Paragraph, start: int, finder: MentionFinder) -> tuple[int, str] | None:
    """A plural demonym ("Syrians") whose singular is a one-word alias."""
    key = paragraph.keys[start]
    if len(key) > 4 and key.endswith("s") and key[:-1] in finder.aliases:
        return start + 1, key[:-1]
    return None


def _case_ok(doc: Doc, start: int, end: int) -> bool:
    """Names are written with capitals: "us" is not the U.S.; a short alias must be all capitals ("UN")."""
    if end - start > 1 and doc[start].lower_ == "the":
        start += 1  # "The west of the city" is not "the West"
    text = doc[start:end].text
    if not any(ch.isupper() for ch in text):
        return False
    if end - start == 1 and len(text) <= 3:
        return text.isupper()
    return True


class _Scan:
    """The left-to-right scan of one article."""

    def __init__(self, parsed: ParsedArticle, kb: ActorKB, finder: MentionFinder) -> None:
        self.parsed = parsed
        self.kb = kb
        self.finder = finder
        published = parsed.article.published
        self.date = published[:10] if published else None

    # -- candidates at one position ----------------------------------------------------------------

    def pick(self, ids: Sequence[str]) -> tuple[Actor, bool]:
        """The preferred actor of several sharing an alias: the first in force on the date; and whether the
        alias was ambiguous."""
        actors = [self.kb.get(i) for i in ids]
        chosen = [a for a in actors if a is not None]
        if self.date and len(chosen) > 1:
            dated = [a for a in chosen if self.kb.code_on(a, self.date)]
            chosen = dated or chosen
        return chosen[0], len(ids) > 1

    def alias_at(self, paragraph: _Paragraph, start: int) -> _Found | None:
        hit = _longest(paragraph, start, self.finder.aliases, self.finder.alias_lengths)
        hit = hit or _plural_alias(paragraph, start, self.finder)
        if hit is None:
            return None
        end, key = hit
        doc = paragraph.doc
        if not _case_ok(doc, start, end):
            return None
        actor, ambiguous = self.pick(self.finder.aliases[key])
        if actor.kind == "state" and (
            _inside_longer_name(doc, start, end, PERSON_LABELS)
            or _is_language(doc[start])
            or (start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"pro", "anti"})
            or (start >= 1 and paragraph.keys[start - 1] in REGION_WORDS and paragraph.titles[start - 1])
        ):
            # "Jordan" in "Michael Jordan"; "Spanish" the language; "pro-Russian", "North American": no state
            return None
        if (paragraph.pos[start] == "ADJ" or actor.kind == "group") and _in_place_name(doc, start, end):
            return None  # "Western" in "Western Europe"
        if actor.kind == "person" and (
            _inside_longer_name(doc, start, end, THING_LABELS) or _other_person(doc, start, end)
        ):
            return None  # "Trump" in "Trump Tower" or in "Eric Trump", "Clinton" in "Clinton Foundation"
        if (
            actor.kind == "state"
            and _inside_longer_name(doc, start, end, THING_LABELS)
            and self.agent_at(paragraph, end) is None
            and not (end < len(doc) and doc[end].text in POSSESSIVE)
        ):
            return None  # "American" in "American Bar Association", not in "Russian Foreign Ministry"
        score = AMBIGUOUS_ALIAS_SCORE if ambiguous else ALIAS_SCORE
        return _Found(start, end, actor, "alias", score, actor)

    def metonym_at(self, paragraph: _Paragraph, start: int) -> _Found | None:
        hit = _longest(paragraph, start, self.finder.metonyms, self.finder.metonym_lengths)
        if hit is None:
            return None
        end, key = hit
        doc = paragraph.doc
        if not _case_ok(doc, start, end):
            return None
        owner, _ambiguous = self.pick(self.finder.metonyms[key])
        actor = self.kb.compose(owner, "GOV") if owner.kind == "state" else owner
        return _Found(start, end, actor, "metonymy", METONYMY_SCORE, owner, igo=owner.kind != "state")

    def agent_at(self, paragraph: _Paragraph, start: int, *, first: bool = False) -> tuple[int, Agent] | None:
        """The longest agent starting at ``start`` (``first``: it may open a sentence); the last word may be
        longer than a TABARI stem ("defence minist" matches "defence ministry") or a plural."""
        keys = paragraph.keys
        if start >= len(keys) or (paragraph.sent_starts[start] and not first) or not keys[start]:
            return None
        limit = self.finder.agent_lengths.get(keys[start])
        if limit is None:  # no agent starts with this word; it may still be a one-word stem ("officials")
            agent = _stem_agent(keys[start], self.finder.agents)
            return (start + 1, agent) if agent is not None else None
        best = None
        for end, key in paragraph.words(start, limit):
            agent = self.finder.agents.get(key) or _stem_agent(key, self.finder.agents)
            if agent is not None:
                best = (end, agent)
        return best

    def composed_at(self, paragraph: _Paragraph, base: _Found) -> _Found | None:
        """``base`` (a state, capital, organisation or group) followed by an agent, possibly after "'s" and up
        to two modifiers ("Israeli occupation forces", "Dagolath's first Deputy Prime Minister")."""
        if base.actor.kind == "person" and base.how != "metonymy":
            return None
        doc = paragraph.doc
        position = base.end
        if position < len(doc) and doc[position].text in POSSESSIVE:
            position += 1
        # the agent that reaches furthest: "deputy foreign minister" is a foreign minister, not a deputy
        found = self.agent_at(paragraph, position)
        skipped = 0
        while skipped < MAX_MODIFIERS and position < len(doc):
            if paragraph.pos[position] not in {"ADJ", "NOUN", "PROPN"} or paragraph.sent_starts[position]:
                break
            position += 1
            skipped += 1
            later = self.agent_at(paragraph, position)
            if later is not None and (found is None or later[0] > found[0]):
                found = later
        if found is None:
            return None
        end, agent = found
        return self.compose(base, agent, base.start, end, paragraph)

    def compose(
        self, base: _Found, agent: Agent, start: int, end: int, paragraph: _Paragraph | None = None
    ) -> _Found:
        owner = base.dated
        if paragraph is not None and _former(paragraph, start, end):
            agent = Agent(agent.phrase, agent.forms, "ELI", False, agent.source)
        if _keeps_code(owner):
            # "UN envoy" is the UN, "Houthi fighters" the Houthis: their agents keep the actor's code
            return _Found(start, end, owner, "composed", COMPOSED_SCORE, owner, agent, igo=True)
        actor = self.kb.compose(owner, agent.code, agent.prefix)
        return _Found(start, end, actor, "composed", COMPOSED_SCORE, owner, agent)

    def agent_of_state_at(self, paragraph: _Paragraph, start: int) -> _Found | None:
        """ "the foreign minister of Turkey", "rights activists in Syria": an agent, "of" (or "in"), an
        optional "the", then a state, organisation or group. "in" is not read after armed agents: "troops in
        Syria" are as often foreign troops as Syrian ones."""
        window = paragraph.keys[start + 1 : start + MAX_AGENT_WORDS + 1]
        if not AGENT_PREPOSITIONS.intersection(window):
            return None
        found = self.agent_at(paragraph, start, first=True)
        if found is None:
            return None
        end, agent = found
        doc = paragraph.doc
        if end >= len(doc) or doc[end].lower_ not in AGENT_PREPOSITIONS:
            return None
        if doc[end].lower_ == "in" and agent.code[:3] in ARMED_AGENT_CODES:
            return None
        position = end + 1
        if position < len(doc) and doc[position].lower_ == "the":
            position += 1
        if position >= len(doc):
            return None
        base = self.alias_at(paragraph, position)
        if base is None or base.actor.kind == "person":
            return None
        if base.end < len(doc) and paragraph.pos[base.end] in {"NOUN", "PROPN"}:
            return None  # "people of Japanese descent": the name modifies a noun, it is not the state
        return self.compose(base, agent, start, base.end, paragraph)

    # -- the scan ----------------------------------------------------------------------------------

    def scan(self, paragraph: _Paragraph) -> list[_Found]:
        doc = paragraph.doc
        found: list[_Found] = []
        index = 0
        while index < len(doc):
            if not paragraph.keys[index]:
                index += 1
                continue
            options = self.options_at(paragraph, index)
            if paragraph.keys[index] == "the" and index + 1 < len(doc):
                # "the UN Security Council": the alias after "the" beats "the UN" + agent "Security Council"
                options += self.options_at(paragraph, index + 1)
            if not options:
                bare = self.bare_agent_at(paragraph, index)
                if bare is None:
                    index += 1
                    continue
                options = [bare]
            # furthest end first; then an alias beats a composition, which beats a metonym; then the shorter
            best = min(options, key=lambda f: (-f.end, RANK[f.how], -f.start))
            found.append(best)
            coordinated = self.coordinated(paragraph, best, found)
            index = best.end
            if coordinated is not None:
                found.append(coordinated)
                index = coordinated.end
        return _merge_titles(doc, found)

    def options_at(self, paragraph: _Paragraph, index: int) -> list[_Found]:
        """Every alias, composition and acting metonym starting at token ``index``."""
        doc = paragraph.doc
        options = []
        for base in (self.alias_at(paragraph, index), self.metonym_at(paragraph, index)):
            if base is None:
                continue
            composed = self.composed_at(paragraph, base)
            if composed is not None:
                options.append(composed)
            if base.how == "alias" or (base.how == "metonymy" and self.metonym_acts(doc, base)):
                options.append(base)
        if paragraph.pos[index] in {"NOUN", "PROPN", "ADJ"} or paragraph.titles[index]:
            of_state = self.agent_of_state_at(paragraph, index)
            if of_state is not None:
                options.append(of_state)
            prefixed = self.prefix_agent_at(paragraph, index)
            if prefixed is not None:
                options.append(prefixed)
        return options

    def bare_agent_at(self, paragraph: _Paragraph, index: int) -> _Found | None:
        """An agent that acts with no state named ("Security forces opened fire", "protesters marched"):
        only the agents of ``bare_agents.tsv``, as a noun phrase of its own (not "police station")."""
        if paragraph.pos[index] not in {"NOUN", "ADJ"}:
            return None
        found = self.agent_at(paragraph, index, first=True)
        if found is None:
            return None
        end, agent = found
        if agent.prefix or agent.code[:3] not in self.finder.bare_agent_codes:
            return None
        doc = paragraph.doc
        root = doc[end - 1]
        if root.pos_ not in {"NOUN", "PROPN"} or (root.dep_ == "compound" and root.head.i >= end):
            return None
        actor = Actor(
            id=f"~{agent.code}",
            name=agent.phrase,
            code=agent.code,
            sector=agent.code[:3],
            source=agent.source,
        )
        return _Found(index, end, actor, "agent", AGENT_SCORE, actor, agent)

    def prefix_agent_at(self, paragraph: _Paragraph, index: int) -> _Found | None:
        """An agent whose code goes first, before its actor ("MSF Arnor" → NGO + ARN), then maybe a suffix
        agent ("an MSF Arnor diplomat" → NGOARNGOV)."""
        found = self.agent_at(paragraph, index, first=True)
        if found is None or not found[1].prefix:
            return None
        end, agent = found
        base = self.alias_at(paragraph, end) if end < len(paragraph.doc) else None
        if base is None or base.actor.kind == "person" or _keeps_code(base.dated):
            return None
        composed = self.compose(base, agent, index, base.end, paragraph)
        after = self.agent_at(paragraph, composed.end)
        if after is None:
            return composed
        code = compose_code(composed.actor.code, after[1].code)
        actor = replace(composed.actor, id=f"{composed.actor.id}~{after[1].code}", code=code)
        return _Found(index, after[0], actor, "composed", COMPOSED_SCORE, actor, after[1], igo=True)

    def coordinated(self, paragraph: _Paragraph, first: _Found, found: list[_Found]) -> _Found | None:
        """ "Russian and Syrian forces": the second state's agent composes the first as well."""
        doc = paragraph.doc
        if first.how != "alias" or first.actor.kind != "state" or first.end + 1 >= len(doc):
            return None
        if doc[first.end].lower_ not in COORDINATORS:
            return None
        second = self.alias_at(paragraph, first.end + 1)
        if second is None or second.actor.kind != "state":
            return None
        composed = self.composed_at(paragraph, second)
        if composed is None or composed.agent is None:
            return None
        found[-1] = self.compose(first, composed.agent, first.start, first.end)
        return composed

    @staticmethod
    def metonym_acts(doc: Doc, found: _Found) -> bool:
        """Whether a capital or seat of power is used as an actor rather than as a place."""
        root = doc[found.start : found.end].root
        if found.igo:  # a seat of power ("the Kremlin") acts unless it is where something happens
            return not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS)
        if found.end < len(doc) and doc[found.end].pos_ in {"NOUN", "PROPN"}:
            return False  # "Washington think tanks": the capital modifies a noun (an agent would compose)
        return _acts(root, doc, found.start, found.end)

    # -- leftovers ---------------------------------------------------------------------------------

    def leftovers(self, paragraph: _Paragraph, taken: list[bool]) -> list[tuple[int, int, str]]:
        """Entities and proper-noun runs not covered by a resolved mention: (start, end, label)."""
        doc = paragraph.doc
        out: list[tuple[int, int, str]] = []
        for ent in doc.ents:
            if ent.label_ in ACTOR_LABELS and not any(taken[ent.start : ent.end]):
                start = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
                if start < ent.end:
                    out.append((start, ent.end, ent.label_))
        covered = [False] * len(doc)
        for start, end, _label in out:
            covered[start:end] = [True] * (end - start)
        index = 0
        while index < len(doc):
            pos = paragraph.pos
            if pos[index] == "PROPN" and not taken[index] and not covered[index] and paragraph.titles[index]:
                end = index
                while end < len(doc) and pos[end] == "PROPN" and not taken[end] and not covered[end]:
                    end += 1
                if not doc[index].ent_type_:  # NER found nothing here: a name it missed, or not a name
                    out.append((index, end, ""))
                index = end
            else:
                index += 1
        return out

    def fuzzy(self, paragraph: _Paragraph, start: int, end: int) -> _Found | None:
        from rapidfuzz import fuzz, process

        key = " ".join(k for k in paragraph.keys[start:end] if k)
        if len(key) < FUZZY_MIN_LENGTH or key in self.finder.aliases:
            return None
        block = self.finder.fuzzy_blocks().get((key[0], key.count(" ") + 1))
        if not block:
            return None
        hit = process.extractOne(key, block, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if hit is None:
            return None
        if " " in key and fuzz.ratio(key.rsplit(" ", 1)[1], hit[0].rsplit(" ", 1)[1]) < FUZZY_CUTOFF:
            return None  # "Paul Singer" is not "Paul Seger": the surnames must be close too
        actor, _ambiguous = self.pick(self.finder.aliases[hit[0]])
        if actor.kind == "state":
            return None  # a misspelt country is more often another place ("Iraq"/"Iran" never reach here)
        if self.date and self.kb.code_on(actor, self.date) is None:
            return None  # a near-namesake of someone with no role on that date is more likely someone else
        return _Found(start, end, actor, "fuzzy", hit[1] / 100 * FUZZY_WEIGHT, actor)

    # -- records -----------------------------------------------------------------------------------

    def mention(self, paragraph_start: int, sentence: int, doc: Doc, found: _Found) -> Mention:
        span = doc[found.start : found.end]
        start, end = paragraph_start + span.start_char, paragraph_start + span.end_char
        text = self.parsed.article.text[start:end]
        code = self.code_of(found)
        score = found.score if self.date else found.score * NO_DATE_FACTOR
        return Mention(
            self.parsed.article.id,
            sentence,
            start,
            end,
            text,
            found.actor.id,
            found.how,
            round(score, 3),
            found.actor.name,
            code,
        )

    def code_of(self, found: _Found) -> str | None:
        if found.how == "agent":
            return found.actor.code  # a bare agent: its country is given later, from context
        if found.actor is found.dated or found.igo:
            return self.kb.code_on(found.dated, self.date)
        base = self.kb.code_on(found.dated, self.date)
        if base is None:
            return None
        _base_id, prefix, agent_code = split_composed_id(found.actor.id)
        return compose_code(base, agent_code, prefix)


def read_bare_agent_codes() -> frozenset[str]:
    """The agent codes that make a mention without a state (``data/actors/bare_agents.tsv``)."""
    path = resources.files("dragoman") / "data" / "actors" / "bare_agents.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return frozenset(line.split("\t", 1)[0].strip() for line in lines if line.strip())


def _tail(found: _Found) -> tuple:
    """The fields of ``found`` after its start and end."""
    return (found.actor, found.how, found.score, found.dated, found.agent, found.igo)


def _former(paragraph: _Paragraph, start: int, end: int) -> bool:
    """Whether "former" (or "ex") stands just before ``start`` or inside the span."""
    first = max(0, start - 1)
    return any(key in FORMER for key in paragraph.keys[first:end])


def _is_igo(actor: Actor) -> bool:
    return actor.sector == "IGO" or actor.code.startswith("IGO")


def _keeps_code(actor: Actor) -> bool:
    """Whether agents leave this actor's code alone: an IGO, an armed group, a person (a metonym's seat)."""
    return _is_igo(actor) or actor.kind in {"armed_group", "person"}


def _stem_agent(key: str, agents: dict[str, Agent]) -> Agent | None:
    """An agent whose last word is a stem or singular of ``key``'s last word ("defence ministry" →
    "defence minist"; "officials" → "official")."""
    head, _, last = key.rpartition(" ")
    prefix = f"{head} " if head else ""
    for length in range(len(last) - 1, 4, -1):
        agent = agents.get(prefix + last[:length])
        if agent is not None:
            return agent
    return None


def _is_language(token: Token) -> bool:
    """ "Spanish" the language: tagged so, or the object of "speak", "learn", "teach", "translate"."""
    return token.ent_type_ == "LANGUAGE" or (token.dep_ == "dobj" and token.head.lemma_ in LANGUAGE_VERBS)


def _in_place_name(doc: Doc, start: int, end: int) -> bool:
    """Whether the span lies inside a longer place entity of the model that adds capitalised words
    ("Western Europe"), not one that only adds lower-case ones ("northern Syria")."""
    for ent in doc.ents:
        if ent.label_ in {"LOC", "FAC"} and not ent.kb_id_ and ent.start <= start and end <= ent.end:
            if any(t.is_title for t in ent if t.i < start or t.i >= end):
                return True
    return False


def _other_person(doc: Doc, start: int, end: int) -> bool:
    """Whether a person's alias lies inside a longer PERSON entity of the model that adds a name ("Trump" in
    "Eric Trump"): the full name would have matched as a whole had it been this person's. Titles do not count
    ("President Trump", "Mr. Trump")."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not ent.kb_id_ and ent.start <= start and end <= ent.end:
            extra = [t for t in ent if (t.i < start or t.i >= end) and t.is_alpha and t.is_title]
            if any(t.lower_ not in TITLES for t in extra):
                return True
    return False


def _inside_longer_name(doc: Doc, start: int, end: int, labels: frozenset[str]) -> bool:
    """Whether tokens start..end lie inside a longer entity of the model with one of ``labels`` (not one the
    entity ruler wrote from the knowledge base: "Turkish" in "Turkish Foreign Minister Hakan Fidan" still
    composes)."""
    for ent in doc.ents:
        if (
            ent.label_ in labels
            and not ent.kb_id_
            and ent.start <= start
            and end <= ent.end
            and (ent.end - ent.start) > end - start
        ):
            return True
    return False


def _acts(token: Token, doc: Doc, start: int, end: int) -> bool:
    """Whether a place name is used as an agent: subject, possessor, "by"/"between"/"with" object, object of
    a verb of pressure or speech, a headline's "Moscow:", or a conjunct of one of these."""
    seen = 0
    while token.dep_ in {"conj", "appos"} and token.head is not token and seen < 5:
        token = token.head
        seen += 1
    dep = token.dep_
    if dep in NOMINAL_SUBJECT_DEPS | {"csubj", "poss", "agent"}:
        return True
    if dep == "pobj" and token.head.lower_ in ACTING_PREPOSITIONS:
        return True
    if dep == "pobj" and token.head.lower_ == "with" and token.head.head.lemma_.lower() in DEALING_WITH:
        return True
    if dep == "dobj" and token.head.lemma_.lower() in ACTING_OBJECT_VERBS:
        return True
    # a headline's "Moscow: Attempts to … will not succeed"
    return end < len(doc) and doc[end].text == ":" and start == doc[start].sent.start


def _merge_titles(doc: Doc, found: list[_Found]) -> list[_Found]:
    """A composed title right before a person's name, or before it and a comma, is one mention of that
    person ("Turkish Foreign Minister Mevlut Cavusoglu", "Russia's envoy to the UN, Vitaly Churkin"); before
    a name the KB does not know, the title takes the name in."""
    merged: list[_Found] = []
    for item in found:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.how == "composed"
            and item.how == "alias"
            and item.actor.kind == "person"
            and (
                item.start == previous.end
                or (
                    # "Russia's envoy to the UN, Vitaly Churkin" but not "Republican primary voters, Cruz"
                    item.start == previous.end + 1
                    and doc[previous.end].text == ","
                    and doc[previous.end - 1].tag_ not in {"NNS", "NNPS"}
                )
            )
        ):
            merged[-1] = _Found(previous.start, item.end, item.actor, "alias", item.score, item.dated)
            continue
        if (
            previous is not None
            and previous.how == "composed"
            and item.how == "alias"
            and item.start == previous.end
            and item.actor.kind != "person"
            and item.actor.code == previous.dated.code
        ):
            # "Bree Prime Minister Romendacil" where the dictionary gives the name only its country's code
            merged[-1] = _Found(previous.start, item.end, *_tail(previous))
            continue
        merged.append(item)
    out = []
    for item in merged:
        if (
            item.how == "composed"
            and item.end < len(doc)
            and doc[item.end].ent_type_ == "PERSON"
            and doc[item.end].ent_iob_ == "B"
        ):
            end = item.end
            while (
                end < len(doc)
                and doc[end].ent_type_ == "PERSON"
                and (end == item.end or doc[end].ent_iob_ == "I")
            ):
                end += 1
            if not any(f.start < end and item.end <= f.start for f in merged if f is not item):
                item = _Found(
                    item.start, end, item.actor, item.how, item.score, item.dated, item.agent, item.igo
                )
        out.append(item)
    return out


def resolve_mentions(parsed: ParsedArticle, kb: ActorKB) -> list[Mention]:
    """The actor mentions of ``parsed``, sorted by offsets (see the module doc for how they are found)."""
    scan = _Scan(parsed, kb, finder_for(kb))
    mentions: list[Mention] = []
    for paragraph in parsed.paragraphs:
        doc = paragraph.doc
        sentence_of = _sentence_indexes(doc, paragraph.first_sentence)
        view = _Paragraph(doc)
        found = scan.scan(view)
        taken = [False] * len(doc)
        for item in found:
            taken[item.start : item.end] = [True] * (item.end - item.start)
        for start, end, label in scan.leftovers(view, taken):
            if " ".join(k for k in view.keys[start:end] if k) in scan.finder.metonyms:
                continue  # a capital or seat of power used as a place ("talks at the Kremlin")
            fuzzy = scan.fuzzy(view, start, end)
            if fuzzy is not None:
                found.append(fuzzy)
            elif label in {"PERSON", "ORG", "NORP"} or (
                label == "GPE" and _acts(doc[start:end].root, doc, start, end)
            ):
                span = doc[start:end]
                offset_start = paragraph.start + span.start_char
                offset_end = paragraph.start + span.end_char
                mentions.append(
                    Mention(
                        parsed.article.id,
                        sentence_of[start],
                        offset_start,
                        offset_end,
                        parsed.article.text[offset_start:offset_end],
                        None,
                        "unresolved",
                        0.0,
                    )
                )
        for item in found:
            mentions.append(scan.mention(paragraph.start, sentence_of[item.start], doc, item))
    return sorted(mentions, key=lambda m: (m.start, m.end))


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
    scan = _Scan(ParsedArticle(article, (Paragraph(0, doc, 0),)), kb, finder_for(kb))
    view = _Paragraph(doc)
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
    return spans
