"""Speaker resolution: the antecedent a pronoun, a description or a repeated name stands for.

One pass over the article in text order keeps the entities a reader has met so far: names (a shorter or
misspelt repeat of a name is the same entity), people and bodies described by a noun ("the researchers",
"the ministry"), and the pronouns already read, each with its class (person, organisation, group, document,
place), gender, number and the roles it was introduced with ("Foreign Minister Anna Berg", "Berg, the
minister"). A speaker is resolved where the pass reaches it:

- a **pronoun** goes to the most salient entity that agrees with it: "he"/"she" to a person of that gender
  (or of none known), "they" to a group, a body or people named together, never to a place, "it" to a
  body, a document or a state. Salience adds up an entity's earlier mentions, each worth more as a
  grammatical subject and more again as the speaker of a statement, and halves with every sentence back;
- a **description** ("the minister", "the Russian delegate", "the organization") goes to the entity
  introduced with that role or head noun, else to an organisation whose name holds the noun, else to the
  speaker just before when it is of the same class; a document ("the statement") speaks for the last
  speaker. With nothing to point to it stays unresolved;
- a **name** names itself, or is a repeat of an earlier full name: the same surname or first name
  ("Lopez", "Maria"), or a misspelling of it ("Lopes"), never across two different surnames, a
  different class or a name only as a modifier ("the Clinton administration" is not Clinton).

Names, descriptions and pronouns inside quotations are never antecedents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Span
from ..syntax import NOMINAL_SUBJECT_DEPS
from .candidate import Candidate
from .entities import (
    ARGUMENT_DEPS,
    CONFIDENCE,
    DEFINITE,
    DESCRIPTION_REACH,
    GROUP_LABELS,
    GROUP_PRONOUNS,
    ISSUED_DOCUMENTS,
    MIN_SALIENCE,
    NAME_HOWS,
    NAME_LABELS,
    NOT_ENTITY_LABELS,
    ORGANISATION_LABELS,
    PERSON_LABELS,
    PERSON_PRONOUNS,
    PLACE_LABELS,
    POSSESSIVES,
    SAME_SENTENCE_SUBJECT_FACTOR,
    SPEAKER_WEIGHT,
    SUBJECT_WEIGHT,
    THING_PRONOUNS,
    UNKNOWN_GENDER_FACTOR,
    Entity,
    Resolution,
    agrees,
    bare,
    classes_agree,
    fit,
    in_name,
    introduced_roles,
    name_head,
    same_person,
    similar,
    title_gender,
)
from .gender import PRONOUN_GENDER, fold, gender_of_words, gender_words
from .phrases import RELATIVE_PRONOUNS, speaker_range
from .quotes import Quote, quote_at

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..nlp import ParsedArticle, ParsedSentence


class Discourse:
    """The entities of one article, built in text order, and the resolution of each speaker phrase."""

    def __init__(
        self,
        parsed: ParsedArticle,
        quotes: Sequence[Quote],
        nouns: dict[str, str],
        candidates: Sequence[Candidate] = (),
        nested: Sequence[bool] = (),
        people: dict[tuple[int, int], str | None] | None = None,
    ) -> None:
        self.text = parsed.article.text
        self.quotes = quotes
        self.nouns = nouns
        self.people = people or {}  # spans the knowledge base knows as people -> their gender, if known
        # words that stand before a name without being part of it ("President", "Sen.", "Mrs.")
        self.titles = frozenset(w for w, klass in nouns.items() if klass == "person") | frozenset(
            gender_words()
        )
        self.entities: list[Entity] = []
        self.names: list[Entity] = []  # the entities with a name, in text order
        self.named: dict[str, list[Entity]] = {}  # first and last word of a name → its entities
        self.by_token: dict[int, tuple[Entity, str]] = {}  # article offset of a token → its entity, how
        self.pronouns: dict[int, Resolution] = {}  # article offset of a pronoun → its resolution
        self.resolutions: dict[tuple[int, int], Resolution] = {}
        self.last_speaker: tuple[Entity, int] | None = None  # the entity and the sentence it spoke in
        speakers = {
            (c.speaker_start, c.speaker_end): (c, is_nested)
            for c, is_nested in zip(candidates, nested or [False] * len(candidates), strict=True)
            if c.speaker_head is not None and c.speaker_start is not None and c.speaker_end is not None
        }
        self._speaker_heads = {
            (c.speaker_head.doc, c.speaker_head.i): not is_nested
            for c, is_nested in speakers.values()
            if c.speaker_head is not None
        }
        # each speaker phrase is resolved once the pass has read past its end
        self._pending = sorted(speakers.values(), key=lambda item: item[0].speaker_end or 0)
        self._bases = {id(p.doc): p.start for p in parsed.paragraphs}
        for sentence in parsed.sentences():
            self._read(sentence)
        self._resolve_pending(len(self.text) + 1)

    # -- reading the article -------------------------------------------------------------------------

    def _read(self, sentence: ParsedSentence) -> None:
        base = sentence.paragraph.start
        tokens = list(sentence.span)
        i = 0
        while i < len(tokens):
            token = tokens[i]
            j = i
            if self._is_name(token):
                while j + 1 < len(tokens) and self._is_name(tokens[j + 1]):
                    j += 1
                self._read_name(tokens[i : j + 1], sentence.index, base)
            elif token.pos_ == "NOUN":
                self._read_noun(token, sentence.index, base)
            elif token.pos_ == "PRON":
                self._read_pronoun(token, sentence.index, base)
            self._resolve_pending(base + tokens[j].idx + len(tokens[j].text))
            i = j + 1

    def _resolve_pending(self, read_to: int) -> None:
        """Resolve the speaker phrases that end by ``read_to``, in the order they end."""
        while self._pending and (self._pending[0][0].speaker_end or 0) <= read_to:
            candidate, is_nested = self._pending.pop(0)
            head = candidate.speaker_head
            assert head is not None and candidate.speaker_start is not None
            key = (candidate.speaker_start, candidate.speaker_end)
            base = self._bases[id(head.doc)]
            self.resolutions[key] = self._resolve_speaker(candidate, base, candidate.sentence, is_nested)

    def _is_name(self, token: Token) -> bool:
        """A name token, or a capitalised word of a name read before (a surname at a sentence start that the
        model took for a common noun: "Reyes said …")."""
        return in_name(token) or (
            token.is_title and token.pos_ in {"NOUN", "ADJ", "X"} and token.text in self.named
        )

    def _weight(self, head: Token) -> float:
        weight = 1.0
        if head.dep_ in NOMINAL_SUBJECT_DEPS:
            weight += SUBJECT_WEIGHT
        if self._speaker_heads.get((head.doc, head.i)):
            weight += SPEAKER_WEIGHT
        return weight

    def _in_quote(self, start: int, end: int) -> bool:
        return quote_at(self.quotes, start, end) is not None

    def _read_name(self, tokens: Sequence[Token], sentence: int, base: int) -> None:
        start, end = base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text)
        if self._in_quote(start, end):
            return
        head = name_head(tokens)
        if head.dep_ == "compound" and head.head.pos_ == "NOUN" and head.head.i > head.i:
            return  # "the Clinton administration": the noun is what is mentioned, read with it
        words = tuple(t.text for t in tokens)
        labels = {t.ent_type_ for t in tokens}
        if labels & NOT_ENTITY_LABELS and not labels & NAME_LABELS:
            return  # "January", "French" (the language), "2019": names of no one who could speak
        klass = self._name_class(labels, words)
        entity, how = self._earlier_name(words, klass, sentence)
        if entity is None:
            entity = Entity(Span(self.text[start:end], start, end), klass, words)
            how = "name"
            self.entities.append(entity)
            self.names.append(entity)
        elif len(words) > len(entity.words) and how == "alias":
            entity.words, entity.span = words, Span(self.text[start:end], start, end)
        for word in {entity.words[0], entity.words[-1]}:
            self.named.setdefault(word, []).append(entity)
        known = self._known_person(start, end)
        if known is not None:
            # the knowledge base knows this name as a person, whatever the model labelled it ("Reyes" ORG)
            klass = "person"
            entity.gender = known or entity.gender
        if (entity.klass == "unknown" and klass != "unknown") or (
            known is not None and entity.klass != "person"
        ):
            entity.klass = klass
        if entity.klass in {"person", "unknown"} and entity.gender is None:
            entity.gender = gender_of_words(words) or title_gender(tokens[0])
        if klass == "group" or (labels & GROUP_LABELS and tokens[-1].tag_ == "NNPS"):
            entity.plural = True
        entity.heads |= introduced_roles(tokens, head, self.nouns)
        entity.mention(sentence, self._weight(head))
        for token in tokens:
            self.by_token[base + token.idx] = (entity, how)
        self._read_coordination(head, entity, sentence, base)

    def _known_person(self, start: int, end: int) -> str | None:
        """The gender ("" when unknown) of the known person whose mention holds this span, else None."""
        for (first, last), gender in self.people.items():
            if first <= start and end <= last:
                return gender or ""
        return None

    def _name_class(self, labels: set[str], words: tuple[str, ...]) -> str:
        if labels & PERSON_LABELS:
            return "person"
        if labels & ORGANISATION_LABELS:
            return "organisation"
        if labels & GROUP_LABELS:
            return "group"
        if labels & PLACE_LABELS:
            return "place"
        noun = self.nouns.get(words[-1].lower())
        return noun if noun in {"organisation", "person"} else "unknown"

    def _read_coordination(self, head: Token, entity: Entity, sentence: int, base: int) -> None:
        """People or bodies named together ("Smith and Jones", "Russia and China") are also a group "they"
        can stand for."""
        if head.dep_ == "conj" or not any(c.dep_ == "conj" and self._is_name(c) for c in head.children):
            return
        last = max(head.conjuncts, key=lambda t: t.i)
        start, end = base + head.left_edge.idx, base + last.idx + len(last.text)
        group = Entity(Span(self.text[start:end], start, end), "group", plural=True)
        group.mention(sentence, self._weight(head))
        self.entities.append(group)

    def _earlier_name(self, words: tuple[str, ...], klass: str, sentence: int) -> tuple[Entity | None, str]:
        """The entity an earlier name gave that these words repeat: ``alias`` when they share the surname
        (or are its first name), ``fuzzy`` for a misspelt surname; the most recently mentioned wins."""
        exact: list[Entity] = []
        fuzzy: list[Entity] = []
        # a repeat shares its last word with the name, or (a first name alone) its first: only those can be
        # exact; a misspelling can be any earlier person's
        keyed = dict.fromkeys(
            [*self.named.get(words[-1], ()), *self.named.get(words[0], ())]
        )  # in text order
        pool = (
            [e for e in self.names if e in keyed or e.klass == "person"] if len(words) == 1 else list(keyed)
        )
        for entity in pool:
            # the small model labels a surname alone at random ("Lopez" GPE): a person's repeat keeps it
            person = entity.klass == "person"
            if not (classes_agree(entity.klass, klass) or (person and len(words) < len(entity.words))):
                if not (person and len(words) == 1):
                    continue
            if entity.words == words or same_person(entity.words, words, entity.klass, self.titles):
                exact.append(entity)
            elif len(words) == 1 and person and similar(entity.words[-1], words[0]):
                fuzzy.append(entity)
        if exact:
            best = max(exact, key=lambda e: (e.salience(sentence), e.last))
            return best, ("name" if best.words == words else "alias")
        if len(fuzzy) == 1:
            return fuzzy[0], "fuzzy"
        return None, "name"

    def _read_noun(self, token: Token, sentence: int, base: int) -> None:
        """A noun heading a phrase: people or a body when the noun lexicon says so ("the researchers", "the
        ministry"), a thing otherwise ("the results"), which only "it", "they" or a repeat can refer to."""
        if token.dep_ not in ARGUMENT_DEPS:
            return
        lemma = token.lemma_.lower()
        klass = self.nouns.get(lemma) or ("person" if fold(lemma) in gender_words() else "thing")
        start = base + token.left_edge.idx
        end = base + token.idx + len(token.text)
        if self._in_quote(start, end) or base + token.idx in self.by_token:
            return
        if any(c.dep_ == "appos" and self._is_name(c) for c in token.children):
            return  # "the envoy, Jane Doe": the name is the entity, the noun its role
        plural = token.tag_ in {"NNS", "NNPS"}
        words = self.text[start:end].lower().split()
        entity = None
        if words and words[0] in DEFINITE | POSSESSIVES:
            entity = self._described(token, plural, sentence)
        if entity is None:
            entity = Entity(Span(self.text[start:end], start, end), klass, plural=plural)
            if klass == "person":
                entity.gender = gender_of_words((token.text,))
            self.entities.append(entity)
            how = "name"
        else:
            how = "description"
        entity.heads.add(lemma)
        entity.mention(sentence, self._weight(token))
        self.by_token[base + token.idx] = (entity, how)

    def _read_pronoun(self, token: Token, sentence: int, base: int) -> None:
        lower = token.lower_
        if lower not in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            return
        start = base + token.idx
        end = start + len(token.text)
        if self._in_quote(start, end):
            return
        speaking = (token.doc, token.i) in self._speaker_heads
        if lower in THING_PRONOUNS and not speaking:
            return  # "it is clear that …": most "it"s refer to nothing a speaker could be
        if token.dep_ not in NOMINAL_SUBJECT_DEPS | {"poss"} and not speaking:
            return
        entity, score = self._antecedent(token, lower, sentence)
        if entity is None:
            self.pronouns[start] = Resolution(None, None, "unresolved", 0.0)
            return
        gender = PRONOUN_GENDER.get(lower)
        if gender and entity.gender is None and entity.klass in {"person", "unknown"}:
            entity.gender = gender
        if entity.klass == "unknown" and lower in PERSON_PRONOUNS:
            entity.klass = "person"
        entity.mention(sentence, self._weight(token))
        self.pronouns[start] = Resolution(entity.span, entity.span, "pronoun", score)

    # -- choosing antecedents --------------------------------------------------------------------------

    def _antecedent(self, token: Token, lower: str, sentence: int) -> tuple[Entity | None, float]:
        gender = PRONOUN_GENDER.get(lower)
        scored = []
        for entity in self.entities:
            if not agrees(entity, lower, gender):
                continue
            salience = entity.salience(sentence) * fit(entity, lower)
            if entity.subject_in == sentence:
                salience *= SAME_SENTENCE_SUBJECT_FACTOR
            if gender and entity.gender is None:
                salience *= UNKNOWN_GENDER_FACTOR
            if salience >= MIN_SALIENCE:
                scored.append((salience, entity))
        if not scored:
            return None, 0.0
        scored.sort(key=lambda pair: pair[0], reverse=True)
        best, entity = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        margin = best / (best + runner_up)
        return entity, round(CONFIDENCE["pronoun"] * margin, 3)

    def _described(self, token: Token, plural: bool, sentence: int) -> Entity | None:
        """The entity a definite description stands for: one introduced with that role or head noun and with
        every modifier the description has ("the current study" is not "a prior study"), else an
        organisation whose name holds the noun ("the ministry": the Foreign Ministry)."""
        lemma = token.lemma_.lower()
        modifiers = {
            c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "nummod"} and c.i < token.i
        }
        earlier = [e for e in self.entities if e.last >= 0]
        possessor = next((c.lower_ for c in token.children if c.dep_ == "poss"), None)
        fitting = [
            e
            for e in earlier
            if lemma in e.heads
            and e.plural == plural
            and modifiers <= set(e.span.text.lower().split())
            # "her campaign" is not the campaign named before, unless it too was someone's ("her campaign")
            and (possessor is None or e.span.text.lower().split()[0] == possessor)
        ]
        if not fitting and self.nouns.get(lemma) == "organisation" and not modifiers:
            fitting = [
                e for e in earlier if e.klass == "organisation" and lemma in {w.lower() for w in e.words}
            ]
        if not fitting:
            return None
        return max(fitting, key=lambda e: (e.salience(sentence), e.last))

    def _resolve_speaker(self, candidate: Candidate, base: int, sentence: int, nested: bool) -> Resolution:
        head = candidate.speaker_head
        start, end = candidate.speaker_start, candidate.speaker_end
        assert head is not None and start is not None and end is not None
        resolution, entity = self._resolution(head, start, end, base, sentence)
        if entity is not None and not nested:
            if not entity.spoke and resolution.how == "name" and resolution.referent is not None:
                entity.span = resolution.referent  # "The Russian Foreign Ministry", as it first spoke
            entity.spoke = True
            self.last_speaker = (entity, sentence)
        return resolution

    def _resolution(
        self, head: Token, start: int, end: int, base: int, sentence: int
    ) -> tuple[Resolution, Entity | None]:
        lower = head.lower_
        head_at = base + head.idx
        words = self.text[start:end].lower().split()
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head != head.head:
            # "Smith, who said …": the relative pronoun stands for the phrase the clause hangs from
            found = speaker_range(head.head.head)
            if found is None:
                return Resolution(None, None, "unresolved", 0.0), None
            doc = head.doc
            first, last = base + doc[found[0]].idx, base + doc[found[1]].idx + len(doc[found[1]].text)
            inner, entity = self._resolution(head.head.head, first, last, base, sentence)
            if inner.antecedent is not None:
                return inner, entity
            phrase = Span(self.text[first:last], first, last)
            return Resolution(phrase, inner.referent or phrase, "pronoun", CONFIDENCE["pronoun"]), entity
        if head.pos_ == "PRON" and lower in PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS:
            resolution = self.pronouns.get(head_at) or Resolution(None, None, "unresolved", 0.0)
            entity = next((e for e in self.entities if e.span == resolution.antecedent), None)
            return resolution, entity
        names = self._names_inside(head, start, end, base)
        if head.pos_ == "NOUN" and words and words[0] in DEFINITE and not names:
            return self._description(head, head_at, sentence, Span(self.text[start:end], start, end))
        if names:
            entity, how = names
            if how in {"alias", "fuzzy"}:
                return Resolution(entity.span, entity.span, how, CONFIDENCE[how]), entity
            if self._is_name(head) and (self.by_token.get(head_at) or (None,))[0] is entity:
                # the phrase is the name ("The Finance Ministry"): the referent is the name with its
                # determiner and modifiers, not appositions after it ("Maria Lopez, the negotiator")
                first = max(start, base + head.left_edge.idx)
                last = head_at + len(head.text)
                return Resolution(None, Span(self.text[first:last], first, last), "name", 1.0), entity
            return Resolution(None, entity.span, "name", 1.0), entity
        phrase = Span(self.text[start:end], start, end)
        entity = (self.by_token.get(head_at) or (None,))[0]
        if entity is not None and self.by_token[head_at][1] == "description" and entity.span != phrase:
            return Resolution(entity.span, entity.span, "description", CONFIDENCE["description"]), entity
        if head.pos_ == "NOUN" and start <= head_at < end and any(c.dep_ == "poss" for c in head.children):
            # an owner speaks through its noun: "Mr. Roe's reaction" of "Mr. Roe's reaction to the attacks"
            head_end = head_at + len(head.text)
            return Resolution(None, Span(self.text[start:head_end], start, head_end), "name", 1.0), entity
        return Resolution(None, phrase, "name", 1.0), entity

    def _names_inside(self, head: Token, start: int, end: int, base: int) -> tuple[Entity, str] | None:
        """The name a speaker phrase holds: the head's own, or an appositive's ("the envoy, Jane Doe")."""
        for token in (head, *(c for c in head.children if c.dep_ == "appos")):
            found = self.by_token.get(base + token.idx)
            if found is not None and self._is_name(token) and found[1] in NAME_HOWS:
                return found
        return None

    def _description(
        self, head: Token, head_at: int, sentence: int, phrase: Span
    ) -> tuple[Resolution, Entity | None]:
        klass = self.nouns.get(head.lemma_.lower())
        found = self.by_token.get(head_at)
        own = found[0] if found else None
        if head.lemma_.lower() in ISSUED_DOCUMENTS and bare(head) and self.last_speaker is not None:
            # "The statement" speaks for whoever issued it: the speaker before it
            entity, spoke_at = self.last_speaker
            if sentence - spoke_at <= DESCRIPTION_REACH:
                return Resolution(entity.span, entity.span, "description", CONFIDENCE["description"]), entity
        if found is not None and found[1] == "description":
            entity = found[0]
            how = "role" if entity.words else "description"
            return Resolution(entity.span, entity.span, how, CONFIDENCE[how]), entity
        if klass in {"person", "organisation"} and self.last_speaker is not None:
            entity, spoke_at = self.last_speaker
            plural = head.tag_ == "NNS"
            if entity.klass == klass and entity.plural == plural and sentence - spoke_at <= DESCRIPTION_REACH:
                if found is not None:
                    self._merge(found[0], entity, head_at)
                score = round(CONFIDENCE["description"] * 0.8, 3)
                return Resolution(entity.span, entity.span, "description", score), entity
        if any(c.dep_ == "compound" and self._is_name(c) for c in head.children):
            # "The Clinton campaign", "the Reuters/Ipsos poll": a name in it makes the description name itself
            return Resolution(None, phrase, "name", 1.0), own
        if klass == "person" and head.tag_ != "NNS":
            # an epithet ("the billionaire businessman"): the most salient person named in this sentence or
            # the one before
            recent = [
                e
                for e in self.names
                if e.klass == "person" and not e.plural and e.last >= sentence - 1 and e is not own
            ]
            if recent:
                ranked = sorted(recent, key=lambda e: e.salience(sentence), reverse=True)
                best = ranked[0].salience(sentence)
                runner_up = ranked[1].salience(sentence) if len(ranked) > 1 else 0.0
                if own is not None:
                    self._merge(own, ranked[0], head_at)
                score = round(CONFIDENCE["description"] * 0.7 * best / (best + runner_up), 3)
                return Resolution(ranked[0].span, ranked[0].span, "description", score), ranked[0]
        return Resolution(None, None, "unresolved", 0.0), own

    def _merge(self, description: Entity, into: Entity, head_at: int) -> None:
        """A description found to be an earlier entity ("the Russian delegate" is the envoy who just spoke)
        stops being an entity of its own."""
        if description is into:
            return
        sentence = max(into.last, description.last)
        into.heat = into.salience(sentence) + description.salience(sentence)
        into.last = sentence
        into.heads |= description.heads
        if description in self.entities:
            self.entities.remove(description)
        for offset, (entity, _how) in list(self.by_token.items()):
            if entity is description:
                self.by_token[offset] = (into, "description")
