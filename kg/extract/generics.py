"""Actors an article names only through its context: generic names, in-text acronyms, the state in view.

- Generic names (`data/generics.toml`: "the rebels", "the coalition", "government forces", "police") stand
  for the last actor of a fitting class named before them in the article ("Houthi rebels … the rebels"),
  a coalition the article says someone led ("a Saudi-led strike … the coalition said"), or else the
  matching sector of the state in view ("police" in a Yemen story → Yemen's police). Never a fixed actor.
- The state in view is the state the article names most: its organs, its armed groups (by CAMEO code:
  `YEMREB`) and places in it count for it, a place twice ("in Yemen": where things happen); a leader of
  someone else's act ("a Saudi-led strike") does not count. The first named wins a tie.
- "the Rapid Support Forces (RSF)": the acronym names the same actor everywhere in the article.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from kg.extract.actor import DESCRIPTION, Actor, slugify
from kg.extract.clauses import is_definite, phrase_start
from kg.extract.gazetteer import Gazetteer

DATA = Path(__file__).parent / "data" / "generics.toml"
MODIFIER_DEPS = ("compound", "amod", "nmod")
COALITION = "Coalition"
STATE_SIDES = {"State", "Government", "GovernmentForces"}  # a state and its organs, not its rebels or opposition
REBEL_SECTORS = {"REB", "INS", "OPP", "UAF", "RAD"}  # CAMEO sectors of a state's people who fight or oppose it
COUNT_DEPS = ("det", "predet", "nummod", "quantmod")
AFFILIATION_PREPS = {"of", "from", "in"}
OWN_REPORT_VERBS = frozenset({"say", "tell", "report", "announce", "confirm", "add", "state"})
SEATED_SECTORS = frozenset({"GOV", "COP", "JUD", "LEG"})  # institutions that sit in their own state (`_seated`)
LOCATIVE_PREPS = {"in", "near", "around", "at", "across", "inside", "outside", "within", "throughout"}


@dataclass(frozen=True)
class Generic:
    """What a generic name may stand for: a named actor of `refers` (of the state in view when `own`),
    else the state's `sector`."""

    refers: frozenset[str]
    own: bool = False
    sector: str | None = None


def load_generics(path: Path = DATA) -> dict[str, Generic]:
    """`data/generics.toml`: lemma key ("rebel", "government force") → generic."""
    with path.open("rb") as handle:
        rows = tomllib.load(handle)
    return {
        key: Generic(frozenset(row.get("refers", ())), row.get("own", False), row.get("sector"))
        for key, row in rows.items()
    }


GENERICS = load_generics()


