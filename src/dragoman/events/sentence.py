"""The sentence coder: each dictionary verb (and nominal event) of a sentence to a candidate, then folding,
records, transformations and statements (one module each) to events."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Event, Mention
from ..syntax import SUBJECT_DEPS
from .candidate import STATEMENT_ROOT, Candidate
from .material import material_reading
from .moods import apply_moods
from .nominal import NOMINAL, nominal_candidates, support_verb, supported_verbs
from .transformations import Transformations

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that introduce the target of a nominal event ("support for", "aid to", "attack on").
NOMINAL_TARGET_PREPOSITIONS = frozenset({"for", "to", "against", "on", "with"})
# Protests and threats, and the appeals and demands that are their aim (see without_aims).
AIMED_ROOTS = frozenset({"13", "14"})
AIM_ROOTS = frozenset({"02", "10"})


class SentenceCoder(Transformations):
    """Codes one sentence: finds dictionary verbs, matches patterns, builds events."""

    def code(self) -> list[Event]:
        candidates: dict[int, Candidate] = {}
        for token in self.tokens:
            if (
                token.pos_ not in ("VERB", "AUX")
                and not token.tag_.startswith("VB")
                and not _predicate(token)
            ) or _nominal_use(token):
                continue
            candidate = self.code_verb(token)
            if candidate is not None:
                candidates[token.i] = candidate
        kept = [self.with_speaker(c) for c in self.fold_complements(candidates)]
        nominal = self.nominal_candidates()
        kept += nominal
        nouns = nominal_candidates(self, {c.verb_index for c in nominal} | set(candidates))
        # A noun that cannot be an event (no target under the dyad rule) leaves its verb's coding standing.
        standing = [n for n in nouns if n.targets or n.compound or not self.coder.require_dyad]
        supported = supported_verbs(standing, self.doc)
        kept = [c for c in kept if c.verb_index not in supported or self.reads_noun(c, standing)]
        kept += nouns
        if self.coder.cameo_manual:
            # after the nominal events, so that "threatened to launch an offensive" is the threat alone
            kept = apply_moods(self, kept, candidates)
            lemmas = frozenset(t.lemma_.lower() for t in self.tokens)
            read = (material_reading(c, lemmas, self.doc[c.verb_index].lemma_.lower()) for c in kept)
            kept = [c for c in read if c is not None]
        coded = [(c, self.events_of(c)) for c in kept]
        read = self.read_by_patterns({c.verb_index: c for c, found in coded if found})
        events = [
            e
            for c, found in coded
            if not (c.rule.startswith(NOMINAL) and c.verb_index in read)
            for e in found
        ]
        events += self.transformed(kept, candidates)
        return self.without_aims(self.statement_events(_without_subsumed(events)))

    def without_aims(self, events: list[Event]) -> list[Event]:
        """Drops an appeal or demand that is the aim of a protest or a threat in the same sentence, as the
        CAMEO manual codes the protest alone: "demonstrated in Kirkuk calling for independence", "staged
        rallies, saying he must resign", "would blockade Paris to demand an end to the reform"."""
        at = {self.paragraph.offset(t): t for t in self.tokens}
        carriers: set[int] = set()
        for event in events:
            token = at.get(event.action.start)
            if token is not None and event.cameo_root in AIMED_ROOTS:
                carriers.add(token.i)
                verb = support_verb(token) if event.rule.startswith(NOMINAL) else None
                if verb is not None:
                    carriers.add(verb.i)
        if not carriers:
            return events
        kept = []
        for event in events:
            token = at.get(event.action.start)
            if token is not None and token.dep_ == "ccomp":
                token = token.head  # what a participle says: "…, saying he must resign"
            if (
                token is not None
                and event.cameo_root in AIM_ROOTS
                and token.dep_ in ("advcl", "xcomp")
                and token.head.i in carriers
            ):
                continue
            kept.append(event)
        return kept

    def reads_noun(self, verb: Candidate, nouns: list[Candidate]) -> bool:
        """Whether a support verb's pattern reads the event noun it carries, as a word or behind a
        preposition of the pattern ("called for talks", "called for a boycott": the pattern is the act); one
        reading another word ("called a general strike over the election": not the pattern "* ELECTION")
        gives way to the noun."""
        if verb.rule not in self.coder.pattern_ids:
            return False
        words = self.coder.pattern_words.get(verb.rule, frozenset())
        carried = [
            self.doc[n.verb_index]
            for n in nouns
            if support_verb(self.doc[n.verb_index]) == self.doc[verb.verb_index]
        ]
        return not carried or any(
            t.text.upper().startswith(w) or (t.dep_ == "pobj" and t.head.text.upper() == w)
            for t in carried
            for w in words
        )

    def read_by_patterns(self, candidates: dict[int, Candidate]) -> set[int]:
        """Nouns that an event's pattern has read: a word of the pattern that is the verb's object ("called
        for talks" is 036, not also talks, 046), or the object of a preposition of the pattern ("* FOR"
        [096]: "called for a boycott" is the appeal, not also a boycott)."""
        words = {
            i: self.coder.pattern_words.get(c.rule.split("+")[0], frozenset()) for i, c in candidates.items()
        }
        read = set()
        for token in self.tokens:
            linked = token.head.dep_ in ("prep", "agent")
            verb = token.head.head if linked else token.head
            pattern = words.get(verb.i, frozenset())
            if linked and token.head.text.upper() in pattern:
                read.add(token.i)
            elif any(token.text.upper().startswith(word) for word in pattern):
                read.add(token.i)
        return read

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


def _predicate(token: Token) -> bool:
    """Whether a word tagged as a noun is the sentence's verb: the root with a subject of its own, as the
    tagger reads a caption's "Erdogan greets the minister" ("greets" as a plural noun)."""
    return token.dep_ == "ROOT" and token.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in token.children)


def _nominal_use(token: Token) -> bool:
    """Whether a verb form stands as a noun: "evacuated the wounded", "the accused" (a determiner, in a
    noun's place)."""
    return token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and any(
        c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in token.children
    )


def _without_subsumed(events: list[Event]) -> list[Event]:
    """Drops an event with no target when the sentence has the same act by the same source on a target:
    "Israel's attack on Syria killed ten people" is one attack on Syria, not also one on no one."""
    dyadic = {(e.source.actor_id or e.source.code, e.cameo_root) for e in events if e.source and e.target}
    return [
        e
        for e in events
        if e.target or not e.source or (e.source.actor_id or e.source.code, e.cameo_root) not in dyadic
    ]
