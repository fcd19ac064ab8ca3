"""Which actor a noun phrase or pronoun refers to, within one parsed article.

Names come from the gazetteer's entities (a person with dated roles acts for whom the article's date says),
NER, modifiers ("Turkish jets", "Yemeni police"), pronouns, acronyms the article introduces ("the Rapid
Support Forces (RSF)"), and generic names the article's context resolves ("the rebels", `generics.py`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.acronyms import shares_a_word, theatre_owner
from kg.extract.actor import DESCRIPTION, NER, normalise_name
from kg.extract.clauses import by_agent, phrase_start, subject_of
from kg.extract.datelines import dateline_heads, datelines
from kg.extract.descriptions import state_descriptions
from kg.extract.gazetteer import (
    ACTOR_LABEL,
    PLACE_LABEL,
    Actor,
    Gazetteer,
    slugify,
)
from kg.extract.generics import GENERICS, Context, acronyms, is_acronym_use, is_tie, led_coalition, state_of
from kg.extract.lexicon import Lexicon
from kg.extract.organs import Organs
from kg.extract.ruler import SPANS_KEY

# Entities spaCy's NER finds that become actors when the gazetteer doesn't know them (`UnknownActor`).
NER_ACTOR_LABELS = {"ORG", "NORP", "GPE"}
STANCE_PREFIXES = ("pro-", "anti-")
# Titles that put a person against his state's government, whatever role a dictionary dates him with.
FORMER = frozenset({"former", "ex", "ousted", "deposed", "exiled", "jailed", "imprisoned"})
TITLE_SECTORS = {"opposition": "OPP", "dissident": "OPP", "rebel": "REB", "insurgent": "REB", "separatist": "REB"}
PLACE_ENTITIES = {"GPE", "LOC", "FAC", PLACE_LABEL}
UNKNOWN = "UnknownActor"
ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "attr", "ROOT", "dative", "npadvmod"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod"}
LOCATIVE_PREPS = {"in", "near", "around", "at", "across", "inside", "outside", "within", "throughout"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs", "it", "its"}
FIRST_PERSON = {"we", "us", "our", "ours"}
# "accusing him", "pardoned her", "his visit": a person named before, never a state or a group.
PERSONAL_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
SELF_PRONOUNS = FIRST_PERSON | PLURAL_PRONOUNS | PERSONAL_PRONOUNS
# Possessives that name whose forces a subject is ("Russia said its forces…").
OWNING_PRONOUNS = ("its", "their")
COALITION_NOUNS = ("coalition", "alliance")
# "both countries", "the two governments": a pair of states named before (`Mentions._both`).
NAMING_PARTICIPLES = frozenset({"know", "call", "name", "dub"})  # "the group known as JNIM" (`_known_as`)
WARRING_NOUNS = frozenset({"side", "party"})
PAIRED_NOUNS = frozenset({"country", "nation", "government", "neighbour", "neighbor", "capital"}) | WARRING_NOUNS
WARRING_TYPES = frozenset({"State", "Government", "GovernmentForces", "ArmedGroup", "Militia"})
# Creeds and ideologies NER tags as a nationality: they describe a side, and name none.
CREEDS = frozenset(
    "islamist jihadist salafist salafi islamic muslim sunni shiite shia shi'ite christian catholic jewish hindu "
    "buddhist marxist maoist leftist rightist communist secular".split()
)
STATE_LIKE = {"State", "Government", "GovernmentForces", "Coalition", "Organization"}
WINDOW_SENTENCES = 2
SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Mention:
    """An actor and the words that name it; `resolved` when reached through a pronoun, `personal` when through
    "he", "him" or "her"."""

    actor: Actor
    text: str
    start: int
    resolved: bool = False
    personal: bool = False


# A name used as an armed side's (`_armed_use`): the heads it modifies, besides the military nouns.
ARMED_HEADS = frozenset({"commander", "fighter", "paramilitary", "militia", "militiaman", "gunman"})
ARMED_TYPES = frozenset({"ArmedGroup", "Militia", "GovernmentForces"})


class Mentions:
    """Actor mentions of one document: entities, modifiers ("coalition forces"), pronouns."""

    def __init__(
        self,
        doc: Doc,
        gazetteer: Gazetteer,
        lexicon: Lexicon,
        published: dt.date | None = None,
        organs: Organs | None = None,
    ) -> None:
        """`organs`: the gazetteer's and lexicon's `Organs`, when the caller keeps one for every document."""
        self.doc = doc
        self.gazetteer = gazetteer
        self.published = published
        self.organs = organs or Organs(gazetteer, lexicon.military_nouns)
        self.military_nouns = lexicon.military_nouns
        self.agent_nouns = lexicon.military_nouns | lexicon.agent_nouns | self.organs.nouns
        self.place_nouns = lexicon.place_nouns
        self.membership_nouns = lexicon.membership_nouns
        self.institution_nouns = lexicon.institution_nouns
        self.violent_words = lexicon.violent_words
        self._by_token: dict[int, Mention] = {}
        # Read once: `Doc.ents` and `Span.ents` build a Span for every entity of the document on each call.
        self.entities: Sequence[Span] = doc.ents
        self._entity_starts = [ent.start for ent in self.entities]
        self._gazetteer_spans = list(doc.spans.get(SPANS_KEY, ()))  # a SpanGroup makes its Spans anew per pass
        self.datelines = datelines(doc)
        for ent in self.entities:
            actor = self._entity_actor(ent)
            if actor is not None:
                for token in ent:
                    if token.i not in self.datelines:
                        self._by_token[token.i] = Mention(actor, ent.text, ent.start)
        joined = self._join_acronyms()
        placed = [(ent.start, state) for ent in self.entities if (state := self._state_of_place(ent)) is not None]
        shared = [t for t in doc if t.text in gazetteer.shared_acronyms and t.text not in joined and self.at(t)]
        if shared:  # "RSF": whose is decided by the state in view, counted without them
            others = self._named(exclude=set(shared))
            ordered = sorted([*others, *placed], key=lambda pair: pair[0])
            states = [s.cameo for _, a in ordered if (s := state_of(a, gazetteer)) and s.cameo]
            self._place_acronyms(shared, Context(doc, gazetteer, others, placed).in_view, list(dict.fromkeys(states)))
        self.context = Context(doc, gazetteer, self._named(), placed)
        self._describe_states()
        self._sentence = {i: n for n, sent in enumerate(doc.sents) for i in range(sent.start, sent.end)}
        self._candidates: list[tuple[int, list[Mention]]] = []
        self._things: list[int] = []  # plural objects of asserted clauses that name no actor ("missiles")
        self._thing: list[int] = []  # singular objects that name no actor ("stormed a police headquarters")
        self._resolved: dict[int, Mention] = {}
        self._people: list[tuple[int, list[Mention]]] = []
        for token in doc:
            self._index_antecedent(token)

    def _describe_states(self) -> None:
        """ "the country", "the European nation": the state named last before (`descriptions.py`), reached like a
        pronoun; its words are no name of their own ("European" is no actor there)."""
        found = list(state_descriptions(self.doc, lambda t: m.actor if (m := self.at(t)) else None))
        for head, start, state in found:
            for index in range(start, head):
                if (known := self._by_token.get(index)) is not None and known.actor.origin == NER:
                    del self._by_token[index]
            self._by_token[head] = Mention(state, self.doc[start : head + 1].text, start, resolved=True)

    def _entity_actor(self, ent: Span) -> Actor | None:
        if ent.label_ == ACTOR_LABEL:
            entry = self.gazetteer.actors[ent.ent_id_]
            return self._titled(ent, entry) or self._on_date(entry)
        if ent.label_ not in NER_ACTOR_LABELS or ent.text.islower() or ent.text.lower().startswith(STANCE_PREFIXES):
            return None  # "Pro-Russian separatists": a stance, not a side called "Pro-Russian"
        if ent.label_ == "NORP" and ent.text.lower() in CREEDS and ent.root.dep_ in ("amod", "compound"):
            return None  # "Islamist rebels", "Sunni militants": which rebels is the article's to say, not a side "Islamist"
        name = _bare_name(ent.text)
        known = self.gazetteer.actor(name) or self.organs.of_entity(ent, self._gazetteer_spans)
        if known is None and normalise_name(name) in GENERICS:
            return None  # "the Coalition": a generic name, resolved by the article (`_generic`)
        # NER fills the gaps the gazetteer leaves: unknown actors are kept, never dropped (a town named
        # as a place, "in Kiev", is no actor: `is_locative`).
        return self._on_date(known) if known else Actor(slug=slugify(name), label=name, type=UNKNOWN, origin=NER)

    def _state_of_place(self, ent: Span) -> Actor | None:
        """The state a place the text names lies in ("in Aden" → Yemen): our own conflict places, and towns
        GeoNames knows that are no actor, named by NER as a place, or as a person or organisation where a place
        stands ("in Hama", "Jurin, Hama")."""
        if ent.label_ == PLACE_LABEL:
            place = self.gazetteer.places.get(ent.ent_id_)
            country = place.country if place is not None else None
        elif (ent.label_ in PLACE_ENTITIES or (ent.label_ in ("PERSON", "ORG") and _place_slot(ent.root))) and (
            (known := self._by_token.get(ent.start)) is None or known.actor.origin == NER
        ):
            country = self.gazetteer.place_index.country(_bare_name(ent.text))
        else:
            return None
        return self.gazetteer.codes.state(country) if country else None

    def _titled(self, ent: Span, person: Actor) -> Actor | None:
        """ "opposition leader Raila Odinga", "Odinga, the opposition leader": the side the text's title puts a person
        on, where a dictionary's dated role may have him in government long after he left it; "former president Hamid
        Karzai" is himself."""
        if person.type != "Person" or (state := state_of(person, self.gazetteer)) is None:
            return None
        root = ent.root
        words = list(self.doc[root.left_edge.i : ent.start])
        words += [w for a in root.children if a.dep_ == "appos" for w in self.doc[a.left_edge.i : a.i + 1]]
        if any(w.lower_ in FORMER or w.lower_.startswith("ex-") for w in words):
            return person  # "former president Hamid Karzai": himself, whatever role the dictionary still dates him in
        sector = next((TITLE_SECTORS[w.lower_] for w in words if w.lower_ in TITLE_SECTORS), None)
        return self.gazetteer.codes.of_state(state, sector) if sector else None

    def _on_date(self, actor: Actor) -> Actor:
        """A person with dated roles acts for the government, forces or body the article's date gives."""
        return self.gazetteer.codes.on_date(actor, self.published) if actor.roles else actor

    def _named(self, exclude: AbstractSet[Token] = frozenset()) -> list[tuple[int, Actor]]:
        """(first token, actor) of each name the article gives, in order, but those at `exclude`."""
        starts = {m.start: m for i, m in self._by_token.items() if self.doc[i] not in exclude}
        return sorted((m.start, m.actor) for m in starts.values())

    def _place_acronyms(self, tokens: list[Token], in_view: Actor | None, named: list[str]) -> None:
        """ "RSF", "AFP": the actor the state in view (or a theatre `named`) makes them (`acronyms.py`), where the
        table says one."""
        for token in tokens:
            shared = self.gazetteer.shared_acronyms[token.text]
            actor = theatre_owner(token.text, shared, in_view, self.gazetteer.actors, named)
            if actor is not None and actor.type not in ARMED_TYPES and self._armed_use(token):
                # "two RSF commanders", "killings committed by the RSF": the acronym's armed owner, whatever the theatre
                owners = (self.gazetteer.actors[slug] for slug in shared.by_state.values())
                actor = next((owner for owner in owners if owner.type in ARMED_TYPES), actor)
            if actor is not None:
                mention = self._by_token[token.i]
                self._by_token[token.i] = Mention(actor, mention.text, mention.start, mention.resolved)

    def _armed_use(self, token: Token) -> bool:
        """Whether a name is used as an armed side's: it modifies a word for fighters, or does violence."""
        if (
            token.dep_ in ("compound", "nmod", "amod")
            and token.head.lemma_.lower() in self.military_nouns | ARMED_HEADS
        ):
            return True
        while token.dep_ == "conj":
            token = token.head
        doer = token.head.head if token.dep_ == "pobj" and token.head.dep_ == "agent" else token.head
        if token.dep_ not in ("nsubj", "pobj") or doer.pos_ != "VERB":
            return False
        if doer.lemma_.lower() in self.violent_words:
            return True  # "the RSF killed…", "civilians killed by the RSF"
        # "the killing of civilians committed by the RSF": the act the participle tells, above it
        act = doer.head.head.head if doer.dep_ == "acl" and doer.head.dep_ == "pobj" else doer.head
        return doer.dep_ == "acl" and act.lemma_.lower() in self.violent_words

    def _join_acronyms(self) -> set[str]:
        """ "the Rapid Support Forces (RSF) … RSF fighters": one actor, the known one of the two unless the name
        written is another's ("Reporters Without Borders (RSF)"). Returns the acronyms joined."""
        found = acronyms(self.doc, self.at)
        for acronym, named in found.items():
            own = next((m.actor for t in self.doc if t.text == acronym and (m := self.at(t))), None)
            if own is not None and own.origin != NER and named.origin == NER and shares_a_word(own, named):
                # NER's spelling or longer span of a known name: the known actor, wherever NER's name stands
                for index, mention in list(self._by_token.items()):
                    if mention.actor.slug == named.slug:
                        self._by_token[index] = Mention(own, mention.text, mention.start, mention.resolved)
                named = own
            for token in self.doc:
                if is_acronym_use(token, acronym):
                    self._by_token[token.i] = Mention(named, token.text, token.i)
        return set(found)

    def _generic(self, head: Token) -> Mention | None:
        """ "the rebels", "government forces", "police": the actor the article's context makes them."""
        found = self.context.resolve(
            head, lambda t: m.actor if (m := self.at(t)) else None, self._place_state, self.is_locative
        )
        return Mention(found[0], self.doc[found[1] : head.i + 1].text, found[1]) if found else None

    def _place_state(self, token: Token) -> Actor | None:
        """The state a place phrase's word lies in: "in Syria", "in Idlib", "in Idlib province", "in the province of
        Idlib"; None for any other word."""
        if token.dep_ != "pobj" or token.head.lower_ not in LOCATIVE_PREPS:
            return None
        names = [token]
        if token.lemma_.lower() in self.place_nouns:  # the name is the noun's: its compound, or after "of"
            names += [c for c in token.children if c.dep_ == "compound"]
            names += [n for c in token.children if c.lower_ == "of" for n in c.children if n.dep_ == "pobj"]
        for name in names:
            if (self.is_locative(name) or name is not token) and (held := self.held_by(name)) is not None:
                return state_of(held.actor, self.gazetteer)
        return None

    def _index_antecedent(self, token: Token) -> None:
        if is_pronoun(token):
            resolved = self._resolve(token, exclude=self._clause_subject(token))
            if resolved:
                self._resolved[token.i] = resolved
                # "he said … they": a person's pronoun is what a later "he" stands for, never "they" or "it"
                (self._people if resolved.personal else self._candidates).append((token.i, [resolved]))
        elif _tie_owner(token, self.membership_nouns) and (owner := self.at(token)) is not None:
            # "The United States, Israel's closest ally, urged it…": the side the appositive ties the subject to
            self._candidates.append((token.i, [owner]))
        elif token.dep_ in ARG_DEPS and not self.is_locative(token) and not self._inside_organ(token):
            found = self.of_noun(token, coordinated=False)
            if found:
                self._candidates.append((token.i, found))
            elif token.tag_ == "NNS" and _object_place(token) and _asserted(token):
                self._things.append(token.i)
            elif token.tag_ == "NN" and token.dep_ == "dobj":
                self._thing.append(token.i)
            elif token.ent_type_ == "PERSON" and (name := self.entity_at(token.i)) is not None:
                # A person the gazetteer does not know, named by NER: what a later "he" or "her" stands for.
                person = Actor(slug=slugify(name.text), label=name.text, type="Person", origin=DESCRIPTION)
                self._people.append((token.i, [Mention(person, name.text, name.start)]))

    def entities_in(self, sent: Span) -> list[Span]:
        """`sent.ents`: the entities inside `sent`, up to the first that runs past its end."""
        found = []
        for ent in self.entities[bisect_left(self._entity_starts, sent.start) :]:
            if ent.end > sent.end:
                break
            found.append(ent)
        return found

    def entity_at(self, index: int) -> Span | None:
        """The entity covering token `index`, if any."""
        position = bisect_right(self._entity_starts, index) - 1
        return self.entities[position] if position >= 0 and index < self.entities[position].end else None

    def at(self, token: Token) -> Mention | None:
        """The named-entity mention covering `token`, if any."""
        return self._by_token.get(token.i)

    def is_locative(self, token: Token) -> bool:
        """A place phrase ("in Syria", "near al Tanf", "in Damascus", "the city of Jaipur") rather than an actor."""
        if self.is_settlement_name(token):
            return True
        if token.dep_ != "pobj" or token.head.lower_ not in LOCATIVE_PREPS:
            return False
        mention = self.at(token)
        if mention is None or mention.actor.origin == NER:
            return token.ent_type_ in PLACE_ENTITIES
        # "in Syria", "in Tehran", "in Erbil": a state, or an actor named after its seat.
        return mention.actor.type == "State" or self.gazetteer.place(mention.text) is not None

    def held_by(self, token: Token) -> Mention | None:
        """The side a place named at `token` stands for: a state or its capital named as such ("in Mali",
        "in Bangkok"), an actor named after its land ("the Gaza Strip"), or the state a known town or region
        lies in ("in west Darfur" → Sudan, reached like a pronoun: the text does not name it)."""
        mention = self.at(token)
        # "a market in Saada": a town NER names and the gazetteer knows as a place stands for its state, not
        # for an unknown actor of its own name
        if mention is not None and (town_state := self._state_of_town(mention)) is not None:
            return town_state
        if mention is not None and (mention.actor.type == "State" or self.gazetteer.place(mention.text) is not None):
            return mention
        ent = next((e for e in self.doc.ents if e.start <= token.i < e.end), None) if token.ent_type_ else None
        state = self._state_of_place(ent) if ent is not None else None
        return Mention(state, ent.text, ent.start, resolved=True) if state is not None and ent is not None else None

    def state_of_place_name(self, token: Token) -> Mention | None:
        """The state a proper name that names no actor lies in, when it is a place we or GeoNames know under that
        very name ("seized Goma", which NER may call a person); for a slot only a place can fill, reached like a
        pronoun."""
        if token.pos_ != "PROPN" or self.at(token) is not None:
            return None
        ent = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
        words = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i]
        name = ent if ent is not None else self.doc[words[0].i if words else token.i : token.i + 1]
        country = self.gazetteer.place_index.country(_bare_name(name.text))
        state = self.gazetteer.codes.state(country) if country else None
        return Mention(state, name.text, name.start, resolved=True) if state is not None else None

    def _state_of_town(self, mention: Mention) -> Mention | None:
        """The state a town NER names lies in, when the gazetteer knows the town ("Saada" → Yemen). A town of that
        very name, or a region, comes before a town found by another of its spellings: "Borno" is Nigeria's Borno
        State, not Borna in Germany (of which it is a spelling); "Saada" is found only as a spelling of Sa'dah."""
        if mention.actor.origin != NER:
            return None
        country = self.gazetteer.place_index.country(mention.text)
        if country is None and (place := self.gazetteer.place(mention.text)) is not None:
            country = place.country
        state = self.gazetteer.codes.state(country) if country else None
        return Mention(state, mention.text, mention.start, resolved=True) if state is not None else None

    def is_settlement_name(self, token: Token) -> bool:
        """ "the northern city of Jaipur", "the village of Khiam": the name of a settlement, never a side (nor
        what a later "it" stands for)."""
        return token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in self.place_nouns

    def of_noun(self, token: Token, coordinated: bool = True) -> list[Mention]:
        """Actors a noun phrase headed by `token` names (with its conjuncts when `coordinated`)."""
        if is_pronoun(token):
            found = self._resolved.get(token.i)
            return [found] if found else []
        own = self._head_mentions(token)
        if coordinated:
            for conj in token.conjuncts:
                own += [m for m in self._head_mentions(conj) if m not in own]
        return own

    def _head_mentions(self, token: Token) -> list[Mention]:
        if (pair := self._both(token)) is not None:
            return pair
        mention = self.at(token)
        if mention is None and token.ent_type_ == "PERSON":
            titled = self.organs.titled_person(token, self.at)
            return [Mention(titled[0], self.doc[titled[1] : titled[2]].text, titled[1])] if titled else []
        modifiers: list[tuple[Mention, bool]] = []
        stands_for_modifier = self.head_noun(token) in self.agent_nouns
        for child in self._modifying(token):
            inner = self._modifier(child)
            if inner is None or is_tie(self.doc[inner.start]):
                continue  # "Islamic State-linked insurgents" are not the Islamic State
            if token.lemma_.lower() in self.institution_nouns and (state := self._state_of_town(inner)) is not None:
                inner = state  # "an Istanbul court", "Kabul police": the state's organ, not a town's own
            coordinated = child.dep_ == "conj" or any(c.dep_ == "cc" for c in child.children)
            if not (coordinated or stands_for_modifier) or self._member_of(inner, token):
                continue  # "Russian efforts", "the coalition's presence", "the OPEC member": not the actor itself
            if not coordinated and self.organs.people_of(inner.actor, self.head_noun(token)):
                continue  # "Syrian refugees", "Palestinian civilians": the state's people, described, not the state
            if mention is None or inner.actor != mention.actor:
                modifiers.append((self._armed_wing(inner, token), coordinated))
        if mention and mention.actor.origin == NER and modifiers and self.organs.kind(token.lemma_.lower()):
            return [modifiers[-1][0]]  # "Nigerian Air Force": Nigeria's, though NER saw "Air Force"
        if mention:
            # "US and partner forces": only a coordinated modifier adds a second actor.
            return [mention] + [m for m, coordinated in modifiers if coordinated]
        if any(coordinated for _, coordinated in modifiers):
            return _distinct(m for m, _ in modifiers)
        if modifiers:
            return [modifiers[-1][0]]
        if organs := self._organs_of(token):
            return organs
        if (
            of := self._loyal_to(token) or self._led_by(token) or self._known_as(token) or self._owned(token)
        ) is not None:
            return [of]
        generic = self._generic(token) if token.pos_ in ("NOUN", "PROPN") else None
        return [generic] if generic else []

    def _both(self, token: Token) -> list[Mention] | None:
        """ "both countries", "the two governments", "the two neighbours": the two states named most before them (their
        governments), but the clause's subject; None for any other phrase, or when fewer than two were named."""
        if token.lemma_.lower() not in PAIRED_NOUNS or token.tag_ != "NNS":
            return None
        words = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet")}
        if not ("both" in words or {"the", "two"} <= words):
            return None
        # Not the clause's subject: "Angola mediated between the two governments" are two others
        verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subject = subject_of(verb) if verb is not None else None
        doers = range(subject.left_edge.i, subject.right_edge.i + 1) if subject is not None else range(0)
        # The two named most often before it (the last named first on a tie): "Israel struck Iran … Iran fired at
        # Israel … the US helped … Qatar offered to mediate between the two countries" are Israel and Iran
        counts: Counter[str] = Counter()
        last: dict[str, int] = {}
        sides: dict[str, Actor] = {}
        warring = token.lemma_.lower() in WARRING_NOUNS  # "both sides": the two armed sides, states or not
        for start, actor in self.context.named:
            side = (actor if actor.type in WARRING_TYPES else None) if warring else state_of(actor, self.gazetteer)
            if start in doers or start >= token.i or side is None:
                continue
            counts[side.slug] += 1
            last[side.slug] = start
            sides[side.slug] = side
        if len(counts) < 2:
            return None
        pair = sorted(
            sorted(counts, key=lambda slug: (counts[slug], last[slug]), reverse=True)[:2], key=lambda slug: last[slug]
        )
        start = token.left_edge.i
        text = self.doc[start : token.i + 1].text
        lemma = token.lemma_.lower()
        return [
            Mention(sides[s] if warring else self.organs.of(sides[s], lemma), text, start, resolved=True) for s in pair
        ]

    def _modifying(self, token: Token) -> list[Token]:
        """The words that modify a head noun, and those of a plain noun compounded with it: "Pakistani" in "Pakistani
        fighter jets" hangs on "fighter", yet names whose jets they are; "British" in "American and British
        warplanes" on "American"."""
        # "ADEN, Yemen (Reuters) - U.S. warplanes…": the parser may hang a dateline on the subject; it modifies nothing
        heads = dateline_heads(token.doc)
        children = [c for c in token.children if c.dep_ in MODIFIER_DEPS and c.i not in heads]
        # "a Chinese consular official": the parser hangs "Chinese" on "consular" as it does on a noun compound
        plain = [
            c for c in children if (c.dep_, c.pos_) in (("compound", "NOUN"), ("amod", "ADJ")) and self.at(c) is None
        ]
        for compound in plain:
            children += [c for c in compound.children if c.dep_ in ("amod", "compound") and c.i < compound.i]
        # "American and British warplanes": the parser hangs the second adjective on the first
        return children + [c for m in children for c in m.children if c.dep_ == "conj" and c.i < token.i]

    def head_noun(self, token: Token) -> str:
        """The lemma of a phrase's head noun, joined to the word before it where the two make one agent noun: "air
        strike" is an airstrike, "war planes" are warplanes (each its state's forces, as written in one word)."""
        lemma = token.lemma_.lower()
        before = token.doc[token.i - 1] if token.i > 0 else None
        if before is not None and before.dep_ == "compound" and before.head.i == token.i:
            joined = before.lower_ + lemma
            if joined in self.agent_nouns:
                return joined
        return lemma

    def _modifier(self, child: Token) -> Mention | None:
        """The actor a modifier names: its own mention, or the coalition a leader leads ("Saudi-led jets": the
        Saudi-led coalition's, where "Saudi" alone is the leader of someone else's act)."""
        if (found := self.at(child)) is not None:
            return found
        if (
            child.dep_ == "poss"
            and child.lower_ in OWNING_PRONOUNS
            and _phrase_head(child.head).dep_ in ("nsubj", "nsubjpass")
            and self.head_noun(child.head) in self.military_nouns
        ):
            # "Russia said its forces…": Russia's, as "Russian forces" are. (An object's owner is another side than
            # the clause's subject, which `Arguments.owners` leaves out: "X attacked their fighters".)
            return self._resolved.get(child.i)
        coalition = led_coalition(child, self.gazetteer)
        if coalition is None:
            return None
        return Mention(coalition, self.doc[child.i - 2 : child.i + 1].text, child.i - 2)

    def _organ_of(self, head: Token) -> Mention | None:
        """ "Military forces of Turkey", "forces of the STC", "a member of the SDF": the organ of the actor
        named after "of" or "from" that the head noun means (Turkey's military), or that actor itself."""
        lemma = head.lemma_.lower()
        if lemma not in self.agent_nouns:
            return None
        # "the LNA and forces of the GNA": the parser often hangs the last conjunct's "of" on the first one.
        holders = [head, head.head] if head.dep_ == "conj" else [head]
        preps = [c for h in holders for c in h.children if c.dep_ == "prep" and (h == head or c.i == head.i + 1)]
        for prep in (c for c in preps if c.lower_ in ("of", "from")):
            for name in (c for c in prep.children if c.dep_ == "pobj"):
                if (inner := self.at(name)) is not None:
                    start = phrase_start(head)
                    organ = self.organs.of(inner.actor, lemma)
                    if organ is inner.actor and self.organs.opposes(lemma):
                        return None  # "opponents of the Taliban" are not the Taliban
                    return Mention(organ, self.doc[start : name.i + 1].text, start)
        return None

    def _organs_of(self, head: Token) -> list[Mention]:
        """`_organ_of`, and the organs of each state joined to the one named ("the foreign ministers of India and
        China": both governments)."""
        first = self._organ_of(head)
        if first is None:
            return []
        lemma = head.lemma_.lower()
        name = next(t for t in self.doc[first.start :] if self.at(t) is not None and t.dep_ == "pobj")
        joined = [m for c in name.conjuncts if (m := self.at(c)) is not None and m.actor != first.actor]
        return [first, *(Mention(self.organs.of(m.actor, lemma), m.text, m.start) for m in joined)]

    def _loyal_to(self, head: Token) -> Mention | None:
        """ "fighters loyal to Haftar", "troops loyal to General Burhan": the forces of the one they are loyal to
        (not "militias allied to Iran": an ally's are backed, not its own)."""
        lemma = self.head_noun(head)
        if lemma not in self.agent_nouns:
            return None
        for loyal in (c for c in head.children if c.dep_ == "amod" and c.lower_ == "loyal"):
            for name in (n for p in loyal.children if p.lower_ == "to" for n in p.children if n.dep_ == "pobj"):
                if (inner := self.at(name)) is not None:
                    return self._commanded(head, lemma, inner, name.i + 1)
        return None

    def _led_by(self, head: Token) -> Mention | None:
        """ "rebels led by Hayat Tahrir al-Sham", "forces led by Khalifa Haftar", "a coalition led by Saudi Arabia":
        the side of the one who leads them (a commander's army; a leader's coalition, where the gazetteer knows it)."""
        lemma = self.head_noun(head)
        led = next((c for c in head.children if c.dep_ == "acl" and c.lower_ == "led"), None)
        leader = by_agent(led) if led is not None and lemma in self.agent_nouns else None
        if leader is None or (inner := self.at(leader)) is None:
            return None
        if lemma not in COALITION_NOUNS:
            return self._commanded(head, lemma, inner, leader.i + 1)
        names = (inner.actor.label, inner.actor.demonym, *inner.actor.aliases)
        coalition = next((c for n in names if n and (c := self.gazetteer.actor(f"{n}-led coalition"))), None)
        if coalition is None or coalition.type != "Coalition":
            return None
        start = phrase_start(head)
        return Mention(coalition, self.doc[start : leader.i + 1].text, start)

    def _known_as(self, head: Token) -> Mention | None:
        """ "the group known as JNIM", "a militia called the Popular Mobilization Forces": the actor the name after it
        names; its words run from the phrase's start to the name's end."""
        for participle in (c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in NAMING_PARTICIPLES):
            name = next(
                (
                    o
                    for c in participle.children
                    if c.dep_ in ("prep", "oprd")
                    for o in (c, *c.children)
                    if o.dep_ in ("pobj", "oprd")
                ),
                None,
            )
            if name is not None and (inner := self.at(name)) is not None:
                start = phrase_start(head)
                return Mention(inner.actor, self.doc[start : name.right_edge.i + 1].text, start)
        return None

    def _owned(self, head: Token) -> Mention | None:
        """ "warplanes belonging to the Syrian air force": the owner's forces."""
        belonging = next((c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() == "belong"), None)
        owner = (
            next(
                (
                    o
                    for c in belonging.children
                    if c.dep_ == "prep" and c.lower_ == "to"
                    for o in c.children
                    if o.dep_ == "pobj"
                ),
                None,
            )
            if belonging is not None
            else None
        )
        if owner is None or (inner := self.of_noun(owner, coordinated=False)) == []:
            return None
        return self._commanded(head, self.head_noun(head), inner[0], owner.right_edge.i + 1)

    def _commanded(self, head: Token, lemma: str, named: Mention, end: int) -> Mention:
        """The organ a head noun means of the side `named`, a commander's being the army he commands ("troops loyal
        to General Burhan", "forces led by Khalifa Haftar"); its words run from the phrase's start to `end`."""
        actor = named.actor
        if actor.type == "Person" and actor.part_of in self.gazetteer.actors:
            actor = self.gazetteer.actors[actor.part_of or ""]  # Haftar's: the army he commands
        start = phrase_start(head)
        return Mention(self.organs.of(actor, lemma), self.doc[start:end].text, start)

    def _inside_organ(self, token: Token) -> bool:
        """ "Hungary" in "the Government of Hungary": a later "its" stands for the government, the whole phrase."""
        prep = token.head
        return token.dep_ == "pobj" and prep.lower_ in ("of", "from") and self._organ_of(prep.head) is not None

    def _member_of(self, modifier: Mention, head: Token) -> bool:
        """ "the OPEC member", "a NATO ally", "Iran's neighbour": another state, tied to the one named (but
        "opposition members" are the opposition)."""
        return (
            head.lemma_.lower() in self.membership_nouns
            and modifier.actor.type in ("State", "Organization")
            and self.doc[modifier.start].pos_ == "PROPN"
        )

    def _armed_wing(self, mention: Mention, head: Token) -> Mention:
        """ "Assad's forces", "Turkish jets" → the actor's forces; "Iranian officials" → its government."""
        text = self.doc[min(mention.start, head.i) : head.i + 1].text
        return Mention(self.organs.of(mention.actor, self.head_noun(head)), text, mention.start)

    def described_group(self, head: Token, first: Token) -> list[Mention]:
        """ "Saudi-backed forces": an armed group the text describes but does not name."""
        if head.lemma_.lower() not in self.agent_nouns:
            return []
        phrase = self.doc[first.i : head.i + 1].text
        kind = "Militia" if head.lemma_.lower() == "militia" else "ArmedGroup"
        return [Mention(Actor(slug=slugify(phrase), label=phrase, type=kind, origin=DESCRIPTION), phrase, first.i)]

    def modifier_actor(self, token: Token) -> Mention | None:
        """The actor a single modifier word names: "Iranian" in "Iranian-backed forces"; not a place
        NER found ("a West Bank shooting attack", "the Gaza offensive": where, not who)."""
        actor = self.gazetteer.actor(token.text)
        if actor:
            return Mention(actor, token.text, token.i)
        found = self.at(token)
        if found is not None and found.actor.origin == NER and token.ent_type_ in PLACE_ENTITIES:
            return None
        return found

    def _clause_subject(self, pronoun: Token) -> set[str]:
        """ "Russian jets bombed them": an object pronoun is not its own clause's subject."""
        if pronoun.dep_ not in ("dobj", "pobj"):
            return set()
        verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not is_pronoun(c)]
        return {m.actor.slug for s in subjects for m in self.of_noun(s, coordinated=False)}

    def _could_be_speaker(self, index: int, mention: Mention) -> bool:
        # "we" in a quote is the speaker's side: a state-like actor that was a subject before.
        return mention.actor.type in STATE_LIKE and self.doc[index].dep_ in ("nsubj", "nsubjpass")

    def _is_person(self, index: int, mention: Mention) -> bool:
        """Whether the phrase at token `index` names a person: NER's or the gazetteer's (whom the date may make
        act for a government: "Kiir … pardoned him"), or "he" already resolved to one."""
        token = self.doc[index]
        if mention.actor.type == "Person" or token.ent_type_ == "PERSON" or token.lower_ in PERSONAL_PRONOUNS:
            return True
        ent = self.entity_at(index)
        known = self.gazetteer.actors.get(ent.ent_id_) if ent is not None and ent.label_ == ACTOR_LABEL else None
        return known is not None and known.type == "Person"

    def nearest_before(self, index: int, floor: int) -> list[Mention]:
        """The actor phrase closest before token `index` and not before token `floor`."""
        for position, mentions in reversed(self._candidates):
            if position < floor:
                break
            if position < index and not any(m.resolved for m in mentions):
                return mentions
        return []

    def resolve(self, token: Token, exclude: AbstractSet[str]) -> Mention | None:
        """A pronoun's antecedent, skipping actors in `exclude` (the clause's other argument)."""
        found = self._resolved.get(token.i)
        if found and found.actor.slug not in exclude:
            return found
        return self._resolve(token, exclude)

    def _resolve(self, token: Token, exclude: AbstractSet[str]) -> Mention | None:
        if token.lower_ in PERSONAL_PRONOUNS:
            return self._resolve_person(token, exclude)
        first_sentence = self._sentence[token.i] - WINDOW_SENTENCES
        thing = self._last_thing(token)
        for index, mentions in reversed(self._candidates):
            if index >= token.i:
                continue
            if self._sentence[index] < first_sentence or index < thing:
                break
            if thing >= 0 and self._sentence[index] < self._sentence[token.i] and not _object_place(self.doc[index]):
                continue  # "missiles …, officials said. … shot down most of them": the object's parallel, not a subject
            for mention in mentions:
                if mention.actor.slug in exclude:
                    continue
                if (token.lower_ in FIRST_PERSON) != (self.doc[index].lower_ in FIRST_PERSON) and mention.resolved:
                    continue  # "we" and "they" are different sides
                if token.lower_ in FIRST_PERSON and not self._could_be_speaker(index, mention):
                    continue
                return Mention(mention.actor, mention.text, mention.start, resolved=True)
        return None

    def _last_thing(self, pronoun: Token) -> int:
        """ "launched missiles at Kyiv … shot down most of them": an object "them" stands for the plural object named
        last, an object "it" for the singular one named last in its sentence; where that names no actor, neither does
        the pronoun. The index of that thing (-1: none, or no such pronoun)."""
        if pronoun.dep_ not in ("dobj", "pobj"):
            return -1
        if pronoun.lower_ == "it":  # "stormed a police headquarters after striking it": in the same sentence
            start = pronoun.sent.start
            return max((index for index in self._thing if start <= index < pronoun.i), default=-1)
        if pronoun.lower_ != "them":
            return -1
        return max((index for index in self._things if index < pronoun.i), default=-1)

    def _resolve_person(self, pronoun: Token, exclude: AbstractSet[str]) -> Mention | None:
        """ "he", "him", "her": the last person named before it in the window, a subject for a subject ("Putin
        met Erdogan. He said…": Putin), whether the gazetteer knows them or NER alone names them."""
        first_sentence = self._sentence[pronoun.i] - WINDOW_SENTENCES
        people = [
            (index, mention)
            for index, mentions in sorted(self._candidates + self._people, key=lambda pair: pair[0])
            if index < pronoun.i and self._sentence[index] >= first_sentence
            for mention in mentions
            if mention.actor.slug not in exclude and self._is_person(index, mention)
        ]
        if pronoun.dep_ in SUBJECT_DEPS:
            people = [p for p in people if self.doc[p[0]].dep_ in SUBJECT_DEPS] or people
        if not people:
            return None
        mention = people[-1][1]
        return Mention(mention.actor, mention.text, mention.start, resolved=True, personal=True)