class Context:
    """One article's context for its generic names: the state in view and the names said so far."""

    def __init__(
        self, doc: Doc, gazetteer: Gazetteer, named: list[tuple[int, Actor]], placed: Iterable[tuple[int, Actor]] = ()
    ) -> None:
        """`named`: (first token, actor) of each name the article gives, in order; `placed`: (first token, the
        state it lies in) of each place it names ("in Aden": Yemen), which counts for the state in view only."""
        self.doc = doc
        self.gazetteer = gazetteer
        seen = sorted([*named, *placed], key=lambda pair: pair[0])
        self.in_view = state_in_view(((actor, _weight(doc[start])) for start, actor in seen), gazetteer)
        # "The al-Qaida-linked group", "a militia allied to Iran": a group named as another's tie is not what a
        # later "the militants" stands for
        antecedents = [(start, actor) for start, actor in named if not is_tie(doc[start])]
        self.named = sorted(
            antecedents + led_coalitions(doc, gazetteer, {start for start, _ in named}), key=lambda pair: pair[0]
        )

    def resolve(
        self,
        head: Token,
        actor_at: Callable[[Token], Actor | None],
        state_at: Callable[[Token], Actor | None] = lambda _: None,
        is_place: Callable[[Token], bool] = lambda _: False,
    ) -> tuple[Actor, int] | None:
        """The actor a generic noun phrase headed by `head` stands for, and where its words start. `state_at`: the
        state a place phrase's word lies in ("in Idlib" → Syria); `is_place`: whether a word is a place's."""
        key = generic_key(head, GENERICS)
        if key is None:
            return None
        generic = GENERICS[key]
        if any(c.dep_ == "appos" and actor_at(c) is not None for c in head.children):
            return None  # "the group al-Shabaab": the name beside it says who
        start = phrase_start(head)
        if (located := self._located(head, generic, state_at)) is not None:
            return located, start
        if (seated := self._seated(head, generic, state_at)) is not None:
            return seated, start
        if any(_affiliation(c, generic, is_place, actor_at) for c in head.children):
            return None  # "soldiers of the Syrian army": the affiliation says whose
        # "the army in North Kivu", in a text that names no state: the state the place lies in
        # "a police headquarters in eastern Afghanistan": where the thing they own is says whose they are
        owned_place = _placed(head.head, state_at) if head.dep_ == "compound" else None
        scene = _scene(head, state_at) or owned_place or (_placed(head, state_at) if self.in_view is None else None)
        if scene is not None and scene != self.in_view and generic.sector is not None:
            # "Meanwhile in Haiti, gangs attacked a police station": the sentence is set in another state than the
            # article's; its unnamed organs are that state's
            actor = self.gazetteer.codes.of_state(scene, generic.sector)
        else:
            # before the phrase: "the al-Qaida-linked group" is not al-Qaeda
            actor = (
                _reporting_own(head, generic, actor_at, self.gazetteer)
                or self._named_before(start, generic)
                or self._fighting_in_view(generic)
                or self._sector(generic)
            )
        if actor is not None and self._subject_owns(head, actor, actor_at):
            if generic.own:
                return None  # "Turkey mobilized troops against the Kurds": its own troops are what it moves
            actor = None  # "Russian jets bombed the rebels": not Russia's own rebels
        opposed = actor is not None and generic.own and self._object_owns(head, actor, actor_at)
        if opposed:
            actor = None  # "the Prime Minister accused Pakistan": not Pakistan's own, whoever's it is
        if actor is None and key not in CLASS_NOUNS and (" " in key or not generic.own or opposed):
            # No context: a described actor ("coalition aircraft", "rebels"); "the army" alone is too vague.
            text = self.doc[_named_from(head) : head.i + 1].text
            # A generic names what it refers to or a sector (load_generics), so the key is never "".
            kind = next(iter(sorted(generic.refers)), None) or self.gazetteer.sectors[generic.sector or ""].type
            actor = Actor(slug=slugify(text), label=text, type=kind, origin=DESCRIPTION)
        return (actor, start) if actor else None

    def _located(self, head: Token, generic: Generic, state_at: Callable[[Token], Actor | None]) -> Actor | None:
        """ "rebels in Idlib", "militants near Peshawar": those who fight or oppose where they are belong to that
        place's state (a group of theirs named before, else the state's sector), whoever's forces act on them. Not
        a state's own organs: "troops in Syria" may be anyone's."""
        if generic.own or generic.sector is None:
            return None
        state = _placed(head, state_at)
        if state is None:
            return None
        for start, actor in reversed(self.named):
            if start < head.i and actor.type in generic.refers and state_of(actor, self.gazetteer) == state:
                return actor  # "Houthi rebels … rebels in Saada"
        return self.gazetteer.codes.of_state(state, generic.sector)

    def _seated(self, head: Token, generic: Generic, state_at: Callable[[Token], Actor | None]) -> Actor | None:
        """ "the junta in Niger", "the government in Kabul", "police in Kenya": a state's institutions sit in it, where
        "troops in Syria" may be anyone's."""
        if not generic.own or generic.sector not in SEATED_SECTORS:
            return None
        state = _placed(head, state_at)
        return self.gazetteer.codes.of_state(state, generic.sector or "") if state is not None else None

    def _named_before(self, index: int, generic: Generic) -> Actor | None:
        if generic.own and self.in_view is None:
            return None
        for start, actor in reversed(self.named):
            if (
                start < index
                and actor.type in generic.refers
                and (not generic.own or state_of(actor, self.gazetteer) == self.in_view)
            ):
                return actor
        return None

    def _fighting_in_view(self, generic: Generic) -> Actor | None:
        """The coalition whose theatre is the state in view: "coalition airstrikes hit Houthi positions"."""
        if COALITION not in generic.refers or self.in_view is None:
            return None
        return self.gazetteer.coalitions_in.get(self.in_view.cameo or "")

    def _sector(self, generic: Generic) -> Actor | None:
        if generic.sector is None or self.in_view is None:
            return None
        return self.gazetteer.codes.of_state(self.in_view, generic.sector)

    def _object_owns(self, head: Token, actor: Actor, actor_at: Callable[[Token], Actor | None]) -> bool:
        """A subject acts on another than its own state: its verb's object is not that state."""
        return self._other_side_shares_state(head, actor, actor_at, ("nsubj", "dobj"))

    def _subject_owns(self, head: Token, actor: Actor, actor_at: Callable[[Token], Actor | None]) -> bool:
        return self._other_side_shares_state(head, actor, actor_at, ("dobj", "nsubj"))

    def _other_side_shares_state(
        self, head: Token, actor: Actor, actor_at: Callable[[Token], Actor | None], roles: tuple[str, str]
    ) -> bool:
        """`head` fills the first role of its verb, and an actor in the second role is `actor`'s state or one of its
        organs. An armed group or opposition of that state is no part of it: "Taliban militants killed 10 soldiers",
        "Houthi rebels accused the government" act on the state's own forces and government."""
        own, other = roles
        if head.dep_ != own:
            return False
        state = state_of(actor, self.gazetteer)
        phrases = [c for c in head.head.children if c.dep_ == other]
        if other == "dobj":  # "ordered French troops to leave": an object is named by its modifier as often as its head
            phrases += [m for c in phrases for m in c.children if m.dep_ in MODIFIER_DEPS]
        sides = [actor_at(c) for c in phrases]
        return state is not None and any(s and _state_side(s) and state_of(s, self.gazetteer) == state for s in sides)


