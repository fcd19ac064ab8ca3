"""Dependency patterns: who does what to whom in one sentence.

Constructions: active ("Russian jets bombed X"), passive ("X were destroyed by coalition aircraft"),
phrasal ("called on X"), verb + object collocations ("lifted sanctions on X"), nominal events with a
light verb ("launched an attack on X", "held talks with X") or standing alone ("a fierce ISIS attack",
"US sanctions on Iran", "an attack by X on Y"), adjectival ("Iranian-backed forces"), coordination
(both conjuncts), control ("vowed to attack X": modality intent; "refused to release X": negated),
negation. A negated cooperative act is also a rejection, as CAMEO codes it ("will not release").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from kg.extract.actor import DESCRIPTION
from kg.extract.arguments import BLAMING, BORDER_NOUNS, Arguments, blamed_on
from kg.extract.clauses import (
    MODALS,
    RELATIVE_PRONOUNS,
    SUBJECT_DEPS,
    USING_VERBS,
    by_agent,
    governors,
    is_definite,
    is_negated,
    is_passive,
    is_purpose,
    is_reported_act,
    is_time,
    modality,
    subject_of,
)
from kg.extract.complements import HYPOTHETICAL, THREATENING, rebutted, reciprocal, threat_code
from kg.extract.complements import complement_subject as _complement_subject
from kg.extract.deployments import Deployments
from kg.extract.generics import state_of
from kg.extract.ground import FORCE_ROOTS, TAKES_GROUND, Ground
from kg.extract.lexicon import ACCUSES, PLACE_PREPS, PROTESTS, REJECTS, REQUESTS, Lexicon, Sense
from kg.extract.mentions import Mention, Mentions, is_pronoun
from kg.extract.mentions import slugs as _slugs

AID_ROOT, ARMS_CODE, YIELD_ROOT = "07", "072", "08"
ASYLUM_CODE = "075"
# Yielding, rejecting or cutting relations: what such a verb's object names is not done ("called off a strike",
# "rejected any cooperation with the ICC")
GIVING_UP = (YIELD_ROOT, "12", "16")
GIVES_ARMS = Sense("arms", ARMS_CODE, preps=("to",), theme=True)  # military aid, by what is given (`_given`)
GIVES_MONEY = Sense("funds", "071", preps=("to", "for"), theme=True)  # financial aid
# Measures that reduce ties or coerce (CAMEO 16, 17): "in relation to X" names whom they are aimed at.
PUNITIVE_ROOTS = {"16", "17"}
REGARDING_NOUNS = ("relation", "regard", "respect")
GERUND_PREPS = ("with", "to", "from", "in")  # "trading with X", "travelling to X", "importing from X"
COOPERATIVE_ROOTS = {"03", "04", "05", "06", "07", "08"}
# Event nouns whose "of" names the victim once the doer is known: "the invasion of Ukraine by Russia".
PATIENT_OF_ROOTS = {"15", "16", "17", "18", "19", "20"}
NAMING_VERBS = {"name", "dub", "call", "codename", "code-name", "christen", "title"}
ONE_SIDED = {"intent", "requested"}
TROOPS = (
    "troop"  # a collocation of "troop" holds for every armed force ("withdraw troops": withdraw jets, units, fighters)
)
# Acts a purpose clause names that the sending, giving or going it is the aim of carries out (`_carried_purpose`).
CARRIED_ROOTS = {"05", "06", "07", "14"}
# Force an armed sending aims at: "sent troops to fight al-Shabaab", "deployed jets to strike ISIS" (its intent).
AIMED_ROOTS = {"18", "19"}
MEDIATION = "045"
DOING_VERBS = ("carry", "commit", "perpetrate", "conduct", "launch", "stage")  # what tells who did an act
AGREES = "agrees"
ROLE_PREPS = ("as", "under")  # "verb prep noun" collocations: "hold as hostage", "place under arrest"
LAUNCH_PREPS = ("at", "on", "into", "against", "toward", "towards")
PARTICLES_SET_OFF = {"blow": "up", "set": "off"}
DETONATION_PREPS = ("at", "near", "outside", "into", "inside", "in front of", "on")
RELEASING, FREE = ("let", "set"), ("free", "loose")
ON_EVENT_VERBS = ("go", "be", "remain", "stay")
# "received tanks from X", "bought jets from France": X's aid (`_received`)
RECEIVING_VERBS = ("receive", "obtain", "get", "acquire", "accept", "buy", "purchase", "import")
DYING_VERBS = ("die", "perish")  # the dead are the target, the attack they died in says by whom (`_died`)
ENGAGING_VERBS = ("engage", "participate")  # "engaged in talks": the talks are the event (`_on_event`)
AT_EVENT_NOUNS = ("war",)  # "has been at war with X": the lexicon's "at war", each side's fight with the other
# Leaving an organisation or an alliance reduces relations with it (CAMEO 16), as withdrawing from a place does not
# ("Mali quit ECOWAS", "announced its withdrawal from NATO"; `_membership_left`)
LEAVES = Sense("sanctions", "160", preps=("from", "of"))
# Aid approved is aid given ("approved a loan for Egypt"), of the kind what is approved makes it (`_approved`).
APPROVING_VERBS = ("approve", "authorize", "authorise")
APPROVED_CARRIERS = frozenset({"sale", "transfer", "delivery", "shipment", "package", "purchase"})
WITHDRAWING = "withdraw"
LEAVING_VERBS = ("quit", "leave", "exit", WITHDRAWING)
WITHDRAWAL_CODE = "0873"
CLAIMING_VERBS = ("claim",)  # "claimed the attack": claimed to have done it
MOBILIZES = "mobilizes"
COMPLEMENTS = ("ccomp", "xcomp")
FIGHTS_BESIDE = "cooperatesMilitarily"  # "fought alongside X against Y": X fought Y too (`_besides`)
UNDERGOING_VERBS = ("come", "be")  # "came under fire from X", "was under attack"
SUFFERING_VERBS = ("suffer", "sustain", "endure", "face")  # "suffered attacks from X": done to the subject
FIRE_NOUNS = ("fire", "gunfire")  # "under fire": attacked (a fire alone is no event)
CALLING_VERBS = ("call",)  # "called a general strike": a light verb for protests only (`_called_protest`)
MISSION_PREPS = PLACE_PREPS | {"before", "to", "toward", "towards"}  # "marched to the US embassy"


@dataclass(frozen=True)
class Candidate:
    """A relation found in a sentence before actors are paired; `form` tells how it was found."""

    sense: Sense
    trigger: Token
    agents: list[Mention]
    targets: list[Mention]
    form: str
    negated: bool = False
    modality: str | None = None
    extra: dict = field(default_factory=dict)


class PatternMatcher:
    """Applies the lexicon to a parsed sentence."""

    def __init__(self, lexicon: Lexicon, mentions: Mentions) -> None:
        self.lexicon = lexicon
        self.mentions = mentions
        self.args = Arguments(lexicon, mentions)
        self.deployments = Deployments(lexicon, mentions, self.args)
        self.ground = Ground(lexicon, mentions, self.args)

    def find(self, sent: Span) -> list[Candidate]:
        """Candidate relations in `sent`; targets may be empty when the text leaves them implicit."""
        found: list[Candidate] = []
        for token in sent:
            pos = token.pos_
            if pos in ("VERB", "AUX") or token.tag_.startswith("VB") or _headline_verb(token):
                found += self._verbal(token)
            if pos in ("NOUN", "PROPN"):
                found += self._nominal(token) or self._claimed_unsaid(token)
            if token.lemma_.lower() in self.lexicon.reporting_verbs:
                found += self._reported_demand(token)
            if token.lemma_.lower() in self.lexicon.deployment_words:
                found += self._peacekeeping(token)
        # "stormed a base, killing 17 soldiers": the casualties are the attack's, one event, when the attack finds
        # whom it struck; "shelled a village, killing three civilians" strikes no one named but the dead.
        aimed = {c.trigger.i for c in found if c.targets}
        found = [c for c in found if (attack := self._consequence(c.trigger, c.sense)) is None or attack.i not in aimed]
        # An event with its doer unsaid is kept for the pipeline to take the doer from the context.
        found = [reciprocal(self._membership_left(c)) for c in found if c.agents or c.targets]
        found += [refusal for c in found if (refusal := self._as_refusal(c))]
        # An intended act is one side's ("wants to negotiate with X"); a planned meeting is both sides'.
        return found + [
            replace(c, agents=c.targets, targets=c.agents)
            for c in found
            if c.agents and c.targets and c.sense.symmetric and c.modality not in ONE_SIDED
        ]

    # verbs ----------------------------------------------------------------------------------
    def _verbal(self, verb: Token) -> list[Candidate]:
        if verb.lemma_.lower() in DYING_VERBS:
            return self._died(verb)
        if verb.lemma_.lower() in RECEIVING_VERBS and (received := self._received(verb)):
            return received
        if verb.lemma_.lower() in LEAVING_VERBS and (left := self._left(verb)):
            return left
        if verb.lemma_.lower() in APPROVING_VERBS and (approved := self._approved(verb)):
            return approved
        sense, anchor = self._verb_sense(verb)
        carried = sense is not None and self._carried_purpose(verb, sense)
        if (
            sense is None
            or not (is_reported_act(verb) or self._demanding_purpose(verb, sense) or carried)
            or self._threatened(verb)
            or self._same_act_purpose(verb, sense)
        ):
            return []
        if verb.dep_ == "amod" and verb.tag_ == "VBN":
            return self._adjectival(verb, sense)
        flags = self._clause_flags(verb.head if carried else verb)
        if carried and sense.cameo[:2] in AIMED_ROOTS and flags["modality"] in (None, "future"):
            flags["modality"] = "intent"  # "sent troops to fight al-Shabaab": the aim of the sending, not yet a fight
        if flags["modality"] == "obligation":
            return []  # "Turkey must mediate": a demand (see _reported_demand), not an event
        if is_passive(verb):
            agents = self.args.agents(by_agent(verb))
            if not agents and anchor is not None and anchor.dep_ == "nsubjpass":
                agents = self.args.owners(anchor)  # "UN sanctions against Iran were lifted": by the UN
            agents = agents or self._doers_of_the_attack_in(verb, sense)
            targets = self._passive_targets(verb, sense, anchor, _slugs(agents))
            return [Candidate(sense, verb, agents, targets, "passive", **flags)]
        subject = subject_of(verb)
        agents = self.args.agents(subject)
        if not agents and (between := self._between(verb)):
            return [Candidate(sense, verb, between, [], "active", **flags)]  # "fighting between X and Y"
        slots = self._object_slots(verb, sense, anchor)
        targets = (
            self._first_actors(slots, _slugs(agents) | self._brokers(slots, sense))
            or self.ground.struck(sense, slots, agents)
            or self.ground.held(verb, sense, anchor, agents)
            or self._protested_mission([verb, *([anchor] if anchor is not None else [])], sense, agents)
            or self._threatened_place(verb, sense, agents)
            if (ground := self.ground.taken_ground(verb, sense, anchor)) is None
            else self._taken_from(verb, ground, agents) or self.ground.taken(verb, ground, agents)
        )
        if sense.cameo[:2] == AID_ROOT:  # "contributed troops to the UN peacekeeping mission in Mali": to Mali
            targets = self.deployments.kept_state(slots, _slugs(agents)) or targets
            targets = targets or (self.ground.aided(verb, agents) if sense.cameo != ARMS_CODE else [])
            if all(t.actor.origin == DESCRIPTION for t in targets):
                targets = self.ground.people_placed(verb, slots, agents) or targets
        if not targets and (against := self._hostile_demand(verb, sense, anchor, _slugs(agents))):
            return [Candidate(self.lexicon.verbs["condemn"], verb, agents, against, "active", **flags)]
        sense = self._refine_by_agent(self._threat(verb, sense), subject)
        besides = self._besides(verb, sense, anchor, agents, flags)
        return [Candidate(sense, verb, agents, targets, "active", **flags), *besides]

    def _received(self, verb: Token) -> list[Candidate]:
        """ "Ukraine received tanks from Germany", "accepted aid from France": aid given by whom it came from, of the
        kind the thing makes it (weapons: military aid; money: financial aid; an aid noun: its own sense)."""
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
        giver = next(
            (
                _pobj(c)
                for h in (verb, thing)
                if h is not None
                for c in h.children
                if c.dep_ == "prep" and c.lower_ == "from"
            ),
            None,
        )
        if thing is None or giver is None or not is_reported_act(verb):
            return []
        if thing.lemma_.lower() in self.lexicon.partitive_nouns | self.lexicon.measure_nouns:
            thing = _of_object(thing) or thing  # "a shipment of arms"
        sense = self._aid_given(thing)
        agents = self.args.named(giver) if sense is not None else []
        targets = self.args.targets(subject_of(verb), _slugs(agents)) if agents else []
        if sense is None or not targets:
            return []
        return [Candidate(sense, verb, agents, targets, "active", **self._clause_flags(verb))]

    def _approved(self, verb: Token) -> list[Candidate]:
        """ "The IMF approved a $3 billion loan for Egypt", "approved the sale of F-16s to Turkey": the aid approved is
        given (CAMEO codes the approval of aid as the aid), of the kind the thing makes it; anything else approved
        ("approved the deal with X") is left to the verb's own sense."""
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if thing is None or not is_reported_act(verb):
            return []
        holders = [thing]
        if thing.lemma_.lower() in APPROVED_CARRIERS | self.lexicon.partitive_nouns | self.lexicon.measure_nouns:
            holders += [inner] if (inner := _of_object(thing)) is not None else []  # "the sale of F-16s"
        inner_aid = [c for c in thing.children if c.dep_ == "compound" or (c.dep_ == "prep" and c.lower_ == "in")]
        # "$60 billion in military aid", "a 50 billion euro aid package": the kind of aid before its amount
        kinds = [_pobj(c) if c.dep_ == "prep" else c for c in inner_aid]
        given = next((g for h in (*kinds, *holders) if h is not None and (g := self._aid_given(h)) is not None), None)
        if given is None:
            return []
        agents = self.args.agents(subject_of(verb))
        slots = [s for h in (thing, *holders[1:], verb) for s in _prep_objects(h, ("to", "for"))]
        targets = self._first_actors(slots, _slugs(agents))
        if not agents or not targets:
            return []
        return [Candidate(given, verb, agents, targets, "active", **self._clause_flags(verb))]

    def _joint_owners(self, owner: Token) -> list[Mention]:
        """ "their" of a clause whose subject joins several ("Burkina Faso, Mali and Niger announced their withdrawal"):
        each of them, where a pronoun stands for one antecedent only."""
        if owner.lower_ != "their":
            return []
        verb = next((a for a in owner.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subject = subject_of(verb) if verb is not None else None
        if subject is None or subject.pos_ == "PRON":
            return []
        agents = self.args.agents(subject)
        return agents if len(agents) > 1 else []

    def _left(self, verb: Token) -> list[Candidate]:
        """ "Mali quit ECOWAS", "Britain left the EU": relations reduced with the organisation left; leaving anything
        else ("left Kabul", "quit his post") is no event between sides."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None and verb.lemma_.lower() == WITHDRAWING:  # "withdrew from the WHO"; not "withdrew its troops"
            obj = next((c for c, _ in _prep_objects(verb, ("from",)) if c is not None), None)
        if obj is None or not is_reported_act(verb):
            return []
        agents = self.args.agents(subject_of(verb))
        targets = self.args.named(obj, _slugs(agents))
        if not agents or not targets or not all(_is_organisation(t) for t in targets):
            return []
        return [Candidate(LEAVES, verb, agents, targets, "active", **self._clause_flags(verb))]

    @staticmethod
    def _membership_left(candidate: Candidate) -> Candidate:
        """A withdrawal from organisations ("withdrew from the WHO", "its withdrawal from ECOWAS") leaves them."""
        if candidate.sense.cameo != WITHDRAWAL_CODE or not candidate.targets:
            return candidate
        return replace(candidate, sense=LEAVES) if all(_is_organisation(t) for t in candidate.targets) else candidate

    def _aid_given(self, thing: Token) -> Sense | None:
        """The aid that giving `thing` is: weapons military aid, money financial aid, an aid noun its own sense."""
        noun = thing.lemma_.lower()
        if noun in self.lexicon.weapon_nouns:
            return GIVES_ARMS
        if noun in self.lexicon.money_nouns:
            return GIVES_MONEY
        aid = self._noun_sense(thing)
        return aid if aid is not None and aid.cameo[:2] == AID_ROOT else None

    def _died(self, verb: Token) -> list[Candidate]:
        """ "Ten civilians died in Russian strikes": killed by the attack's doers, as "were killed in" says; a death no
        one is said to have caused is no event between sides (the derived lexicon's "die" made the dead the attackers)."""
        kill = self.lexicon.verbs["kill"]
        if not is_reported_act(verb) or not (agents := self._doers_of_the_attack_in(verb, kill)):
            return []
        targets = self.args.targets(subject_of(verb), _slugs(agents))
        return [Candidate(kill, verb, agents, targets, "passive", **self._clause_flags(verb))] if targets else []

    def _besides(
        self, verb: Token, sense: Sense, anchor: Token | None, agents: list[Mention], flags: dict
    ) -> list[Candidate]:
        """ "fought alongside Malian troops against Tuareg rebels": the verb's own sense too, on whom its own
        prepositions name, beside the phrasal one ("fight alongside": cooperation); those fought beside fight too."""
        base = self.lexicon.verbs.get(verb.lemma_.lower())
        if anchor is None or anchor.dep_ != "prep" or base is None or not base.preps:
            return []
        slots = [s for s in _prep_objects(verb, base.preps) if s[0] is not None and s[0].head != anchor]
        targets = self._first_actors(slots, _slugs(agents))
        if not targets:
            return []
        partner = _pobj(anchor) if sense.relation == FIGHTS_BESIDE else None
        beside = self.args.named(partner, _slugs(agents) | _slugs(targets)) if partner is not None else []
        return [Candidate(base, verb, [*agents, *beside], targets, "active", **flags)]

    def _peacekeeping(self, word: Token) -> list[Candidate]:
        """ "Ghanaian peacekeepers arrived in South Sudan": peacekeeping given to the state they go to."""
        sides = self.deployments.sides(word)
        if sides is None:
            return []
        flags = self._clause_flags(word.head if word.pos_ == "NOUN" and word.dep_ == "dobj" else word)
        sense = self.lexicon.collocations[("deploy", "peacekeeper")]
        return [Candidate(sense, word, sides[0], sides[1], "deployment", **flags)]

    def _hostile_demand(self, verb: Token, sense: Sense, anchor: Token | None, exclude: set[str]) -> list[Mention]:
        """ "Greece called for sanctions against Turkey", "demanded an investigation into X": asking that others
        act against X asks nothing of X; it is a stand against X (CAMEO 11, disapprove)."""
        if sense.relation != REQUESTS:
            return []
        asked = _pobj(anchor) if anchor is not None and anchor.dep_ == "prep" else None
        asked = asked or next((c for c in verb.children if c.dep_ == "dobj"), None)
        event = self._noun_sense(asked) if asked is not None else None
        if event is None or event.relation == REQUESTS or event.cameo[:2] in COOPERATIVE_ROOTS | {"01", "02"}:
            return []
        return self._first_actors(self._event_targets(asked), exclude)

    def _clause_flags(self, verb: Token) -> dict:
        return {
            "negated": is_negated(verb, self.lexicon.negating_verbs, self.lexicon.denial_verbs),
            "modality": modality(verb, self.lexicon.intent_verbs, self.lexicon.request_verbs),
        }

    def _threatened(self, verb: Token) -> bool:
        """ "threatened to cut ties with X", "warned it would strike X": one event, the threat; what is
        threatened only refines its code (`_threat`)."""
        if verb.dep_ not in ("xcomp", "ccomp") or (verb.dep_ == "ccomp" and modality(verb) not in HYPOTHETICAL):
            return False
        governing = self._verb_sense(verb.head)[0]
        return governing is not None and governing.relation in THREATENING

    def _consequence(self, verb: Token, sense: Sense) -> Token | None:
        """ "stormed a base, killing 17 soldiers (and wounding 20)": the attack whose casualties `verb` tells, one
        act of force coded by what it was aimed at (CAMEO codes the governing verb), not a second event; None when
        the governing verb names no object ("carried out strikes, killing X")."""
        while verb.dep_ == "conj" and verb.head.tag_ == "VBG":
            verb = verb.head
        if (
            verb.dep_ != "advcl"
            or verb.tag_ != "VBG"
            or sense.cameo[:2] not in FORCE_ROOTS
            or any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        ):
            return None
        governing = self._verb_sense(verb.head)[0]
        aimed_at = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if (
            governing is not None
            and governing.cameo[:2] in FORCE_ROOTS
            and aimed_at is not None
            and self._noun_sense(aimed_at) is None
        ):
            return verb.head
        return None

    def _same_act_purpose(self, verb: Token, sense: Sense) -> bool:
        """ "summoned France's ambassador to complain about X": the infinitive says what the summons was for,
        one act of the same kind as its governor's, done by the governor's subject to its object; not a
        second event of the summoned envoy's."""
        if verb.dep_ != "xcomp" or not any(c.dep_ == "dobj" for c in verb.head.children):
            return False
        governing = self._verb_sense(verb.head)[0]
        return governing is not None and governing.cameo[:2] == sense.cameo[:2]

    def _threat(self, verb: Token, sense: Sense) -> Sense:
        """A threat's CAMEO code from what is threatened: to cut ties 1313, sanctions 1312, force 138…"""
        if sense.relation not in THREATENING:
            return sense
        for complement in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
            inner = self._verb_sense(complement)[0] or next(
                (n for c in complement.children if c.dep_ == "dobj" and (n := self._noun_sense(c))), None
            )
            if inner is not None and (code := threat_code(inner.cameo)):
                return replace(sense, cameo=code)
        return sense

    def _demanding_purpose(self, verb: Token, sense: Sense) -> bool:
        """ "staged a strike to demand the minister's resignation": a demand made by the act, not an aim."""
        return sense.relation == REQUESTS and is_purpose(verb)

    def _carried_purpose(self, verb: Token, sense: Sense) -> bool:
        """ "sent troops to help the Philippine army", "took to the streets to protest against the junta": the aim
        of sending, giving or going is the act done, when it is one of giving or protest (CAMEO 05–07, 14) and the
        sending itself is reported, and so is any act a means was used for ("used tear gas to disperse X"); not "would
        respond to protect X", an aim of a response. Force that troops are sent for is carried as the sender's intent
        ("sent troops to fight al-Shabaab")."""
        if not is_purpose(verb) or not is_reported_act(verb.head):
            return False
        if verb.head.lemma_.lower() in USING_VERBS:
            return True  # "used water cannon to disperse the protesters": what a means is used for is done with it
        if sense.cameo[:2] in AIMED_ROOTS:
            return verb.head.lemma_.lower() in self.lexicon.deployment_words and self._sends_forces(verb.head)
        return sense.cameo[:2] in CARRIED_ROOTS and verb.head.lemma_.lower() in self.lexicon.purpose_verbs

    def _sends_forces(self, sending: Token) -> bool:
        """Whether what is sent is armed men or arms: "sent troops", "deployed 1,000 soldiers", "dispatched jets"."""
        sent = next((c for c in sending.children if c.dep_ in ("dobj", "nsubjpass")), None)
        return sent is not None and self.mentions.head_noun(sent) in self.lexicon.military_nouns

    def _reported_demand(self, verb: Token) -> list[Candidate]:
        """ "Assad said Turkey must mediate": CAMEO codes the speaker demanding it of Turkey (10); not "Rwanda says it
        must defend itself", a duty the speaker owns."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if (
                subject is None
                or is_pronoun(subject)
                or not any(c.dep_ == "aux" and MODALS.get(c.lower_) == "obligation" for c in clause.children)
            ):
                continue
            agents = self.args.agents(subject_of(verb))
            targets = self.args.targets(subject, _slugs(agents))
            return [Candidate(self.lexicon.verbs["demand"], verb, agents, targets, "active", is_negated(verb))]
        return []

    def _verb_sense(self, verb: Token) -> tuple[Sense | None, Token | None]:
        """The verb's sense and what anchors its target: a preposition ("call on"), an object noun
        ("lift sanctions"), a particle ("hand over"), or nothing."""
        lemma = verb.lemma_.lower()
        if lemma in self.lexicon.denial_verbs and verb.dep_ == "relcl":
            return self.lexicon.verbs["reject"], None  # "…, a charge the group denied"
        if lemma in self.lexicon.launch_verbs and (aimed := self._launched_at(verb)) is not None:
            return aimed
        if lemma in self.lexicon.detonating_verbs and (near := self._detonated_at(verb)) is not None:
            return self.lexicon.nouns["car bombing"], near
        if lemma in ENGAGING_VERBS and any(
            c.dep_ == "prep" and c.lower_ == "in" and (o := _pobj(c)) is not None and self._noun_sense(o)
            for c in verb.children
        ):
            return None, None  # "engaged in talks with Hamas": the talks carry the relation
        if lemma in RELEASING and (freed := _set_free(verb)) is not None:
            return self.lexicon.verbs["release"], freed  # "let free the activists", "set the hostages free"
        for child in verb.children:
            if (
                child.dep_ in ("prep", "prt")
                and child.i > verb.i
                and (lemma, child.lower_) in self.lexicon.phrasal
                and not is_time(_pobj(child))
            ):  # "called on Tuesday" is not "called on"
                return self.lexicon.phrasal[(lemma, child.lower_)], child
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
            obj = verb.head  # "sanctions imposed on Iran by the US": what the participle describes was imposed
        for holder in (verb, obj) if obj is not None else (verb,):  # "as" on the verb or on its object
            roles = [(c.lower_, _pobj(c)) for c in holder.children if c.dep_ == "prep" and c.lower_ in ROLE_PREPS]
            for prep, role in roles:
                # "held civilians as human shields"; "designated X as a terrorist organisation": by its modifier;
                # "placed X under house arrest"
                words = (
                    [role, *(m for m in role.children if m.dep_ in ("amod", "compound"))] if role is not None else []
                )
                for key in ((lemma, f"{prep} {w.lemma_.lower()}") for w in words):
                    if key in self.lexicon.collocations:
                        return self.lexicon.collocations[key], None
        if obj is not None and obj.lemma_.lower() in self.lexicon.partitive_nouns:
            # "withdrew some of its troops"
            obj = _of_object(obj) or obj
        if obj is not None:
            inner = _of_object(obj)
            for noun in (
                *([f"{obj.lemma_.lower()} of {inner.lemma_.lower()}"] if inner is not None else []),
                obj.lemma_.lower(),
            ):
                if (lemma, noun) in self.lexicon.collocations:  # "lift sanctions", "declare a state of emergency"
                    return self.lexicon.collocations[(lemma, noun)], obj
            if (
                obj.lemma_.lower() in self.lexicon.military_nouns
                and (lemma, TROOPS) in self.lexicon.collocations
                and not self._given_away(lemma, obj)
            ):
                return self.lexicon.collocations[(lemma, TROOPS)], obj  # "withdrew its jets", "massed armour": troops
            if lemma in self.lexicon.light_verbs and obj.dep_ == "dobj" and self._noun_sense(obj):
                return None, None  # "gave a warning": the event noun carries the relation
            if self._called_protest(verb, obj):
                return None, None  # "unions called a general strike": the strike is the event
        sense = self.lexicon.verbs.get(lemma)
        if sense is not None and sense.theme and obj is not None and obj.lemma_.lower() in BORDER_NOUNS:
            return None, None  # "shares a long border with Myanmar": where it lies, nothing given or shared
        # "supplied Russia with drones": the thing given may follow "with", the receiver being the object
        thing = next((_pobj(c) for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"), None) or obj
        if thing is not None and obj is not None and (given := self._given(lemma, sense, thing)) is not None:
            return given, None
        if obj is not None and lemma in self.lexicon.taking_verbs and self.ground.is_ground(obj):
            return TAKES_GROUND, None
        labour = self.lexicon.nouns.get(f"labour {lemma}")
        doer = subject_of(verb) if labour is not None and sense is not None else None
        if doer is not None and doer.lemma_.lower() in self.lexicon.striker_nouns:
            return labour, None  # "nurses are striking against the government": a walkout
        return sense, None

    def _given_away(self, lemma: str, thing: Token) -> bool:
        """ "sent F-16 jets to Ukraine": a weapon that is also a unit of forces, sent by a verb that arms, is given;
        a warship sent is not ("sent warships to the Taiwan Strait": forces moved, `fleet_nouns`)."""
        noun = thing.lemma_.lower()
        return lemma in self.lexicon.arming_verbs and noun in self.lexicon.weapon_nouns - self.lexicon.fleet_nouns

    def _given(self, lemma: str, sense: Sense | None, thing: Token) -> Sense | None:
        """Aid of the kind the thing given makes it: "supplied drones to Russia" is military aid (072), "granted Ukraine
        a loan" financial aid (071). A verb that gives only such things ("delivered tanks", "extended a loan", listed
        in the lexicon) is that aid; a verb of aid giving weapons is military aid (money given by one keeps the aid
        code the labelled news give it, and the lexicon's "provide funding" collocations); None for anything else."""
        noun = thing.lemma_.lower()
        for things, verbs, given, retags_aid in (
            (self.lexicon.weapon_nouns, self.lexicon.arming_verbs, GIVES_ARMS, True),
            (self.lexicon.money_nouns, self.lexicon.lending_verbs, GIVES_MONEY, False),
        ):
            if noun not in things:
                continue
            if lemma in verbs or (sense is not None and sense.theme and lemma in self.lexicon.intent_verbs):
                return given  # "pledged tanks to Ukraine", "promised 50 billion euros": that aid, promised
            if retags_aid and sense is not None and sense.theme and sense.cameo[:2] == AID_ROOT:
                return replace(sense, relation=given.relation, cameo=given.cameo)
        return None

    def _taken_from(self, verb: Token, ground: Token, agents: list[Mention]) -> list[Mention]:
        """ "retook the village from the rebels", "regained control of X from the RSF": whom ground was taken from."""
        holders = [verb, ground, *([ground.head.head] if ground.dep_ == "pobj" else [])]  # "control of X from Y"
        return self._first_actors([s for h in holders for s in _prep_objects(h, ("from",))], _slugs(agents))

    def _detonated_at(self, verb: Token) -> Token | None:
        """Where a bomb was set off: the preposition of "blew himself up near X", "detonated a car bomb outside X",
        "set off explosives at X", "rammed a truck into X"; None for a bomb that went off by itself ("a car bomb
        exploded near X": no one is said to have done it), or anything else blown up ("blew up a bridge")."""
        particle = next((c for c in verb.children if c.dep_ == "prt"), None)
        if verb.lemma_.lower() in PARTICLES_SET_OFF and (
            particle is None or particle.lower_ != PARTICLES_SET_OFF[verb.lemma_.lower()]
        ):
            return None  # "blew up", "set off"; not "set up a station at X"
        if verb.lemma_.lower() == "explode" and not any(c.dep_ == "dobj" for c in verb.children):
            return None
        return next((c for c in verb.children if c.dep_ == "prep" and _prep_phrase(c) in DETONATION_PREPS), None)

    def _launched_at(self, verb: Token) -> tuple[Sense, Token] | None:
        """ "fired drones at X", "launched dozens of missiles at X": a weapon (not an event noun, which
        carries the relation itself) sent at whatever the preposition names."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and self._noun_sense(obj) is not None:
            return None
        counts = self.lexicon.measure_nouns | self.lexicon.partitive_nouns
        counter = obj if obj is not None and obj.lemma_.lower() in counts else None
        weapon = _of_object(counter) if counter is not None else obj  # "a barrage of drones at X": aimed on the count
        # "fired missiles and drones at X": the parser hangs the aim on the coordinated object as often as on the verb
        weapons = (
            [weapon, *weapon.conjuncts]
            if weapon is not None and weapon.lemma_.lower() in self.lexicon.weapon_nouns
            else []
        )
        weapons += [counter] if weapons and counter is not None else []
        aim = next(
            (
                c
                for holder in (verb, *weapons)
                for c in holder.children
                if c.dep_ == "prep" and c.lower_ in LAUNCH_PREPS and not is_time(_pobj(c))
            ),
            None,
        )
        if aim is None:
            return None
        return self.lexicon.phrasal.get((verb.lemma_.lower(), aim.lower_)) or self.lexicon.verbs["attack"], aim

    def _object_slots(self, verb: Token, sense: Sense, anchor: Token | None) -> list[tuple[Token | None, str]]:
        """Tokens that may name the target, best first, each with how to read it."""
        if anchor is not None and anchor.lower_ in FREE:  # "let free the activists", "let Soltan free"
            return [
                (c, "target")
                for c in (*verb.children, *anchor.children)
                if c.dep_ in ("dobj", "nsubj") and c.i > verb.i
            ]
        if anchor is not None and anchor.dep_ == "prep":  # "reneged on the accord with Iran": with Iran
            aimed = self._event_targets(_pobj(anchor)) if sense.relation != REQUESTS else self._ended(_pobj(anchor))
            return [(_pobj(anchor), "target"), *aimed]  # (asking for sanctions on X asks nothing of X)
        if sense.relation == REJECTS and (accuser := rebutted(verb, self.lexicon.accusation_nouns)) is not None:
            return [(accuser, "target")]
        if anchor is not None and anchor.dep_ != "prt":  # a collocation's object noun
            return [
                *_prep_objects(anchor, sense.preps),
                *_prep_objects(verb, sense.preps),
                *(_border_objects([anchor, verb]) if sense.relation == MOBILIZES else []),
                *_phrase_prep_objects(anchor, sense.preps),  # "sent supplies and doctors to Nepal"
                *(_regarding([anchor, verb]) if sense.cameo[:2] in PUNITIVE_ROOTS else []),
                # "reiterated its demand that the US ease sanctions": whom the demand is made of, not its owner
                *([(_clause_subject(anchor), "target")] if sense.relation == REQUESTS else []),
                # "hosts Syrian refugees": asylum is given to the people themselves
                *([(anchor, "target")] if sense.cameo == ASYLUM_CODE else []),
                # "strengthened its forces in Crimea": whose forces are moved is who moves them, never the target
                *([] if anchor.lemma_.lower() in self.lexicon.military_nouns else [(anchor, "owner")]),
            ]
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        dative = next((c for c in verb.children if c.dep_ == "dative"), None)
        slots = [(_pobj(dative) if dative is not None and dative.pos_ == "ADP" else dative, "target")]
        if sense.theme:
            if is_time(obj):
                return []  # "giving them 15 days": time, not aid
            # Whom it goes to before what is given: "contribute troops to the UN force" is not aid to troops.
            slots += [
                *(_phrase_prep_objects(obj, sense.preps) if obj is not None else []),
                *_prep_objects(verb, sense.preps),
                (obj, "named"),
            ]
        elif (
            obj is not None
            and sense.relation == ACCUSES
            and verb.lemma_.lower() not in BLAMING  # "blamed the attack on X": X did it
            and (doers := self._act_doers(obj)) is not None
        ):
            # "condemned the attack on the Israeli embassy", "the killing of Haniyeh": the act's doer is condemned,
            # never whom it was done to ("condemned Russia's attack on Ukraine": Russia)
            return [*slots, *doers]
        elif obj is not None:
            slots[:0] = [(o, "target") for o in verb.children if o.dep_ == "dobj"]
            slots += self._event_targets(obj)  # "refused talks with X"
            slots += self._ended(obj) if sense.relation == REQUESTS else []
        slots += _prep_objects(verb, sense.preps)
        for event in (_pobj(c) for c in verb.children if c.dep_ == "prep"):
            if not self._aided_force(sense, event):
                slots += self._event_targets(event)  # "agreed to a ceasefire with X"
        if sense.cameo[:2] == AID_ROOT and obj is None:  # "help Ukraine fight Russia": whom help lets do it
            slots += [
                (s, "target") for c in verb.children if c.dep_ in COMPLEMENTS for s in c.children if s.dep_ == "nsubj"
            ]
        complement = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if complement is not None and obj is None:  # "threatened to strike X"
            inner, inner_anchor = self._verb_sense(complement)
            # "to help fight gangs": whom help is given against is no one it goes to
            helping_fight = (
                sense.cameo[:2] in COOPERATIVE_ROOTS and inner is not None and inner.cameo[:2] in FORCE_ROOTS
            )
            if inner is not None and not helping_fight:
                slots += self._object_slots(complement, inner, inner_anchor)
            elif (
                inner is None
                and sense.relation in THREATENING
                and complement.lemma_.lower() in self.lexicon.light_verbs
            ):
                # "threatened to launch an offensive against the YPG": the event noun says whom it would be against
                # (the parser hangs "against" on the noun or on the light verb)
                for event in (c for c in complement.children if c.dep_ == "dobj"):
                    if (threatened := self._noun_sense(event)) is not None:
                        slots += self._event_targets(event)
                        slots += _prep_objects(complement, self._noun_preps(threatened))
        if sense.relation == REQUESTS:  # "demanded that Israel leave", "wants Ukraine to give up Crimea"
            slots += [(_complement_subject(verb), "target")]
        slots.append((_what_object(verb), "target"))
        if obj is not None and not sense.theme:
            # "spurned offers of talks by the government": an active verb takes no agent, so "by" names the
            # author of its object (the parser hangs it on the verb as often as on the object)
            slots.append((by_agent(verb), "named"))
        return slots + self._hung_low(verb, sense.preps) if sense.theme else slots

    def _aided_force(self, sense: Sense, event: Token | None) -> bool:
        """ "gave rifles to the marines to help in the operations against the Maute group": help given in an act of
        force goes to whoever does it, not to the side it is aimed at."""
        aimed = self._noun_sense(event) if event is not None else None
        return sense.cameo[:2] in COOPERATIVE_ROOTS and aimed is not None and aimed.cameo[:2] in FORCE_ROOTS

    def _ended(self, noun: Token | None) -> list[tuple[Token | None, str]]:
        """ "called for an end to Israel's offensive", "urged a halt to the Russian bombing": asking that an act
        stop asks it of the act's owner."""
        if noun is None or noun.lemma_.lower() not in self.lexicon.ending_nouns:
            return []
        slots: list[tuple[Token | None, str]] = []
        for act in (_pobj(c) for c in noun.children if c.dep_ == "prep" and c.lower_ in ("to", "of")):
            # "an end to the blockade of Qatar": the act's doer, not its victim; "an end to Assad's rule": its owner
            doers = self._act_doers(act) if act is not None else None
            slots += doers if doers is not None else [(act, "owner")]
        return slots

    def _act_doers(self, noun: Token) -> list[tuple[Token | None, str]] | None:
        """Who did an act of force a noun names ("Russia's attack", "the Israeli strike", "the attack by X", "the attack
        carried out by X"); None when the noun names no such act."""
        sense = self._noun_sense(noun)
        if sense is None or sense.cameo[:2] not in PATIENT_OF_ROOTS:
            return None
        doers = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < noun.i]
        # "the attack carried out by Israel", "sanctions imposed by the US": the agent of the participle that tells it
        told = [by_agent(c) for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        # "the attack on its embassy carried out by Israel": the parser hangs the participle on the nearer noun
        told += [
            by_agent(c)
            for prep in noun.children
            if prep.dep_ == "prep"
            for o in prep.children
            for c in o.children
            if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in DOING_VERBS
        ]
        return [(d, "named") for d in (*doers, by_agent(noun), *told) if d is not None]

    def _event_targets(self, noun: Token | None) -> list[tuple[Token | None, str]]:
        """Where an event noun names its target ("talks with X", "an attack on X"); none for other nouns."""
        if noun is None or (sense := self._noun_sense(noun)) is None:
            return []
        return _prep_objects(noun, self._noun_preps(sense))

    def _noun_preps(self, sense: Sense) -> tuple[str, ...]:
        return tuple(self.lexicon.noun_target_preps | set(sense.preps))

    def _first_actors(self, slots: list[tuple[Token | None, str]], exclude: set[str]) -> list[Mention]:
        for token, how in slots:
            if token is None:
                continue
            if how == "owner":
                found = self.args.owners(token, exclude)
            elif how == "named":
                found = self.args.named(token, exclude)
            else:
                found = self.args.targets(token, exclude)
            if found:
                return found
        return []

    def _threatened_place(self, verb: Token, sense: Sense, agents: list[Mention]) -> list[Mention]:
        """ "threatened to strike Israeli cities": the state whose place the threatened force would strike."""
        if sense.relation not in THREATENING:
            return []
        for complement in (c for c in verb.children if c.dep_ == "xcomp"):
            inner, anchor = self._verb_sense(complement)
            slots = self._object_slots(complement, inner, anchor) if inner is not None else []
            if inner is not None and (found := self.ground.struck(inner, slots, agents)):
                return found
        # "threatened military intervention in Niger"
        for threat in (c for c in verb.children if c.dep_ == "dobj"):
            act = self._noun_sense(threat)
            if (
                act is not None
                and act.cameo[:2] in FORCE_ROOTS
                and (found := self.ground.held(verb, act, threat, agents))
            ):
                return found
        return []

    def _hung_low(self, head: Token, preps: tuple[str, ...]) -> list[tuple[Token | None, str]]:
        """ "returned a manuscript, missing since 1943, to Venafro", "extradited X from to the US", "launched an
        attack that included 500 troops on the SDF headquarters": the recipient or target the parser hung on a
        word inside the object or on a clause after it, when `head` has no such preposition of its own ("returned
        it to its owners, who fled to X" is not to X). Last first: of two, the nearer is the inner clause's own
        ("skulls that date back to AD 640 to Peru"). Not the preposition a verb of the lexicon takes ("an attack
        that was blamed on Iran"; any, for a verb whose sense names none), nor one in a clause joined to `head` or
        reported by it."""
        own = {c.lower_ for c in head.children if c.dep_ == "prep"}
        found: list[tuple[Token | None, str]] = []
        for token in head.subtree:
            if token.i <= head.i or token.dep_ != "prep" or token.lower_ not in preps or token.lower_ in own:
                continue
            obj = _pobj(token)
            if obj is None or is_time(obj) or not self._inside(token, head):
                continue
            inner = self._verb_sense(token.head)[0] if token.head.pos_ in ("VERB", "AUX") else None
            if inner is not None and (token.lower_ in inner.preps or not inner.preps):
                continue  # "offered to send troops to Jordan": sending troops is aimed near or along, not to
            found.append((obj, "target"))
        return found[::-1]

    @staticmethod
    def _inside(token: Token, head: Token) -> bool:
        """Whether `token` hangs inside `head`'s own phrase: no joined or reported clause between them."""
        for ancestor in token.ancestors:
            if ancestor == head:
                return True
            if ancestor.dep_ in ("conj", "ccomp", "parataxis"):
                return False
        return False

    def _passive_targets(self, verb: Token, sense: Sense, anchor: Token | None, exclude: set[str]) -> list[Mention]:
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if anchor is not None and (anchor == subject or anchor == _described_by(verb)):
            # "sanctions were imposed on X", "sanctions imposed on X by Y"; not "Wagner's fighters were deployed":
            # whose forces are moved is who moves them
            owner = [] if anchor.lemma_.lower() in self.lexicon.military_nouns else [(anchor, "owner")]
            return self._first_actors(
                [*_prep_objects(anchor, sense.preps), *_prep_objects(verb, sense.preps), *owner], exclude
            )
        if sense.theme:
            return self._first_actors(_prep_objects(verb, sense.preps), exclude)
        if subject is not None and not (subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl"):
            return self.args.targets(subject, exclude)
        if verb.dep_ == "acl" and sense.cameo == MEDIATION and (mediated := self._mediated(verb.head, exclude)):
            return mediated  # "a truce between Israel and Hezbollah, brokered by France": both sides
        if verb.dep_ == "acl" and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
            # "the Assad regime and its partners, backed by Iran": the parser often attaches the
            # participle to the first conjunct; the nearest phrase before the comma is meant.
            return self.mentions.nearest_before(verb.i - 1, verb.sent.start)
        if verb.dep_ not in ("acl", "relcl"):
            return []
        # "laws imposed by the government": the laws' author is this participle's own agent, not its target
        agent = by_agent(verb)
        own = range(agent.left_edge.i, agent.right_edge.i + 1) if agent is not None else range(0)
        return [m for m in self.args.targets(verb.head, exclude) if m.start not in own]

    def _brokers(self, slots: list[tuple[Token | None, str]], sense: Sense) -> set[str]:
        """Who brokered the accord an agreement is to ("signed a deal brokered by the US"): not a side to it."""
        if sense.relation != AGREES:
            return set()
        brokered = (
            agent
            for token, _ in slots
            if token is not None
            for participle in token.children
            if participle.dep_ == "acl"
            and (told := self._verb_sense(participle)[0]) is not None
            and told.cameo == MEDIATION
            and (agent := by_agent(participle)) is not None
        )
        return {m.actor.slug for agent in brokered for m in self.args.agents(agent)}

    def _mediated(self, accord: Token, exclude: set[str]) -> list[Mention]:
        """ "Israel and Hamas agreed to a ceasefire brokered by Qatar": a mediator mediates between the sides of
        the accord it brokered, those the accord is between or those who agreed to, signed or reached it."""
        if accord.dep_ in ("pobj", "conj") and (held := _between_holder(accord)) is not None:
            accord = held  # "a truce between Israel and Hezbollah, brokered by France": hung on a side by the comma
        between = self._first_actors(_prep_objects(accord, ("between",)), exclude)
        if between:
            return between
        governor = accord.head.head if accord.dep_ == "pobj" else accord.head if accord.dep_ == "dobj" else None
        if governor is None or governor.pos_ != "VERB" or not is_reported_act(governor):
            return []
        return [m for m in self.args.agents(subject_of(governor)) if m.actor.slug not in exclude]

    def _adjectival(self, verb: Token, sense: Sense) -> list[Candidate]:
        """ "Iranian-backed forces", "Western-backed Syrian rebels"; "the US-brokered truce between X and Y"."""
        agents = [
            m
            for m in (
                self.mentions.modifier_actor(c)
                for c in verb.children
                if c.dep_ in ("npadvmod", "compound", "nmod", "advmod", "amod")
            )
            if m
        ]
        if sense.cameo == MEDIATION:  # "the US-brokered truce between Israel and Hezbollah": between its sides
            targets = self._mediated(verb.head, _slugs(agents))
        else:
            targets = self.mentions.of_noun(verb.head, coordinated=False) or self.mentions.described_group(
                verb.head, verb.left_edge
            )
        return [
            Candidate(
                sense, verb, agents, [t for t in targets if t.actor not in {a.actor for a in agents}], "adjectival"
            )
        ]

    def _as_refusal(self, candidate: Candidate) -> Candidate | None:
        """ "Israel will not release prisoners": a negated cooperative act is a rejection (CAMEO 12)."""
        if (
            not candidate.negated
            or not candidate.agents
            or not candidate.targets
            or candidate.sense.cameo[:2] not in COOPERATIVE_ROOTS
            or any(g.lemma_.lower() in self.lexicon.denial_verbs for g in governors(candidate.trigger))
        ):
            return None  # "denied arming X" refuses nothing
        return replace(candidate, sense=self.lexicon.verbs["reject"], negated=False, modality=None)

    def _refine_by_agent(self, sense: Sense, agent: Token | None) -> Sense:
        """ "coalition airstrikes targeted X": the nominal agent names the kind of strike."""
        if agent is None or sense.relation != "strikes":
            return sense
        noun = self.lexicon.nouns.get(agent.lemma_.lower())
        return noun if noun and noun.relation != "strikes" else sense

    # nouns ----------------------------------------------------------------------------------
    def _nominal(self, noun: Token) -> list[Candidate]:
        if (undergone := self._under_attack(noun)) is not None:
            return undergone
        sense = self._noun_sense(noun)
        # "launched a missile and drone attack on X": the parser heads the phrase with the first weapon, and hangs
        # the phrase's preposition on it; the attack stands where the weapon does
        spot = self._measure_of(self._weapon_before(noun)) if sense is not None else noun
        if sense is None or (noun.dep_ in ("dobj", "nsubjpass") and self._verb_sense(noun.head)[1] == noun):
            return []  # "lifted UN sanctions on Iran": the collocation with its verb carries the relation
        if sense.aimed and not self._first_actors(self._aimed_at(noun, sense.preps), set()):
            return []  # "resumed operations in Nigeria", "the war in Sudan": no side it is aimed at
        if spot.dep_ == "dobj" and (given_up := self._verb_sense(spot.head)[0]) and given_up.cameo[:2] in GIVING_UP:
            return []  # "called off a strike against X", "revoked its agreement with X": the act given up is not done
        agents = self._noun_doers(noun)
        if not agents and (owner := next((c for c in noun.children if c.dep_ == "poss"), None)) is not None:
            # "Serbia renewed its demand"; "Mali and Niger announced their withdrawal": every subject's
            agents = (self._joint_owners(owner) or self.args.named(owner)) if owner.pos_ == "PRON" else []
        claimed = [] if agents else self._responsible(noun)
        agents = agents or claimed or self._responded_with(noun)
        preps = self._noun_preps(sense) + (("of",) if agents and sense.cameo[:2] in PATIENT_OF_ROOTS else ())
        slots = _prep_objects(noun, preps) + (_prep_objects(spot, preps) if spot is not noun else [])
        if sense.relation == REQUESTS:  # "its demand that the US ease sanctions": whom the demand is made of
            slots.append((_clause_subject(noun), "target"))
        if sense.relation == ACCUSES and noun.dep_ == "dobj":
            # "Sudan made accusations that the UAE sent arms to the RSF": the UAE is accused
            slots.insert(0, (_clause_subject(noun), "target"))
        targets = self._first_actors(slots, _slugs(agents))
        on_event = _on_event(noun)
        head = on_event or spot.head
        if spot.dep_ == "dobj" and head.lemma_.lower() in self.lexicon.counter_verbs and agents:
            # "US and partner forces repulsed a fierce ISIS attack": the attack was on the subject.
            defenders = self.args.targets(subject_of(head), _slugs(agents))
            fights = replace(self.lexicon.verbs["fight"], symmetric=False)  # the other way is the attack itself
            return [
                Candidate(sense, noun, agents, defenders, "nominal", negated=is_negated(head)),
                Candidate(fights, head, defenders, agents, "active", negated=is_negated(head)),
            ]
        if (
            (spot.dep_ == "dobj" and head.lemma_.lower() in self.lexicon.light_verbs)
            or on_event is not None
            or self._called_protest(head, noun)
        ):
            if not is_reported_act(head) or modality(head) == "obligation" or self._threatened(head):
                return []
            agents = agents or self.args.agents(subject_of(head))
            if not targets:  # "launched an attack on X", "gave X a warning"
                dative: list[tuple[Token | None, str]] = [
                    (c, "target") for c in head.children if c.dep_ == "dative" and c.pos_ != "ADP"
                ]
                named = [s for p in _naming_participles(head) for s in _prep_objects(p, preps)]
                targets = self._first_actors(_prep_objects(head, preps) + dative + named, _slugs(agents))
            targets = targets or self._first_actors(self._hung_low(noun, preps), _slugs(agents))
            # "launched a missile attack against a base in Saudi Arabia's Jizan region"
            targets = targets or self.ground.struck(sense, [*slots, *_prep_objects(head, preps)], agents)
            # "carried out airstrikes inside Afghanistan": done in a place, as the verb "bombed targets in X" is
            targets = targets or self.ground.held(head, sense, noun, agents)
            targets = targets or self._demanded_of(head, sense, agents)
            targets = targets or self._protested_mission([noun, head], sense, agents)
            if sense.aimed and not agents:
                return []  # an operation or a war whose doer is not said (see the end of this method)
            return [Candidate(sense, noun, agents, targets, "nominal", **self._clause_flags(head))]
        targets = targets or self._protested_mission([noun], sense, agents)
        if agents:  # "claimed the bombing of a mosque in Kabul": the place struck stands for its state
            targets = targets or self.ground.struck(sense, slots, agents)
        if not agents and (between := self._between(noun)):
            # "clashes between X and Y": `_reciprocal`; the sides, not the first named ("between the army and M23
            # rebels" is one phrase to the parser)
            return [Candidate(sense, noun, between, [], "nominal")]
        if not targets and claimed and is_definite(noun):
            # "JNIM claimed responsibility for the attack": the attack told before, whose target the pipeline knows
            return [Candidate(sense, noun, agents, [], "nominal", **self._clause_flags(noun.head))]
        if not targets or (noun.dep_ in SUBJECT_DEPS | {"nsubjpass"} and not _prep_objects(noun, preps)):
            return []  # nothing says whom it hit, or the verb it is the subject of carries the relation
        if sense.aimed and not agents:
            # "to help in the operations against the Maute group", "the Gulf War against Iraq": whose operation or
            # war it is was said before, or is known; the last side in the context is too often another
            return []
        return [Candidate(sense, noun, agents, targets, "nominal")]

    def _weapon_before(self, noun: Token) -> Token:
        """The weapon a coordinated event noun is joined to ("a missile and drone attack", "rocket and mortar fire"),
        which stands in the clause for the whole phrase; else the noun itself."""
        first = noun.head
        if (
            noun.dep_ == "conj"
            and first.i < noun.i
            and first.lemma_.lower() in self.lexicon.weapon_nouns | self.lexicon.instrument_nouns
            and self._noun_sense(first) is None
        ):
            return first
        return noun

    def _measure_of(self, noun: Token) -> Token:
        """The noun that counts an event noun ("a wave of airstrikes on Iran", "a series of strikes"), which stands in
        the clause for the events; else the noun itself."""
        prep = noun.head
        if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in self.lexicon.measure_nouns:
            return prep.head if self._noun_sense(prep.head) is None else noun
        return noun

    def _aimed_at(self, noun: Token, preps: tuple[str, ...]) -> list[tuple[Token | None, str]]:
        """Where "against X" may hang on an operation or a war: on the noun, on the verb that launched it, or on the
        participle that names it ("launched an operation, code-named Hadin Kai, against Boko Haram")."""
        holders = [noun, *(c for c in noun.children if c.dep_ == "acl")]
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.lexicon.light_verbs:
            holders += [noun.head, *_naming_participles(noun.head)]
        return [s for h in holders for s in _prep_objects(h, preps)]

    def _responded_with(self, noun: Token) -> list[Mention]:
        """ "The Israeli army responded with airstrikes on Lebanon", "retaliated with a missile attack": the act a
        verb is done with is its subject's (it was taken from the context: the last attacker, the other side)."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "with" or prep.head.pos_ != "VERB":
            return []
        return self.args.agents(subject_of(prep.head))

    def _under_attack(self, noun: Token) -> list[Candidate] | None:
        """ "Ukrainian positions came under fire from Russian artillery", "the convoy was under attack from X", "suffered
        attacks from X": X attacked the subject; None when `noun` is no force undergone."""
        prep = noun.head
        if noun.dep_ == "dobj" and prep.lemma_.lower() in SUFFERING_VERBS:
            verb = prep  # "Ukraine's army suffered attacks from Russian drones"
        elif noun.dep_ == "pobj" and prep.lower_ == "under" and prep.head.lemma_.lower() in UNDERGOING_VERBS:
            verb = prep.head
        else:
            return None
        fire = self.lexicon.verbs["attack"] if noun.lemma_.lower() in FIRE_NOUNS else None
        sense = self._noun_sense(noun) or fire
        if sense is None or sense.cameo[:2] not in FORCE_ROOTS:
            return None
        source = next(
            (_pobj(c) for h in (noun, verb) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"), None
        )
        agents = (self.args.agents(source) if source is not None else []) or self._noun_doers(noun)  # "Russian fire"
        targets = self.args.targets(subject_of(verb), _slugs(agents))
        if not agents or not targets or not is_reported_act(verb):
            return []
        return [Candidate(sense, noun, agents, targets, "nominal", **self._clause_flags(verb))]

    def _noun_doers(self, noun: Token) -> list[Mention]:
        """Who an event noun says did it: "a Taliban attack", "Israel's strikes", "an attack by X", "blamed on X"."""
        found = [
            m
            for m in (
                self.mentions.modifier_actor(c) for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod")
            )
            if m
        ]
        if not found and (doer := by_agent(noun) or blamed_on(noun)) is not None:
            # "an attack by X on Y"; "blamed on X", "blamed the attack on Pakistan-based militants": X's, not on X
            found = self.args.named(doer) or self.args.described(doer)
        return found

    def _doers_of_the_attack_in(self, verb: Token, sense: Sense) -> list[Mention]:
        """ "Ten soldiers were killed in a Taliban attack", "civilians died in Russian strikes": force suffered in an
        attack is done by the attack's doers."""
        if sense.cameo[:2] not in FORCE_ROOTS:
            return []
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during")):
            for noun in (c for c in prep.children if c.dep_ == "pobj"):
                attack = self._noun_sense(noun)
                if attack is not None and attack.cameo[:2] in FORCE_ROOTS and (found := self._noun_doers(noun)):
                    return found
        return []

    def _called_protest(self, verb: Token, obj: Token) -> bool:
        """ "called a general strike", "called a boycott": calling a protest stages it; not "called the strike
        illegal", which names it."""
        sense = self._noun_sense(obj) if obj.dep_ == "dobj" else None
        return (
            verb.lemma_.lower() in CALLING_VERBS
            and sense is not None
            and sense.relation == PROTESTS
            and not any(c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") for c in verb.children)
        )

    def _protested_mission(self, holders: list[Token], sense: Sense, agents: list[Mention]) -> list[Mention]:
        """ "protesters rallied outside the US embassy", "a protest in front of Turkey's consulate": an embassy
        or consulate stands for its state as the target of a protest held at it. Not when the protesters were
        given that state (unnamed "protesters" take the state in view, which here is the embassy's)."""
        if sense.relation != PROTESTS:
            return []
        own = self.ground.own_states(agents)
        exclude = _slugs(agents)
        for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in MISSION_PREPS):
            place = _pobj(prep)
            if place is not None and place.lower_ == "front":  # "in front of the consulate"
                place = _of_object(place)
            if place is not None and place.lemma_.lower() in self.lexicon.mission_nouns:
                found = self.args.targets(place, exclude)
                states = {s.slug for m in found if (s := state_of(m.actor, self.mentions.gazetteer)) is not None}
                return [] if states & own else found
        return []

    def _demanded_of(self, verb: Token, sense: Sense, agents: list[Mention]) -> list[Mention]:
        """ "staged a strike to demand the minister's resignation": a protest is aimed at whom its purpose
        clause makes the demand of, or protests against."""
        if sense.relation != PROTESTS:
            return []
        for purpose in (c for c in verb.children if is_purpose(c) and self._aims_at(c)):
            aim, anchor = self._verb_sense(purpose)
            if aim is not None and (
                found := self._first_actors(self._object_slots(purpose, aim, anchor), _slugs(agents))
            ):
                return found
        return []

    def _between(self, noun: Token) -> list[Mention]:
        """ "fighting between X and Y", "clashes broke out between X and Y": the sides of a mutual event."""
        holders = [noun, noun.head] if noun.dep_ in SUBJECT_DEPS else [noun]
        sides = next(
            (o for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "between" and (o := _pobj(c))),
            None,
        )
        if sides is None:
            return []
        found = self.args.named(sides)
        for joined in (c for c in sides.children if c.dep_ in ("nmod", "compound") and c.conjuncts):
            # "between the army and M23 rebels": the parser makes "the army and M23" the rebels' modifier
            found += [m for m in self.args.named(joined) if m.actor.slug not in _slugs(found)]
        return found if len(found) > 1 else []

    def _responsible(self, noun: Token) -> list[Mention]:
        """ "Hussein was responsible for mass killings of Kurds", "ISIS was behind the attack", "AQAP claimed
        responsibility for an attack", "Al-Shabaab claimed the attack": who did it."""
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in CLAIMING_VERBS:
            return self.args.agents(subject_of(noun.head))  # "Al-Shabaab claimed the attack on the hotel"
        prep = noun.head if noun.dep_ == "pobj" else None
        holder = prep.head if prep is not None and prep.lower_ == "for" else prep
        if holder is None or holder.lower_ not in self.lexicon.responsibility_words:
            return []
        if holder.dep_ == "amod":  # "a Hezbollah commander responsible for rocket attacks": the commander's
            return self.args.agents(holder.head)
        # "IS claimed responsibility for the attack": whoever claimed it
        return self.args.agents(subject_of(holder.head if holder.dep_ == "dobj" else holder))

    def _claimed_unsaid(self, noun: Token) -> list[Candidate]:
        """ "The Islamic Resistance in Iraq claimed responsibility.": an act of force claimed with no word for it, the
        last one told; the pipeline takes its kind and its target from there (`extra["claimed"]`)."""
        verb = noun.head
        if (
            noun.lemma_.lower() != "responsibility"
            or noun.dep_ != "dobj"
            or verb.lemma_.lower() not in CLAIMING_VERBS
            or any(c.dep_ == "prep" for h in (noun, verb) for c in h.children)
        ):
            return []
        agents = self.args.agents(subject_of(verb))
        if not agents:
            return []
        flags = self._clause_flags(verb)
        return [Candidate(self.lexicon.verbs["attack"], noun, agents, [], "claimed", extra={"claimed": True}, **flags)]

    def _noun_sense(self, noun: Token) -> Sense | None:
        lemma = noun.lemma_.lower()
        if lemma in AT_EVENT_NOUNS and noun.head.lower_ == "at" and _on_event(noun) is not None:
            return self.lexicon.nouns[f"at {lemma}"]
        for child in noun.children:
            if child.dep_ in ("compound", "amod"):
                phrase = f"{child.lower_} {lemma}"
                if phrase in self.lexicon.nouns:
                    return self.lexicon.nouns[phrase]
                if (
                    lemma in self.lexicon.carrier_nouns
                    and child.dep_ == "compound"
                    and (carried := self.lexicon.nouns.get(child.lemma_.lower()))
                ):
                    return carried  # "arrest warrants", "a mediation mission"
        sense = self.lexicon.nouns.get(lemma)
        labour = self.lexicon.nouns.get(f"labour {lemma}")
        if sense is not None and labour is not None and self._by_strikers(noun):
            return labour  # "workers went on strike", "a doctors' strike": a walkout, not force
        return sense

    def _by_strikers(self, noun: Token) -> bool:
        """ "went on strike", "a doctors' strike", "teachers staged a strike to demand X": done by people who
        stop work (`striker_nouns`), or to demand or protest something; force is aimed "on" or "at" someone."""
        if _on_event(noun) is not None and not any(c.dep_ == "det" for c in noun.children):
            return True  # "on strike"; "an attack on a strike" has its article
        doers: list[Token | None] = [c for c in noun.children if c.dep_ in ("compound", "poss", "amod", "nmod")]
        doers.append(by_agent(noun))
        verb = _on_event(noun) or (noun.head if noun.dep_ == "dobj" else None)
        if verb is not None:
            doers.append(subject_of(verb))
            if any(is_purpose(c) and self._aims_at(c) for c in verb.children):
                return True
        return any(d is not None and d.lemma_.lower() in self.lexicon.striker_nouns for d in doers)

    def _aims_at(self, purpose: Token) -> bool:
        """A purpose clause that demands or protests ("to demand the minister's resignation")."""
        sense = self._verb_sense(purpose)[0]
        return sense is not None and sense.relation in (REQUESTS, PROTESTS)


def _on_event(noun: Token) -> Token | None:
    """The verb of "went on strike", "are on hunger strike", "went on the offensive", "has been at war with X",
    "engaged in talks with X": the event's doer is its subject, as with a light verb."""
    prep = noun.head
    if noun.dep_ != "pobj":
        return None
    if prep.lower_ == "in" and prep.head.lemma_.lower() in ENGAGING_VERBS:
        return prep.head  # "engaged in talks with Hamas"
    on = prep.lower_ == "on" or (prep.lower_ == "at" and noun.lemma_.lower() in AT_EVENT_NOUNS)
    return prep.head if on and prep.head.lemma_.lower() in ON_EVENT_VERBS else None


def _prep_phrase(prep: Token) -> str:
    """A preposition with the words of a complex one: "in front of" (the parser hangs "of" on "front")."""
    if prep.lower_ == "in" and (front := _pobj(prep)) is not None and front.lower_ == "front":
        return "in front of"
    return prep.lower_


def _naming_participles(verb: Token) -> list[Token]:
    """ "launched an operation, dubbed X, against Y": the parser hangs the naming participle, and the preposition
    after the name, on the verb."""
    return [c for c in verb.children if c.dep_ in ("advcl", "acl") and c.lemma_.lower() in NAMING_VERBS]


def _border_objects(holders: list[Token]) -> list[tuple[Token | None, str]]:
    """ "deployed troops to its border with Guyana": forces sent to a border show force across it (sent "to" a
    state, they are a deployment there)."""
    return [
        (o, "target")
        for h in holders
        for c in h.children
        if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "toward", "towards")  # "sent troops to": a dative
        for o in c.children
        if o.dep_ == "pobj" and o.lemma_.lower() in BORDER_NOUNS
    ]


def _between_holder(side: Token) -> Token | None:
    """The noun whose "between" names `side` (or the side it is joined to): "a truce between Israel and Hezbollah"."""
    while side.dep_ == "conj":
        side = side.head
    return side.head.head if side.dep_ == "pobj" and side.head.lower_ == "between" else None


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[tuple[Token | None, str]]:
    """Objects of `token`'s prepositions in `preps` (and of its participles': "sanctions imposed on X")."""
    holders = [token, *[c for c in token.children if c.dep_ == "acl"]]
    return [
        (obj, "target")
        for h in holders
        for c in h.children
        if c.dep_ in ("prep", "dative") and c.pos_ == "ADP" and c.lower_ in preps and not _fronted(c)
        for obj in (_pobj(c), *_gerund_objects(c))
    ]


def _regarding(holders: list[Token]) -> list[tuple[Token | None, str]]:
    """ "imposed sanctions in relation to Iraq", "restrictions with regard to X": whom a measure is about, when a
    compound preposition says it rather than "on" or "against"."""
    return [
        (_pobj(to), "target")
        for holder in holders
        for prep in holder.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "with") and (noun := _pobj(prep)) is not None
        if noun.lemma_.lower() in REGARDING_NOUNS
        for to in noun.children
        if to.dep_ == "prep" and to.lower_ == "to"
    ]


def _gerund_objects(prep: Token) -> list[Token]:
    """ "a ban on doing business with Huawei", "restrictions on trading with Lithuania": whom the gerund after a
    preposition acts on or with, when the preposition names no noun itself."""
    gerund = next((c for c in prep.children if c.dep_ in ("pcomp", "pobj") and c.tag_ == "VBG"), None)
    if gerund is None:
        return []
    return [
        *(c for c in gerund.children if c.dep_ == "dobj"),
        *(o for c in gerund.children if c.dep_ == "prep" and c.lower_ in GERUND_PREPS if (o := _pobj(c)) is not None),
    ]


def _fronted(prep: Token) -> bool:
    """ "With the approval of the Cabinet, the government agreed…": a thing put before the clause's subject
    sets the scene; it does not name the partner or the target (a name may: "In Colombia, the ELN…")."""
    thing = _pobj(prep)
    return (
        thing is not None
        and thing.pos_ == "NOUN"
        and any(c.dep_ in SUBJECT_DEPS | {"nsubjpass"} and prep.i < c.i for c in prep.head.children)
    )


def _phrase_prep_objects(phrase: Token, preps: tuple[str, ...]) -> list[tuple[Token | None, str]]:
    """Objects of prepositions in `preps` anywhere inside a noun phrase ("dozens of artifacts to X")."""
    found = []
    for token in phrase.subtree:
        path = [a for a in token.ancestors if phrase in a.ancestors or a == phrase]
        if token.dep_ == "prep" and token.lower_ in preps and not any(a.pos_ in ("VERB", "AUX") for a in path):
            found.append((_pobj(token), "target"))
    return found


def _set_free(verb: Token) -> Token | None:
    """The "free" of "let free X", "set X free", "let X free" (an adjective or a bare verb the parser attaches)."""
    return next(
        (
            c
            for c in verb.children
            if c.lower_ in FREE and c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "advmod", "amod", "dep")
        ),
        None,
    ) or next(
        (g for c in verb.children if c.dep_ == "dobj" for g in c.children if g.lower_ in FREE and g.dep_ == "amod"),
        None,
    )


def _headline_verb(token: Token) -> bool:
    """ "EU and UN hand over supplies to X", "Authorities ease curfew": a headline's verb the tagger took for a
    noun, the root of its sentence with a subject of its own."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "ROOT"
        and any(c.dep_ == "nsubj" for c in token.children)
        and any(c.dep_ in ("dobj", "prt") for c in token.children)
    )


def _described_by(participle: Token) -> Token | None:
    """The noun a past participle describes ("sanctions imposed on Iran" → sanctions)."""
    return participle.head if participle.dep_ == "acl" and participle.tag_ == "VBN" else None


def _clause_subject(noun: Token) -> Token | None:
    """The subject of a "that" clause a noun governs: "the demand that Israel withdraw" → Israel."""
    for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp")):
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _what_object(verb: Token) -> Token | None:
    """ "destroyed what were reportedly pro-Syrian regime forces" → the forces."""
    for child in verb.children:
        if child.dep_ == "ccomp" and any(c.lower_ == "what" and c.dep_ == "nsubj" for c in child.children):
            return next((c for c in child.children if c.dep_ in ("attr", "acomp")), None)
    return None


def _of_object(noun: Token) -> Token | None:
    """The object of the noun's "of" ("drones" in "a barrage of drones"), if it has one."""
    return next((_pobj(c) for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)


def _pobj(prep: Token) -> Token | None:
    """The object of a preposition, or the one it shares with a preposition joined to it ("travel curbs to and
    from North Korea": North Korea for both)."""
    found = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if found is None:
        shared = next((c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP"), None)
        found = next((c for c in shared.children if c.dep_ == "pobj"), None) if shared is not None else None
    return found


def _is_organisation(mention: Mention) -> bool:
    return mention.actor.type == "Organization"