_OBJECT_DEPS = ("dobj", "pobj", "dative")


def _tie_owner(token: Token, membership_nouns: frozenset[str]) -> bool:
    """ "Israel" in "the United States, Israel's closest ally,": the owner of an appositive that says whose ally or
    partner the subject is."""
    tie = token.head
    return token.dep_ == "poss" and tie.dep_ == "appos" and tie.lemma_.lower() in membership_nouns


def _object_place(token: Token) -> bool:
    """An object, not a place a preposition like "in" names ("gathered in squares")."""
    return token.dep_ in _OBJECT_DEPS and not (token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS)


def _asserted(token: Token) -> bool:
    """An object of a clause the sentence asserts ("launched dozens of missiles", reported or not), not of a side
    clause ("gathered … demanding jobs; police fired at them": the protesters)."""
    verb = token.head
    while verb.dep_ != "ROOT" and verb.pos_ not in ("VERB", "AUX"):  # up through "of", "dozens"
        verb = verb.head
    return verb.pos_ in ("VERB", "AUX") and verb.dep_ in ("ROOT", "ccomp", "conj")


def _phrase_head(token: Token) -> Token:
    """The head of the phrase a noun counts into: "five of its jets" → "five"."""
    while token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NUM", "NOUN", "PRON"):
        token = token.head.head
    return token


def is_pronoun(token: Token) -> bool:
    """A personal pronoun that may stand for an actor ("them", "its"), not "US" the country."""
    return token.lower_ in SELF_PRONOUNS and token.tag_ in ("PRP", "PRP$")


def _distinct(mentions) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for mention in mentions:
        seen.setdefault(mention.actor.slug, mention)
    return list(seen.values())


def _place_slot(token: Token) -> bool:
    """Where a place stands: after "in", "near"…, or after a comma beside another place ("Jurin, Hama")."""
    return (token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS) or token.dep_ == "appos"


def slugs(mentions: list[Mention]) -> set[str]:
    """The slugs of the actors `mentions` name."""
    return {m.actor.slug for m in mentions}


def _bare_name(text: str) -> str:
    """An entity's name without "the" or a possessive: "the Kremlin's" → "Kremlin"."""
    text = text[4:] if text.lower().startswith("the ") else text
    return text[:-2] if text.endswith(("'s", "’s")) else text