def _reporting_own(
    head: Token, generic: Generic, actor_at: Callable[[Token], Actor | None], gazetteer: Gazetteer
) -> Actor | None:
    """ "Israeli forces arrested 15 Palestinians, the army said": an organ that reports what an organ of its kind did
    is that organ (a story about both sides would name the other's army)."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_.lower() not in OWN_REPORT_VERBS or generic.sector is None:
        return None
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        for subject in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            doer = actor_at(subject)
            state = state_of(doer, gazetteer) if doer is not None and doer.type != "State" else None
            if state is not None and gazetteer.codes.of_state(state, generic.sector) == doer:
                return doer
    return None


def _named_from(head: Token) -> int:
    """Where a described actor's name starts: "armed rebels" of "at least 20 armed rebels", whose count is no part
    of who they are (or every count would be an actor of its own)."""
    for child in head.lefts:
        if child.dep_ not in COUNT_DEPS and not child.like_num:
            return child.left_edge.i
    return head.i


def _affiliation(
    child: Token, generic: Generic, is_place: Callable[[Token], bool], actor_at: Callable[[Token], Actor | None]
) -> bool:
    """ "of the Syrian army", "in the Syrian army": whose the head is. "militants in Waziristan" only says where they
    are; "the security force in Afghanistan" may be anyone's, and the place is what the sentence names."""
    objects = [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
    if child.lower_ not in AFFILIATION_PREPS or not objects:
        return False  # "accused the rebels of killing civilians": of an act, not of a side
    if not any(o.pos_ == "PROPN" or actor_at(o) is not None or generic_key(o, GENERICS) for o in objects):
        return False  # "accused the rebels of abuses": of a charge, whoever's they are
    where = child.lower_ == "in" and any(c.dep_ == "pobj" and is_place(c) for c in child.children)
    return generic.own or not where


def one_state_sides(first: Actor, second: Actor, gazetteer: Gazetteer) -> bool:
    """Whether both are a state or its organs, and the same state's: "the army" and "the country's soldiers"."""
    if not (_state_side(first) and _state_side(second)):
        return False
    state = state_of(first, gazetteer)
    return state is not None and state == state_of(second, gazetteer)


def _state_side(actor: Actor) -> bool:
    """A state, its organs, or a person of the state who is none of its rebels or opposition (by CAMEO code)."""
    if actor.type == "Person":
        return (actor.cameo or "")[3:6] not in REBEL_SECTORS
    return actor.type in STATE_SIDES


def _weight(token: Token) -> int:
    """How much a mention says about the state in view: a place twice, and twice again in the lead; a leader
    ("Saudi-led") or a sponsor ("backed by Rwanda", "Iran-backed") not, who is named for someone else's war."""
    if leads(token) or _sponsors(token):
        return 0
    lead = 2 if token.i < _lead_end(token.doc) else 1  # the first sentence says where the story is; the rest adds
    while token.dep_ == "compound" and token.head.i > token.i:  # "Saudi" of "Saudi Arabia"
        token = token.head
    return lead * (2 if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS else 1)


LEAD_KEY = "kg.lead-end"  # in Doc.user_data
TIES = frozenset({"linked", "affiliated", "allied", "aligned", "tied", "connected", "inspired"})
SPONSORED = frozenset({"backed", "supported", "armed", "funded", "sponsored", "financed"})
# Words that hedge who someone is without saying more: "suspected jihadists" are jihadists, as far as the text goes.
HEDGING_MODIFIERS = frozenset({"suspected", "alleged", "presumed", "purported"})
# What an armed body fights with or by: "army drones", "militia fighters" are the generic modifier's own.
FORCE_HEADS = frozenset(
    {"drone", "jet", "warplane", "aircraft", "plane", "helicopter", "gunship", "artillery", "tank", "troop", "soldier"}
    | {"unit", "fighter", "sniper", "patrol", "convoy", "commander", "officer", "spokesman", "spokesperson"}
)
# Nouns that, generic, stand for an actor named before only as "the X": "the militant group", not "armed groups".
CLASS_NOUNS = frozenset({"group"})


def _placed(head: Token, state_at: Callable[[Token], Actor | None]) -> Actor | None:
    """The state a place phrase on `head` lies in: "rebels in Idlib", "the army in North Kivu"."""
    places = (p for c in head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS for p in c.children)
    return next((found for p in places if p.dep_ == "pobj" and (found := state_at(p)) is not None), None)


def _scene(head: Token, state_at: Callable[[Token], Actor | None]) -> Actor | None:
    """The state a sentence is set in by a place put before its subject: "In Haiti, gangs attacked…", "Meanwhile in
    Sudan, the army…"."""
    root = head.sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "in"):
        place = next((o for o in prep.children if o.dep_ == "pobj"), None)
        if place is not None and (subject is None or prep.i < subject.i) and (state := state_at(place)) is not None:
            return state
    return None


