"""The left-to-right scan of one parsed paragraph for actor mentions (``Scan``): at each token the longest
alias, composition (state + agent, agent + "of" + state, prefix agent), acting metonym or bare agent; then
fuzzy matches of the names left over. ``resolve`` builds the mentions from what it finds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Actor, Mention
from ..nlp import ParsedArticle
from .agents import Agent
from .composed import compose_code, split_composed_id
from .context_words import words
from .finder import FUZZY_MIN_LENGTH, MentionFinder, ParagraphView, case_ok, longest_key
from .found import Found, merge_titles
from .kb import ActorKB
from .usage import (
    acts,
    former_before,
    in_place_name,
    inside_longer_name,
    is_language,
    keeps_code,
    other_person,
    stem_agent,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

LOCATIVE_PREPOSITIONS = words("locative_prepositions")
COORDINATORS = words("coordinators")
REGION_WORDS = words("region_words")
AGENT_PREPOSITIONS = words("agent_prepositions")
POSSESSIVE = words("possessive")

# Scores by how a mention was resolved: a full alias is what the dictionaries say; a composition or a
# metonym adds a reading of the context; an alias several actors share is less certain.
ALIAS_SCORE = 1.0
AMBIGUOUS_ALIAS_SCORE = 0.85
COMPOSED_SCORE = 0.9
METONYMY_SCORE = 0.85
# Fuzzy matches need ratio >= 85 on names of at least FUZZY_MIN_LENGTH (6) letters with the same first
# letter and word count: one letter changed in an 8-letter surname ("Zelensky"/"Zelenski") scores 87.5,
# while different short names ("Hamad"/"Hamas") are never compared. The score is the ratio scaled by
# FUZZY_WEIGHT.
FUZZY_CUTOFF = 85.0
FUZZY_WEIGHT = 0.9
# No publication date: the latest role is used, and said so by a lower score.
NO_DATE_FACTOR = 0.9
# Longest agent phrase tried, in words ("permanent representative to the united nations" has six).
MAX_AGENT_WORDS = 7

# Entity labels whose leftovers become fuzzy candidates and, failing that, unresolved mentions.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# Words allowed between an actor and its agent: "Israeli occupation forces", "Dagolath's first Deputy Prime
# Minister"; more would reach across to unrelated nouns.
MAX_MODIFIERS = 2
ARMED_AGENT_CODES = frozenset({"MIL", "UAF", "REB", "INS", "COP", "SPY"})
PERSON_LABELS = frozenset({"PERSON"})
# Names of things named after people: "Trump Tower" (FAC), "Clinton Foundation" (ORG), "Trump Force One".
THING_LABELS = frozenset({"FAC", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT"})
# ... and places named after them: "Cruz" in "Santa Cruz Island", "Lincoln" in "Lincoln, Nebraska"
NOT_PERSON_LABELS = THING_LABELS | {"LOC", "GPE"}
RANK = {"alias": 0, "composed": 1, "metonymy": 2, "agent": 3}
# A bare agent ("security forces", "protesters") is the weakest resolution: its country comes from context.
AGENT_SCORE = 0.6


class Scan:
    """The left-to-right scan of one article."""

    def __init__(self, parsed: ParsedArticle, kb: ActorKB, finder: MentionFinder) -> None:
        self.parsed = parsed
        self.kb = kb
        self.finder = finder
        published = parsed.article.published
        self.date = published[:10] if published else None

    # -- candidates at one position ----------------------------------------------------------------

    def pick(self, ids: Sequence[str]) -> tuple[Actor, bool]:
        """The preferred actor of several sharing an alias: the first holding a dated role (an office) on the
        date, else the first with any code then (a namesake out of office); and whether the alias was
        ambiguous."""
        actors = [self.kb.get(i) for i in ids]
        chosen = [a for a in actors if a is not None]
        if self.date and len(chosen) > 1:
            date = self.date
            in_office = [a for a in chosen if any((r.start or r.end) and r.holds_on(date) for r in a.roles)]
            dated = in_office or [a for a in chosen if self.kb.code_on(a, date)]
            chosen = dated or chosen
        return chosen[0], len(ids) > 1

    def alias_at(self, paragraph: ParagraphView, start: int) -> Found | None:
        hit = self.finder.alias_hit(paragraph, start)
        if hit is None:
            return None
        end, key = hit
        doc = paragraph.doc
        if not case_ok(doc, start, end):
            return None
        actor, ambiguous = self.pick(self.finder.aliases[key])
        if actor.kind == "state" and (
            inside_longer_name(doc, start, end, PERSON_LABELS)
            or is_language(doc[start])
            or (start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in {"pro", "anti"})
            or (start >= 1 and paragraph.keys[start - 1] in REGION_WORDS and paragraph.titles[start - 1])
        ):
            # "Jordan" in "Michael Jordan"; "Spanish" the language; "pro-Russian", "North American": no state
            return None
        if (paragraph.pos[start] == "ADJ" or actor.kind in {"group", "state"}) and in_place_name(
            doc, start, end
        ):
            return None  # "Western" in "Western Europe", "Mexico" in "Gulf of Mexico"
        if actor.kind == "person" and (
            inside_longer_name(doc, start, end, NOT_PERSON_LABELS) or other_person(doc, start, end)
        ):
            return None  # "Trump" in "Trump Tower" or in "Eric Trump", "Clinton" in "Clinton Foundation"
        if (
            actor.kind == "state"
            and inside_longer_name(doc, start, end, THING_LABELS)
            and self.agent_at(paragraph, end) is None
            and not (end < len(doc) and doc[end].text in POSSESSIVE)
        ):
            return None  # "American" in "American Bar Association", not in "Russian Foreign Ministry"
        score = AMBIGUOUS_ALIAS_SCORE if ambiguous else ALIAS_SCORE
        return Found(start, end, actor, "alias", score, actor)

    def metonym_at(self, paragraph: ParagraphView, start: int) -> Found | None:
        hit = longest_key(paragraph, start, self.finder.metonyms, self.finder.metonym_lengths)
        if hit is None:
            return None
        end, key = hit
        doc = paragraph.doc
        if not case_ok(doc, start, end):
            return None
        owner, _ambiguous = self.pick(self.finder.metonyms[key])
        actor = self.kb.compose(owner, "GOV") if owner.kind == "state" else owner
        return Found(start, end, actor, "metonymy", METONYMY_SCORE, owner, igo=owner.kind != "state")

    def agent_at(
        self, paragraph: ParagraphView, start: int, *, first: bool = False
    ) -> tuple[int, Agent] | None:
        """The longest agent starting at ``start`` (``first``: it may open a sentence); the last word may be
        longer than a TABARI stem ("defence minist" matches "defence ministry") or a plural."""
        keys = paragraph.keys
        if start >= len(keys) or (paragraph.sent_starts[start] and not first) or not keys[start]:
            return None
        limit = self.finder.agent_lengths.get(keys[start])
        if limit is None:  # no agent starts with this word; it may still be a one-word stem ("officials")
            agent = self.stemmed(paragraph, keys[start], start + 1)
            return (start + 1, agent) if agent is not None else None
        best = None
        for end, key in paragraph.words(start, limit):
            agent = self.finder.agents.get(key) or self.stemmed(paragraph, key, end)
            if agent is not None:
                best = (end, agent)
        return best

    def stemmed(self, paragraph: ParagraphView, key: str, end: int) -> Agent | None:
        """An agent whose stem ``key`` ends with, unless the longer word is an adjective ("presidential
        campaign" is no president, "ministerial talks" no minister)."""
        return None if paragraph.pos[end - 1] == "ADJ" else stem_agent(key, self.finder.agents)

    def composed_at(self, paragraph: ParagraphView, base: Found) -> Found | None:
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
        self, base: Found, agent: Agent, start: int, end: int, paragraph: ParagraphView | None = None
    ) -> Found:
        owner = base.dated
        if paragraph is not None and former_before(paragraph, start, end):
            agent = Agent(agent.phrase, agent.forms, "ELI", False, agent.source)
        if keeps_code(owner):
            # "UN envoy" is the UN, "Houthi fighters" the Houthis: their agents keep the actor's code
            return Found(start, end, owner, "composed", COMPOSED_SCORE, owner, agent, igo=True)
        actor = self.kb.compose(owner, agent.code, agent.prefix)
        return Found(start, end, actor, "composed", COMPOSED_SCORE, owner, agent)

    def agent_of_state_at(self, paragraph: ParagraphView, start: int) -> Found | None:
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

    def scan(self, paragraph: ParagraphView) -> list[Found]:
        doc = paragraph.doc
        found: list[Found] = []
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
        return merge_titles(doc, found)

    def options_at(self, paragraph: ParagraphView, index: int) -> list[Found]:
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

    def bare_agent_at(self, paragraph: ParagraphView, index: int) -> Found | None:
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
        return Found(index, end, actor, "agent", AGENT_SCORE, actor, agent)

    def prefix_agent_at(self, paragraph: ParagraphView, index: int) -> Found | None:
        """An agent whose code goes first, before its actor ("MSF Arnor" → NGO + ARN), then maybe a suffix
        agent ("an MSF Arnor diplomat" → NGOARNGOV)."""
        found = self.agent_at(paragraph, index, first=True)
        if found is None or not found[1].prefix:
            return None
        end, agent = found
        base = self.alias_at(paragraph, end) if end < len(paragraph.doc) else None
        if base is None or base.actor.kind == "person" or keeps_code(base.dated):
            return None
        composed = self.compose(base, agent, index, base.end, paragraph)
        after = self.agent_at(paragraph, composed.end)
        if after is None:
            return composed
        code = compose_code(composed.actor.code, after[1].code)
        actor = replace(composed.actor, id=f"{composed.actor.id}~{after[1].code}", code=code)
        return Found(index, after[0], actor, "composed", COMPOSED_SCORE, actor, after[1], igo=True)

    def coordinated(self, paragraph: ParagraphView, first: Found, found: list[Found]) -> Found | None:
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
    def metonym_acts(doc: Doc, found: Found) -> bool:
        """Whether a capital or seat of power is used as an actor rather than as a place."""
        root = doc[found.start : found.end].root
        if found.igo:  # a seat of power ("the Kremlin") acts unless it is where something happens
            return not (root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS)
        if found.end < len(doc) and doc[found.end].pos_ in {"NOUN", "PROPN"}:
            return False  # "Washington think tanks": the capital modifies a noun (an agent would compose)
        return acts(root, doc, found.start, found.end)

    # -- leftovers ---------------------------------------------------------------------------------

    def leftovers(self, paragraph: ParagraphView, taken: list[bool]) -> list[tuple[int, int, str]]:
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

    def without_initials(self, paragraph: ParagraphView, start: int, end: int) -> Found | None:
        """A person named with middle initials the aliases lack: "Harry M. Reid" is Harry Reid."""
        keys = [k for k in paragraph.keys[start:end] if k]
        kept = [k for i, k in enumerate(keys) if not (0 < i < len(keys) - 1 and len(k) == 1)]
        ids = self.finder.aliases.get(" ".join(kept)) if 2 <= len(kept) < len(keys) else None
        if not ids:
            return None
        actor, ambiguous = self.pick(ids)
        if actor.kind != "person":
            return None
        return Found(start, end, actor, "alias", AMBIGUOUS_ALIAS_SCORE if ambiguous else ALIAS_SCORE, actor)

    def fuzzy(self, paragraph: ParagraphView, start: int, end: int) -> Found | None:
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
        if " " in key and key.split()[0] != hit[0].split()[0] and key.split()[-1] != hit[0].split()[-1]:
            return None  # one misspelt word, not two: "Robert Costa" is not "Roberto Cota"
        actor, _ambiguous = self.pick(self.finder.aliases[hit[0]])
        if actor.kind == "state":
            return None  # a misspelt country is more often another place ("Iraq"/"Iran" never reach here)
        if self.date and self.kb.code_on(actor, self.date) is None:
            return None  # a near-namesake of someone with no role on that date is more likely someone else
        return Found(start, end, actor, "fuzzy", hit[1] / 100 * FUZZY_WEIGHT, actor)

    # -- records -----------------------------------------------------------------------------------

    def mention(self, paragraph_start: int, sentence: int, doc: Doc, found: Found) -> Mention:
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

    def code_of(self, found: Found) -> str | None:
        if found.how == "agent":
            return found.actor.code  # a bare agent: its country is given later, from context
        if found.actor is found.dated or found.igo:
            return self.kb.code_on(found.dated, self.date)
        base = self.kb.code_on(found.dated, self.date)
        if base is None:
            return None
        _base_id, prefix, agent_code = split_composed_id(found.actor.id)
        return compose_code(base, agent_code, prefix)
