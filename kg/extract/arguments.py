"""Who an event's subject or object stands for.

In order: an actor the phrase names (gazetteer or NER, "US forces", a resolved pronoun); for a noun that
stands for its actor, the actor it comes from ("diplomats from Poland"); a person or a group the phrase
describes without naming ("Prime Minister Theresa May", "displaced people"), kept as a `Person` or an
`UnknownActor`; for an object that is a thing, its owner ("rejected the Croatian government's request" →
the Croatian government, as CAMEO codes it); for a weapon or an attack as subject, whoever used it ("the
missiles fired by the Israeli military struck…").
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace

from spacy.tokens import Token

from kg.extract.actor import DESCRIPTION, NER, Actor, normalise_name, slugify
from kg.extract.clauses import by_agent, subject_of
from kg.extract.datelines import dateline_heads
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import PLACE_ENTITIES, Mention, Mentions, is_pronoun
from kg.extract.places import PLACE_LABEL

OWNER_DEPS = ("poss", "compound", "nmod", "amod")
AFFILIATION_PREPS = ("of", "from")
OWNER_PREPS = ("of", "by", "from", "for")
DESCRIBED_PREPS = ("of", "from", "in")
# NER labels that hide towns: "Sinjar" as ORG, "al Tanf" as PERSON. (A town NER calls GPE may be a side: the
# labelled news codes "shell Haifa", "aid to Gaza" as acts on the town's people.)
PLACE_LIKE_LABELS = ("ORG", "PERSON")
BLAMING = {"blame": "on", "attribute": "to"}  # "an attack blamed on X": X made it
AMOUNT_WORDS = frozenset({"more", "fewer", "additional", "further", "extra"})
DROPPED_FROM_LABEL = {"det", "predet", "preconj", "nummod", "quantmod", "punct", "advmod", "cc"}


BORDER_NOUNS = ("border", "frontier")
CHARGING_VERBS = frozenset({"accuse", "suspect", "convict", "acquit", "clear", "absolve"})  # "of" the charge
INCLUDING = ("including", "like")
LOCATED_PREPS = ("in", "inside", "near", "outside", "around")
KIND_OWNERS = frozenset({"child", "woman", "man", "girl", "boy", "people", "veteran", "martyr", "refugee", "student"})


class Arguments:
    """Maps the head token of a subject or object phrase to the actors it stands for."""

    def __init__(self, lexicon: Lexicon, mentions: Mentions) -> None:
        self.lexicon = lexicon
        self.mentions = mentions
        self.stands_for_actor = lexicon.agent_nouns | lexicon.military_nouns

    def agents(self, token: Token | None) -> list[Mention]:
        """The actors a subject phrase stands for."""
        if token is None:
            return []
        if (token.lemma_.lower() in self.lexicon.partitive_nouns or token.pos_ == "NUM") and (
            inner := _prep_object(token, ("of",))
        ):
            return self.agents(inner)  # "thousands of protesters", "five of its jets"
        speaker = self.reporter(token)
        if speaker is not None:  # "Russia said it had expelled…": "it" is Russia
            return self.agents(speaker)
        if not self.named(token) and (included := self._included(token)):
            return included
        found = (
            self.named(token)
            # "the group al-Nusra Front"; not "Ranil Wickremesinghe, the former Prime Minister": a person is himself
            or (self._named_appositive(token) if token.pos_ == "NOUN" else [])
            or self.affiliation(token)
            or self.described(token)
        )
        if not found and token.lemma_.lower() in self.lexicon.instrument_nouns:
            found = self.user_of(token)
        return found + self._other_conjuncts(token, found) + self._listed(token, found)

    def _included(self, token: Token, exclude: Set[str] = frozenset()) -> list[Mention]:
        """ "Ethnic armed groups, including the Arakan Army, seized…": the named members of a class the phrase
        names, who did the act (or had it done to them) as far as the text says."""
        return [
            m
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in INCLUDING
            for o in c.children
            if o.dep_ == "pobj"
            for m in self.named(o, exclude)
        ]

    def _listed(self, token: Token, found: list[Mention]) -> list[Mention]:
        """ "The United States, India, Israel and other governments sent…": a list the parser reads as the first
        name with an appositive that has conjuncts of its own; every name in it is a subject."""
        if not found:
            return []
        known = {m.actor.slug for m in found}
        return [
            m
            for a in token.children
            if a.dep_ == "appos" and a.conjuncts
            for m in self.named(a, known) + self._other_conjuncts(a, self.named(a, known))
        ]

    def reporter(self, pronoun: Token) -> Token | None:
        """The subject of the reporting verb whose clause `pronoun` is the subject of ("X says it will…")."""
        clause = pronoun.head
        if (
            pronoun.tag_ != "PRP"
            or pronoun.dep_ != "nsubj"
            or clause.dep_ != "ccomp"
            or clause.head.lemma_.lower() not in self.lexicon.reporting_verbs
        ):
            return None
        speaker = subject_of(clause.head)  # "…, saying it will…": the subject of the sentence
        return speaker if speaker is not None and speaker.tag_ != "PRP" else None

    def targets(self, token: Token | None, exclude: Set[str] = frozenset()) -> list[Mention]:
        """The actors an object phrase stands for (not those in `exclude`, the agents)."""
        if token is None:
            return []
        if token.lemma_.lower() in self.lexicon.partitive_nouns and not self.mentions.at(token):
            inner = _prep_object(token, ("of",))  # "dozens of civilians", "parts of Kashmir"
            found = self.targets(inner, exclude) if inner is not None else []
            if inner is not None and (found or token.lemma_.lower() not in self.lexicon.place_nouns):
                return found  # else "the ISIS-held area of Mosul": the area's holder, below
        if token.lemma_.lower() in BORDER_NOUNS and (other := _prep_object(token, ("with",))) is not None:
            return self.targets(other, exclude)  # "massed troops along its border with Ukraine": Ukraine
        if not self.named(token, exclude) and (included := self._included(token, exclude)):
            return included  # "attacked armed groups, including the ADF"
        found = (
            self.named(token, exclude)
            or self._named_appositive(token, exclude)
            or self.affiliation(token, exclude)
            or self.described(token)
        )
        return (found + self._other_conjuncts(token, found)) or self.owners(token, exclude)

    def _named_appositive(self, token: Token, exclude: Set[str] = frozenset()) -> list[Mention]:
        """ "the group al-Nusra Front", "the militia, Kataib Hezbollah,": a noun that names nothing itself, then the
        name beside it (not a capital after a comma, which says where)."""
        appositive = next((c for c in token.children if c.dep_ == "appos" and not self._capital(c)), None)
        return self.named(appositive, exclude) if appositive is not None else []

    def _other_conjuncts(self, token: Token, found: list[Mention]) -> list[Mention]:
        """ "Separatists and Ukrainian troops": a conjunct no found actor covers may describe one itself."""
        if not found or not token.conjuncts:
            return []
        return [
            m
            for t in (token, *token.conjuncts)
            if not any(_first_word(t) <= f.start <= t.i for f in found)
            if (m := self._describe(t)) is not None
        ]

    def named(self, token: Token, exclude: Set[str] = frozenset()) -> list[Mention]:
        """Actors the phrase names, with its conjuncts; a pronoun's antecedent. Not a name NER took for an
        organisation that GeoNames knows as a place ("Sinjar"): a place is where, not who."""
        if is_pronoun(token):
            found = self.mentions.resolve(token, exclude)
            return [found] if found else []
        return [m for m in self.mentions.of_noun(token) if m.actor.slug not in exclude and not self._place_name(m)]

    def _state(self, token: Token) -> bool:
        """Whether `token` names a state ("in eastern Syria"), which says whose people they are; not a capital named
        for its state ("12 people in Khartoum": where they were)."""
        mention = self.mentions.at(token)
        return mention is not None and mention.actor.type == "State" and not self._capital(token)

    def _capital(self, token: Token) -> bool:
        """ "a house in Silwan, East Jerusalem": a capital after a comma says where, not whose."""
        mention = self.mentions.at(token)
        return mention is not None and normalise_name(mention.text) in self.mentions.gazetteer.capitals

    def _place_name(self, mention: Mention) -> bool:
        """A name NER found that is a town: GeoNames knows it, or a known place follows it after a comma
        ("Khan Sheikhoun, Idlib", as conflict notes name a town and its province)."""
        first = self.mentions.doc[mention.start]
        if mention.actor.origin != NER or first.ent_type_ not in PLACE_LIKE_LABELS:
            return False
        head = first
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        return self._town(head, mention.text)

    def _town(self, head: Token, name: str) -> bool:
        """GeoNames knows `name`, or a known place follows its head after a comma ("Khan Sheikhoun, Idlib")."""
        return self.mentions.gazetteer.place(name) is not None or any(
            c.dep_ == "appos"
            and (
                c.ent_type_ == PLACE_LABEL or (c.ent_type_ in PLACE_ENTITIES and self.mentions.gazetteer.place(c.text))
            )
            for c in head.children
        )

    def affiliation(self, token: Token, exclude: Set[str] = frozenset()) -> list[Mention]:
        """ "diplomats from Poland", "soldiers of the Syrian army", "authorities in Pakistan": the actor
        such a noun comes from."""
        lemma = token.lemma_.lower()
        if lemma not in self.stands_for_actor:
            return []
        preps = AFFILIATION_PREPS + (("in",) if lemma in self.lexicon.institution_nouns else ())
        found = self.named(inner, exclude) if (inner := _prep_object(token, preps)) is not None else []
        if inner is not None and inner.head.lower_ == "in" and (held := self.mentions.held_by(inner)) is not None:
            # "police in Lagos": the police of the state the town lies in, not a side named after the town
            found = [held] if held.actor.type == "State" and held.actor.slug not in exclude else found
        # "police in Kenya", "authorities in Pakistan": the state's police, its government
        organs = self.mentions.organs
        return [replace(m, actor=organs.of(m.actor, lemma)) if m.actor.type == "State" else m for m in found]

    def owners(self, token: Token, exclude: Set[str] = frozenset(), depth: int = 2) -> list[Mention]:
        """ "a UN draft resolution", "Netanyahu's suggestion", "an arms depot of the Syrian army",
        "accusations by Maduro", "the rebel-held enclave", "a camp for Syrian refugees": whose the thing is
        (not "the village of Khiam": a settlement's name is a place; not "Abdullah's father" nor "the OPEC member": kin
        and members are people or states of their own)."""
        if token.lemma_.lower() in self.lexicon.kin_nouns:
            return []
        named_member = token.lemma_.lower() in self.lexicon.membership_nouns
        if token.lemma_.lower() in self.lexicon.place_nouns:  # only who holds it: "the rebel-held city"
            held = [m for c in token.children if c.dep_ in (*OWNER_DEPS, "acl") for m in self._holder(c)]
            return [m for m in held if m.actor.slug not in exclude][:1]
        holders = sorted((c for c in token.children if c.dep_ in OWNER_DEPS and c.i < token.i), key=is_pronoun)
        holders += [
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in OWNER_PREPS
            for o in c.children
            if o.dep_ == "pobj"
        ]
        # "the proposal submitted by China", "abuses committed by the army": its author, the participle's agent
        holders += [a for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN" and (a := by_agent(c))]
        if named_member:  # "the OPEC member", "its ally" are other states; "opposition members" are the opposition
            others = ("PROPN",) if token.lemma_.lower() == "member" else ("PROPN", "PRON")  # "its members": its own
            holders = [h for h in holders if h.pos_ not in others]
        for holder in holders:
            if _kind_of(holder):
                continue  # "a children's hospital": a kind of hospital, not the children's side
            if holder.lower_ == "their" and len(exclude) >= 2:
                continue  # "urged both neighbours to resolve their differences": their own, not a third side's
            found = (
                self.named(holder, exclude)
                or self.described(holder)
                or self._holder(holder)
                or ([m] if (m := self.mentions.modifier_actor(holder)) else [])
            )
            if not found and holder.dep_ == "pobj" and depth > 1:
                found = self.owners(holder, exclude, depth - 1)  # "a ban on imports of Egyptian products"
            found = [self._organ_beside(m, holder, token) for m in found if m.actor.slug not in exclude]
            if found:
                return found
        return []

    def _organ_beside(self, mention: Mention, holder: Token, thing: Token) -> Mention:
        """ "a Malian army convoy": the parser hangs "Malian" and "army" on the convoy side by side; the owner is
        the state's organ the second names (Mali's military), not the state."""
        doc = holder.doc
        beside = doc[holder.i + 1] if holder.i + 1 < thing.i else None
        if beside is None or beside.head != thing or beside.dep_ not in OWNER_DEPS:
            return mention
        if beside.lemma_.lower() not in self.mentions.agent_nouns or self.mentions.at(beside) is not None:
            return mention
        organ = self.mentions.organs.of(mention.actor, beside.lemma_.lower())
        return Mention(organ, doc[holder.i : beside.i + 1].text, mention.start)

    def located(self, token: Token, exclude: Set[str] = frozenset()) -> list[Mention]:
        """ "an airport in southern Saudi Arabia", "a base in Syria", "weapons depots near Damascus": the state a
        struck place lies in, as the text says (a state, or a town the gazetteer places); not a state in `exclude`
        (the attacker's own)."""
        if self.mentions.at(token) is not None:
            return []
        for inner in (
            o
            for c in token.children
            if c.dep_ == "prep" and c.lower_ in LOCATED_PREPS
            for o in c.children
            if o.dep_ == "pobj"
        ):
            if self.mentions.at(inner) is None:  # "in Saudi Arabia's Jizan region"
                inner = next((c for c in inner.children if c.dep_ == "poss"), inner)
            found = self.mentions.at(inner)
            if found is None or found.actor.type != "State":
                found = self.mentions.held_by(inner)
            if found is not None and found.actor.type == "Government" and found.actor.part_of is not None:
                state = self.mentions.gazetteer.actors.get(found.actor.part_of)  # "near Damascus": Syria, the place
                found = Mention(state, found.text, found.start) if state is not None else found
            if found is not None and found.actor.type == "State" and found.actor.slug not in exclude:
                return [Mention(found.actor, found.text, found.start, resolved=True)]
        return []

    def _holder(self, participle: Token) -> list[Mention]:
        """ "rebel-held", "ISIS-controlled", "held by the Arakan Army": who holds the place."""
        if participle.tag_ != "VBN" or participle.lemma_.lower() not in self.lexicon.control_participles:
            return []
        if participle.dep_ == "acl" and (agent := by_agent(participle)) is not None:
            return self.named(agent)[:1]  # "villages held by the Arakan Army"
        found = [
            self.mentions.modifier_actor(c) or next(iter(self.mentions.of_noun(c, coordinated=False)), None)
            for c in participle.children
            if c.dep_ in ("npadvmod", "compound", "nmod")
        ]  # "rebel-held": generic
        return [m for m in found if m][:1]

    def user_of(self, weapon: Token) -> list[Mention]:
        """Who used a weapon or made an attack: "by X", "fired by X", "blamed on X", "Israeli missiles"."""
        participles = [c for c in weapon.children if c.dep_ == "acl"]
        agents = [a for h in (weapon, *participles) if (a := by_agent(h)) is not None]
        if (agent := next(iter(agents), None) or blamed_on(weapon)) is not None:
            return self.named(agent) or self.described(agent)
        found = [self.mentions.modifier_actor(c) for c in weapon.children if c.dep_ in OWNER_DEPS]
        return [m for m in found if m][:1]

    def described(self, token: Token) -> list[Mention]:
        """People or a group the phrase describes without naming, with its conjuncts."""
        return [m for m in (self._describe(t) for t in (token, *token.conjuncts)) if m]

    def _describe(self, head: Token) -> Mention | None:
        doc = head.doc
        first = _first_word(head)
        if head.ent_type_ == "PERSON":
            name = self.mentions.entity_at(head.i)
            if name is not None and self._town(name.root, name.text):
                return None  # NER's person is a town GeoNames knows
            return _described(name.text if name else head.text, "Person", doc[first : head.i + 1].text, first)
        if head.pos_ == "PROPN" and not head.ent_type_ and (head.is_title or head.is_upper):  # "Theresa May", "ELN"
            label = " ".join(t.text for t in doc[first : head.i + 1] if not _dropped(t, head))
            return _described(label, "UnknownActor", doc[first : head.i + 1].text, first)
        if head.lemma_.lower() not in self.lexicon.people_nouns or head.pos_ not in ("NOUN", "PROPN"):
            return None
        last = head.i
        after = next(
            (c for c in head.children if c.dep_ == "prep" and c.lower_ in DESCRIBED_PREPS and c.i == head.i + 1), None
        )
        if after is not None and after.lower_ == "of" and head.lemma_.lower() in self.lexicon.motion_nouns:
            return None  # "the movement of aid workers": a motion, not a group
        place = _prep_object(head, (after.lower_,)) if after is not None else None
        if (
            place is not None
            and after is not None
            and after.lower_ == "in"
            and head.lemma_.lower() not in self.lexicon.institution_nouns
            and not self._state(place)
        ):
            place = None  # "2 children in Taiz": where they were; but "people in Nigeria", "authorities in Pakistan"
        if place is not None and after is not None and after.lower_ == "of" and _charged(head):
            place = None  # "accused the rebels of abuses": the charge, which the parser hangs on them
        if place is not None and place.pos_ in ("NOUN", "PROPN"):
            last = place.i  # "refugees from Afghanistan", "authorities in Pakistan", "supporters of the opposition"
        number = next((c for c in head.children if c.dep_ == "nummod" and c.i > first), None)
        if number is not None and all(t.pos_ == "ADJ" for t in doc[first : number.i]):
            first = number.i  # "shot dead 3 civilians": "dead" says what was done to them, not who they are
        words = [t for t in doc[first : last + 1] if not _dropped(t, head)]
        if len(words) < 2 and head.lemma_.lower() in self.stands_for_actor | self.lexicon.institution_nouns:
            return None  # "the government", "officials": too vague to be one actor across articles
        return _described(" ".join(t.text for t in words), "UnknownActor", doc[first : last + 1].text, first)


def _charged(head: Token) -> bool:
    """ "accused the rebels of abuses": the object of a verb whose "of" says with what it is charged."""
    return head.dep_ == "dobj" and head.head.lemma_.lower() in CHARGING_VERBS


def _described(label: str, kind: str, text: str, start: int) -> Mention:
    return Mention(Actor(slug=slugify(label), label=label, type=kind, origin=DESCRIPTION), text, start)


def _prep_object(token: Token, preps: tuple[str, ...]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def blamed_on(thing: Token) -> Token | None:
    """Whom an attack is laid at the door of: the object of "blamed on", "attributed to" after it, or of "blamed the
    attack on" (the parser hangs "on X" on the verb or on the attack)."""
    blamers = [c for c in thing.children if c.dep_ == "acl" and c.lemma_.lower() in BLAMING]
    if thing.dep_ == "dobj" and thing.head.lemma_.lower() in BLAMING:
        blamers.append(thing)  # the preposition on the noun
        blamers.append(thing.head)
    for blamer in blamers:
        prep = BLAMING[(blamer if blamer is not thing else thing.head).lemma_.lower()]
        for child in blamer.children:
            if child.dep_ == "prep" and child.lower_ == prep:
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _kind_of(holder: Token) -> bool:
    """ "children's" in "a children's hospital", "women's" in "a women's prison": who a place is for, saying what kind
    it is; no owner."""
    return (
        holder.dep_ == "poss"
        and holder.tag_ == "NNS"
        and holder.lemma_.lower() in KIND_OWNERS
        # "a children's hospital": the parser gives the phrase's "a" to "children"; "the children's school" is theirs
        and not any(
            c.dep_ in ("poss", "nummod") or (c.dep_ == "det" and c.lower_ not in ("a", "an")) for c in holder.children
        )
    )


def _first_word(head: Token) -> int:
    """Where the phrase headed by `head` starts, before any words after the head."""
    # "MAPUTO, Mozambique (AP) — Islamist insurgents…": the parser may hang a dateline on the subject; it is not theirs
    heads = dateline_heads(head.doc)
    left = [c for c in head.children if c.i < head.i and c.dep_ not in ("punct", "cc", "conj") and c.i not in heads]
    return min((c.left_edge.i for c in left if c.left_edge.i not in heads), default=head.i)


def _dropped(token: Token, head: Token) -> bool:
    """Words a described actor's label leaves out: determiners, numbers, "at least", pronouns."""
    if token.i == head.i:
        return False
    if token.dep_ in DROPPED_FROM_LABEL or token.like_num or token.pos_ in ("PRON", "DET", "PUNCT"):
        return True
    if token.lower_ in AMOUNT_WORDS:
        return True  # "any more Rohingya refugees" are Rohingya refugees
    return any(a.dep_ in ("nummod", "quantmod") for a in token.ancestors if a.i != head.i and head in a.ancestors)
