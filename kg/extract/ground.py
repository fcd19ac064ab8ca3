"""Places an act strikes, takes or is done in, and the side each stands for.

"Houthi rebels fired drones at an airport in southern Saudi Arabia", "M23 rebels seized the city of Goma", "Russian
forces shelled Ukrainian towns", "imposed blockades in parts of west Darfur": CAMEO codes a place by the state it lies
in, and so do the labelled news; the doer's own state is no target, unless an armed group strikes or takes its own
state's land. A side reached through a place is marked resolved, so it scores lower. Which acts fall on places, and
through which prepositions, is `territory.py`'s.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.extract.actor import NER
from kg.extract.arguments import Arguments
from kg.extract.clauses import subject_of
from kg.extract.generics import state_of
from kg.extract.lexicon import Lexicon, Sense
from kg.extract.mentions import PLACE_ENTITIES, Mention, Mentions
from kg.extract.mentions import slugs as _slugs
from kg.extract.territory import aid_places, aims_at_places, keeps_own_land, place_preps, place_words, places_of

OCCUPY_CODE = "192"
TAKES_GROUND = Sense("coerces", OCCUPY_CODE, preps=("from",))  # a place taken (`Ground.taken`)
# Armed groups that fight their own state: a post of that state's in their land is struck (`Ground.struck`).
INSURGENT_TYPES = {"ArmedGroup", "Militia"}
POST_OWNERS = {"military", "army", "police", "security", "government"}
# Force used on someone (CAMEO 17–20: coerce, assault, fight, mass violence).
FORCE_ROOTS = {"17", "18", "19", "20"}
# Recipients of aid who are only people: "people", "civilians", "families in X" (`Ground.people_placed`).
PLAIN_PEOPLE = {"people", "person", "civilian", "resident", "family", "household", "child", "villager", "survivor"}
# Places whose state adjective names their state ("Ukrainian towns"), not who lives there ("a Kurdish neighbourhood").
STATE_PLACE_NOUNS = {"city", "town", "village", "province", "region"}


class Ground:
    """The side a place an act is aimed at, taken or done in stands for."""

    def __init__(self, lexicon: Lexicon, mentions: Mentions, args: Arguments) -> None:
        self.lexicon = lexicon
        self.mentions = mentions
        self.args = args

    def own_states(self, agents: list[Mention]) -> set[str]:
        """The slugs of the states the doers are, or are organs or armed groups of: a place there is no target."""
        return {s.slug for a in agents if (s := state_of(a.actor, self.mentions.gazetteer)) is not None}

    def is_ground(self, obj: Token) -> bool:
        """Whether an object is a place, not a side: "the town of X", "an area", a site ("the presidential palace"), a
        town or region we know ("Goma"), a name NER calls a place."""
        if obj.lemma_.lower() in self.lexicon.place_nouns:
            return True
        if obj.lemma_.lower() in self.lexicon.facility_nouns:
            # "an army base", "a Russian base" belong to someone: taking them is done to their owner
            owners = [c for c in obj.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
            return not any(o.lemma_.lower() in self.lexicon.military_nouns or self.mentions.at(o) for o in owners)
        mention = self.mentions.at(obj)
        if mention is not None and mention.actor.type == "State" and obj.pos_ == "PROPN":
            # "retook Khartoum from the RSF": a capital names its state's government when it speaks, ground when taken
            return self.mentions.gazetteer.place_index.country(obj.text) is not None
        if mention is not None and mention.actor.type == "State":
            return False  # "seized Ukraine's ships" is not about ground; "occupied Iraq" keeps occupy's own sense
        if mention is not None and mention.actor.origin == NER and obj.ent_type_ in PLACE_ENTITIES:
            return True
        return self.mentions.held_by(obj) is not None or self.mentions.state_of_place_name(obj) is not None

    def taken_ground(self, verb: Token, sense: Sense, anchor: Token | None) -> Token | None:
        """The place a verb takes: the object of "seized the town" (TAKES_GROUND), or of "took control of Goma"."""
        if sense is TAKES_GROUND:
            return next((c for c in verb.children if c.dep_ == "dobj"), None)
        if sense.cameo == OCCUPY_CODE and anchor is not None and anchor.lemma_.lower() == "control":
            held = next(
                (
                    o
                    for c in anchor.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for o in c.children
                    if o.dep_ == "pobj"
                ),
                None,
            )
            return held if held is not None and self.is_ground(held) else None
        return None

    def taken(self, verb: Token, ground: Token, agents: list[Mention]) -> list[Mention]:
        """The state ground taken lies in ("seized the city of Goma", "captured a town in eastern Ukraine"), never a
        state's forces' own; never the place itself as a side of its own. Whom it was taken "from" comes first
        (`PatternMatcher`)."""
        exclude = _slugs(agents)
        # An armed group takes ground from its own state ("the Taliban seized Kunduz"); a state's forces do not.
        insurgents = agents and all(a.actor.type in INSURGENT_TYPES for a in agents)
        own = set() if insurgents else self.own_states(agents)
        # "seized the town of Baga in Borno state": the parser hangs where the place lies on the verb as often as on it
        places = [ground, *places_of([verb, ground], frozenset({"in", "inside"}))]
        return next((f for p in places if (f := self.place_side(p, exclude | own))), [])

    def struck(self, sense: Sense, slots: list[tuple[Token | None, str]], agents: list[Mention]) -> list[Mention]:
        """ "Houthi rebels fired drones at an airport in southern Saudi Arabia": force aimed at a place that no
        actor holds falls on the state the text puts it in (as CAMEO codes a place), never on the attacker's
        own state; reached like a pronoun, so it scores lower."""
        if sense.cameo[:2] not in FORCE_ROOTS:
            return []
        # "overran a military base in X": a collocation's object ("overrun base") is the place struck as well
        place = next((token for token, how in slots if token is not None and how in ("target", "owner")), None)
        if place is None or self.people(place):
            return []  # "killed 20 in Gaza": people where they were; the place is no side of theirs
        # An armed group's own land is no shield ("the RSF shelled El Fasher": Sudan); a state's forces' is
        insurgents = agents and all(a.actor.type in INSURGENT_TYPES for a in agents)
        own = set() if insurgents else self.own_states(agents)
        # "overran a base in X": the parser hangs "in X" on the verb as often as on the place
        holders = [place, place.head] if place.dep_ == "dobj" else [place]
        if insurgents and self._state_post(place):
            # "Boko Haram overran a military base in northeast Nigeria": an armed group's own land is no shield
            # for a post of its state's; the post's organ is struck ("a police checkpoint": the police)
            found = next((f for h in holders if (f := self.args.located(h, _slugs(agents)))), [])
            return [replace(m, actor=self.mentions.organs.of(m.actor, self._state_post(place))) for m in found]
        found = next((f for h in holders if (f := self.args.located(h, _slugs(agents) | own))), [])
        return found or self.place_side(place, _slugs(agents) | own)

    def place_side(self, place: Token, exclude: set[str]) -> list[Mention]:
        """ "Russia occupied Crimea", "rebels seized the city of Goma": a named place struck or taken stands for
        the state it lies in (never the doer's own); reached like a pronoun, so it scores lower."""
        if place.lemma_.lower() not in self.lexicon.place_nouns and (
            place.lemma_.lower() in self.lexicon.partitive_nouns or self.people(place)
        ):
            return []  # "killed dozens in Khartoum": people where they were, not a place
        containers = self.lexicon.place_nouns | self.lexicon.partitive_nouns
        words = place_words(place, containers)
        # "Rakhine state", "Helmand province": the name the parser hangs on the kind of place
        for word in (w for p in words for w in (p, *(c for c in p.children if c.dep_ == "compound"))):
            found = self.mentions.held_by(word) or self.mentions.state_of_place_name(word)
            if found is not None and found.actor.type == "State" and found.actor.slug not in exclude:
                return [Mention(found.actor, found.text, found.start, resolved=True)]
        return self._state_adjective(place, exclude)

    def _state_adjective(self, place: Token, exclude: set[str]) -> list[Mention]:
        """ "shelled Ukrainian cities", "rockets at Israeli towns": the state a place noun's adjective names; not a
        neighbourhood's or an area's, whose adjective says who lives there ("a Palestinian neighbourhood of Damascus")."""
        if place.lemma_.lower() not in STATE_PLACE_NOUNS:
            return []
        for word in (c for c in place.children if c.dep_ in ("amod", "compound") and c.i < place.i):
            mention = self.mentions.modifier_actor(word)
            state = state_of(mention.actor, self.mentions.gazetteer) if mention is not None else None
            if mention is not None and state is not None and state == mention.actor and state.slug not in exclude:
                return [Mention(state, mention.text, mention.start, resolved=True)]
        return []

    def _state_post(self, place: Token) -> str:
        """The organ noun of a state's post ("a military base", "an army post", "a police checkpoint"), or ""."""
        return next(
            (
                c.lemma_.lower()
                for c in place.children
                if c.dep_ in ("amod", "compound") and c.lemma_.lower() in POST_OWNERS
            ),
            "",
        )

    def held(self, verb: Token, sense: Sense, anchor: Token | None, agents: list[Mention]) -> list[Mention]:
        """ "imposed blockades in parts of west Darfur", "will extend the curfew in Bangkok": an act of a kind that
        falls on a place's people (`territory.py`), with no side named, falls on the state the place stands for;
        not on the doer's own state unless the act is one a state does on its own land (a curfew)."""
        if not aims_at_places(sense) or sense.mutual:
            return []  # "Hamas and Fatah clashed in Gaza": a fight's place is where, its sides are the subjects
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is not None and obj != anchor and self.people(obj):
            return []  # "bombed rebels in Idlib": a side the text describes (not "deployed troops to X")
        holders = [h for h in (verb, anchor, obj) if h is not None and h.dep_ != "prep"]
        places = places_of(list(dict.fromkeys(holders)), place_preps(sense))
        exclude = _slugs(agents)
        if not keeps_own_land(sense):
            exclude |= self.own_states(agents)
        containers = self.lexicon.place_nouns | self.lexicon.partitive_nouns
        for place in places:
            for word in place_words(place, containers):
                found = self.mentions.held_by(word)
                if found is not None and found.actor.slug not in exclude:
                    return [found]
        return []

    def aided(self, verb: Token, agents: list[Mention]) -> list[Mention]:
        """ "provided $340 million for assistance in northern Iraq", "allocated €95 million to address the needs of
        people in Yemen": aid with no recipient named goes to the state the text puts its use in (its people, as
        the labelled news code it); reached like a pronoun, so it scores lower. Not arms (whose user is a side),
        not the donor's own state, not a place in a clause with a subject of its own ("…, he said in Geneva")."""
        own = _slugs(agents) | self.own_states(agents)
        subject = subject_of(verb)
        for place in aid_places(verb, subject):
            found = self.mentions.held_by(place)
            if found is not None and found.actor.type == "State" and found.actor.slug not in own:
                return [Mention(found.actor, found.text, found.start, resolved=True)]
        return []

    def people_placed(self, verb: Token, slots: list[tuple[Token | None, str]], agents: list[Mention]) -> list[Mention]:
        """ "delivered food to 300,000 people in northern Gaza": aid to people whom only a place says anything about
        goes to the state the place lies in (as CAMEO codes a country's civilians); not "Syrian refugees in Jordan",
        whom their adjective names. Reached like a pronoun, so it scores lower."""
        own = _slugs(agents) | self.own_states(agents)
        for token, how in slots:
            if token is None or how != "target" or token.lemma_.lower() not in PLAIN_PEOPLE:
                continue
            if any(
                c.dep_ in ("amod", "compound", "nmod", "poss") and self.mentions.modifier_actor(c)
                for c in token.children
            ):
                continue
            for place in places_of([token, verb], frozenset({"in", "inside"})):  # the parser hangs "in X" on either
                found = self.mentions.held_by(place)
                if found is not None and found.actor.type == "State" and found.actor.slug not in own:
                    return [Mention(found.actor, found.text, found.start, resolved=True)]
        return []

    def people(self, token: Token) -> bool:
        """Whether a phrase is about people ("rebels", "dozens of civilians", "killed dozens"), whom no place stands
        for."""
        if token.pos_ == "NUM":
            return True  # "killed 20 in Gaza"
        if token.lemma_.lower() in self.lexicon.partitive_nouns:
            inner = next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children), None)
            if inner is None:
                return token.lemma_.lower() not in self.lexicon.place_nouns  # "killed dozens in Khartoum"
            token = inner
        return token.lemma_.lower() in self.lexicon.people_nouns | self.args.stands_for_actor