def generic_key(head: Token, generics: dict[str, Generic]) -> str | None:
    """The generic name a noun phrase's head (with the modifier right before it) is: "government forces"."""
    lemma = head.lemma_.lower()
    if lemma in CLASS_NOUNS and (head.tag_ == "NNS" or not is_definite(head)):
        return None  # "the militant group" is the one named before; "armed groups" are any
    modifiers = [
        c for c in head.children if c.dep_ in MODIFIER_DEPS and c.i < head.i and c.lower_ not in HEDGING_MODIFIERS
    ]
    if modifiers:
        modifier = modifiers[-1].lemma_.lower()
        pair = f"{modifier} {lemma}"
        if pair in generics:
            return pair
        # "army drones", "militia fighters": the arms or men of the generic that modifies them
        is_generic_owner = modifiers[-1].pos_ == "NOUN" and modifier in generics and lemma in FORCE_HEADS
        return modifier if is_generic_owner else None  # "Houthi rebels" is no generic: its modifier names
    return lemma if lemma in generics else None


def state_of(actor: Actor, gazetteer: Gazetteer) -> Actor | None:
    """The state an actor is, or is an organ, sector or (by its CAMEO code) an armed group of: its own code first, so
    al-Shabaab (SOMINS, a member of al-Qaeda) is Somalia's, not the state of al-Qaeda (none)."""
    for _ in range(4):
        if actor.type == "State":
            return actor
        if (coded := gazetteer.codes.state(actor.cameo)) is not None:
            return coded
        parent = actor.part_of or actor.member_of
        if parent is None or parent not in gazetteer.actors:
            return None  # its own code named no state (above)
        actor = gazetteer.actors[parent]
    return None


def state_in_view(named: Iterable[tuple[Actor, int]], gazetteer: Gazetteer) -> Actor | None:
    """The state with the most weight (`named`: actors with the weight of their mention), the first named on
    a tie."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for position, (actor, weight) in enumerate(named):
        state = state_of(actor, gazetteer) if weight else None
        if state is not None:
            counts[state.slug] += weight
            first.setdefault(state.slug, position)
    if not counts:
        return None
    return gazetteer.actors[max(counts, key=lambda slug: (counts[slug], -first[slug]))]


def _lead_end(doc: Doc) -> int:
    """Where the first sentence ends (found once per document: `Token.sent` walks the sentence each time)."""
    if (end := doc.user_data.get(LEAD_KEY)) is None:
        end = doc.user_data[LEAD_KEY] = next(iter(doc.sents)).end if len(doc) else 0
    return int(end)


def _sponsors(token: Token) -> bool:
    """ "Rwanda" in "M23 rebels backed by Rwanda" or "Rwanda-backed rebels": the sponsor of another's fighters."""
    return _hyphened(token, SPONSORED) or _object_of(token, ("by",), SPONSORED)


def is_tie(token: Token) -> bool:
    """A name that says whom another is tied to: "al-Qaida" in "al-Qaida-linked", "linked to al-Qaida", "allied with
    Iran"."""
    return _hyphened(token, TIES) or _object_of(token, ("to", "with"), TIES)


def _hyphened(token: Token, words: frozenset[str]) -> bool:
    """The name starting at `token` joined by a hyphen to one of `words`: "Rwanda-backed", "al-Qaida-linked"."""
    doc = token.doc
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1  # the name's last word: "Qaida" of "al-Qaida"
    return end + 2 < len(doc) and doc[end + 1].text == "-" and doc[end + 2].lower_ in words


def _object_of(token: Token, preps: tuple[str, ...], words: frozenset[str]) -> bool:
    """The name is the object of one of `preps` on one of `words`: "backed by Rwanda", "linked to al-Qaida"."""
    while token.dep_ == "compound" and token.head.i > token.i:  # "Saudi" of "Saudi Arabia"
        token = token.head
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ in preps and prep.head.lower_ in words


def leads(token: Token) -> bool:
    """ "Saudi" in "a Saudi-led strike": the leader of someone else's act."""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and doc[token.i + 2].lower_ == "led"


def led_coalitions(doc: Doc, gazetteer: Gazetteer, named: set[int]) -> list[tuple[int, Actor]]:
    """ "a Saudi-led strike", "the US-led coalition": (position, the coalition its leader leads); `named`:
    the tokens where a name starts."""
    return [
        (token.i, coalition)
        for token in doc
        if token.i - 2 in named and (coalition := led_coalition(token, gazetteer)) is not None
    ]


def led_coalition(token: Token, gazetteer: Gazetteer) -> Actor | None:
    """The coalition "led" at `token` names, if the gazetteer knows one by that leader ("Saudi-led" → the Saudi-led
    coalition)."""
    doc = token.doc
    if token.lower_ != "led" or token.i < 2 or doc[token.i - 1].text != "-":
        return None
    coalition = gazetteer.actor(f"{doc[token.i - 2].text}-led coalition")
    return coalition if coalition is not None and coalition.type == COALITION else None


def acronyms(doc: Doc, actor_at: Callable) -> dict[str, Actor]:
    """ "the Rapid Support Forces (RSF)": acronym → the actor of the name before it."""
    found: dict[str, Actor] = {}
    for token in doc[2 : len(doc) - 1]:
        before, after = doc[token.i - 1], doc[token.i + 1]
        if before.text == "(" and after.text == ")" and _is_acronym(token.text):
            named = actor_at(doc[token.i - 2])
            # "KABUL (AFP) -": a dateline's town names where the wire wrote, not what the acronym stands for.
            if named is not None and named.actor.type != "State":
                found.setdefault(token.text, named.actor)
    return found


def is_acronym_use(token: Token, acronym: str) -> bool:
    """`token` is the acronym, not an English word in capitals ("IS" the group, not the verb)."""
    if token.text != acronym:
        return False
    return token.lower_ not in STOP_WORDS or token.tag_ in ("NNP", "NNPS")


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 8 and letters.isalnum() and letters.isupper()
