"""How a clause puts its event: voice, negation, modality, and whether it is a condition or an aim."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.datelines import dateline_heads

SUBJECT_DEPS = {"nsubj", "csubj"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
MODALS = {
    "would": "hypothetical",
    "could": "hypothetical",
    "might": "hypothetical",
    "may": "hypothetical",
    "will": "future",
    "shall": "future",
    "must": "obligation",
    "should": "obligation",
}
CONDITIONS = {"if", "unless"}
# Word forms as well as lemmas: the lemmatizer gives "hop" for "hopes".
WISH_VERBS = {"hope", "hopes", "hoped", "hoping", "wish", "wishes", "wished", "wishing", "pray", "prays", "prayed"}
COMPLEMENT_DEPS = {"xcomp", "ccomp"}
# Verbs that keep an act from happening: "warned Pakistan against carrying out air strikes", "prevented X from".
WARDING_VERBS = {
    "warn",
    "caution",
    "deter",
    "dissuade",
    "discourage",
    "prevent",
    "stop",
    "bar",
    "ban",
    "prohibit",
    "refrain",
}
INSIDE_CLAUSE = {"xcomp", "ccomp", "pcomp", "prep", "conj", "advcl"}
INHERITS_SUBJECT = {"xcomp", "conj", "advcl", "pcomp", "prep", "advmod", "acomp"}
NOT_ONES_OWN = frozenset({"against"})
USING_VERBS = (
    "use",
    "employ",
)  # "used tear gas to disperse X": the means' user does what it is used for  # a gerund after "against" is someone else's act


def is_reported_act(verb: Token) -> bool:
    """Whether the clause of `verb` reports something done or announced, rather than an aim ("to protect"),
    a condition ("if Iran strikes"), a wish ("hopes X will…"), a description ("the visiting prince", "the
    coalition fighting the Houthis has declared a truce": who the subject is, not what the sentence reports)
    or a naming ("called X a Y")."""
    return not (
        is_purpose(verb)
        or is_condition(verb)
        or is_noun_content(verb)
        or is_wished(verb)
        or is_described_prospect(verb)
        or is_question(verb)
        or is_warded_off(verb)
        or (verb.dep_ == "amod" and verb.tag_ != "VBN")
        or (verb.dep_ == "acl" and verb.tag_ == "VBG")
        or any(c.dep_ == "oprd" for c in verb.children)
    )


def is_warded_off(verb: Token) -> bool:
    """ "warned Pakistan against carrying out air strikes", "refrained from attacking": an act kept from happening."""
    prep = verb.head
    return verb.dep_ == "pcomp" and prep.lower_ in ("against", "from") and prep.head.lemma_.lower() in WARDING_VERBS


def is_wished(verb: Token) -> bool:
    """ "hopes Japan will persuade Biden to lift sanctions": a wish about someone else, not a report."""
    for _ in range(4):  # "hopes X will persuade Y to lift…": "lift" is wished too
        if verb.dep_ not in COMPLEMENT_DEPS or verb.head == verb:
            return False
        if verb.dep_ == "ccomp" and (verb.head.lemma_.lower() in WISH_VERBS or verb.head.lower_ in WISH_VERBS):
            return True
        verb = verb.head
    return False


def is_question(verb: Token) -> bool:
    """ "Will Russia attack Ukraine?": a question asks whether, it reports nothing."""
    return any(t.text == "?" for t in verb.sent[-2:])


def is_described_prospect(verb: Token) -> bool:
    """ "a reform that will protect people and provide insurance to every American": a relative clause in
    the future or the conditional says what its noun is meant or expected to do, not what happened."""
    while verb.dep_ == "conj" and verb.head != verb and not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        verb = verb.head
    return verb.dep_ == "relcl" and any(
        c.dep_ == "aux" and MODALS.get(c.lower_) in ("future", "hypothetical") for c in verb.children
    )


def is_noun_content(verb: Token) -> bool:
    """ "rejected the claim that it armed X", "voiced hope that Y will help", "the suggestion that…": the clause says
    what a claim, a hope or a suggestion holds, which the sentence does not state; so do the clauses inside it. Not
    a claim the sentence passes on ("allegations that X armed Y", "evidence that X sent arms"): that is told, as
    alleged or reported (kg.extract.attribution)."""
    for _ in range(4):
        if (
            verb.dep_ == "acl"
            and verb.head.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in verb.children)
        ):
            return not passed_on_claim(verb.head)
        if verb.dep_ not in INSIDE_CLAUSE or verb.head == verb:
            return False
        verb = verb.head
    return False


def passed_on_claim(noun: Token) -> bool:
    """A claim noun the sentence passes on, neither rejected nor doubted: not "dismissed reports that…", "no evidence
    that…", "did not find evidence that…", "the charge that … is false"."""
    if noun.lemma_.lower() not in CLAIM_NOUNS:
        return False
    if any(c.dep_ in ("det", "neg") and c.lower_ in DOUBTING_WORDS for c in noun.children):
        return False
    holder = noun.head.head if noun.dep_ == "pobj" else noun.head
    if holder.pos_ in ("VERB", "AUX") and (
        any(c.dep_ == "neg" for c in holder.children) or holder.lemma_.lower() in REJECTING_VERBS
    ):
        return False
    return not any(c.dep_ == "acomp" and c.lower_ in DOUBTING_WORDS for c in holder.children)


def is_definite(noun: Token) -> bool:
    """ "the attack", "the militant group": a thing told before, or known."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)


def is_time(token: Token | None) -> bool:
    """A date or time phrase ("on Tuesday"), which is never an actor."""
    return token is not None and token.ent_type_ in ("DATE", "TIME")


def is_passive(verb: Token) -> bool:
    deps = {c.dep_ for c in verb.children}
    if deps & {"nsubjpass", "auxpass"}:
        return True
    return verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN" and "dobj" not in deps


def is_purpose(verb: Token) -> bool:
    """ "would respond to protect partner forces", "ensure security so that refugees could return": an aim,
    not something done."""
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("so", "lest") for c in verb.children):
        return True
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def is_condition(verb: Token) -> bool:
    """ "if Iran strikes any Americans": a condition, not a report."""
    return any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in verb.children)


# Nouns whose "that" clause is what someone says happened: alleged, or reported (kg.extract.attribution); an
# alleging noun after a clause is the charge the clause's verb denies ("…, a charge Islamabad denied").
ALLEGING_NOUNS = frozenset({"accusation", "allegation", "claim", "charge", "suspicion"})
REPORTING_NOUNS = frozenset({"report", "statement", "assertion", "evidence"})
CLAIM_NOUNS = ALLEGING_NOUNS | REPORTING_NOUNS
# Words that doubt or reject a claim: "no evidence that", "dismissed reports that", "the claim is false".
DOUBTING_WORDS = frozenset({"no", "not", "never", "little", "false", "baseless", "unfounded", "untrue"})
REJECTING_VERBS = frozenset(
    {"reject", "dismiss", "deny", "refute", "dispute", "deride", "ridicule", "doubt", "question"}
)


def is_negated(
    verb: Token, negating_verbs: frozenset[str] = frozenset(), denial_verbs: frozenset[str] = frozenset()
) -> bool:
    """ "not going after", "never attacked", "refused to release", "denied arming X", "denied that it
    armed X": negation on the verb, or on the verb its infinitive or its clause depends on (a denial too)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ in ("xcomp", "pcomp"):
        return (
            any(c.dep_ == "neg" for c in verb.head.children)
            or verb.head.lemma_.lower() in negating_verbs | denial_verbs
        )
    # "did not permit the information to be shared with X": a clause under a negated verb is not asserted.
    return (
        verb.dep_ == "ccomp"
        and (verb.head.lemma_.lower() in denial_verbs or any(c.dep_ == "neg" for c in verb.head.children))
        and not _charge_denied_after(verb)
    )


def _charge_denied_after(clause: Token) -> bool:
    """ "New Delhi blamed the attack on X, a charge Islamabad denied": the parser makes the sentence a clause of
    "denied", whose object, after it, is the charge; the blaming was done, only its content is denied."""
    between = clause.doc[clause.right_edge.i + 1 : clause.head.i]  # "a charge Kigali denies": often "Kigali"'s compound
    return clause.head.i > clause.i and any(t.lemma_.lower() in ALLEGING_NOUNS for t in between)


def governors(verb: Token, depth: int = 4) -> list[Token]:
    """The verbs whose complement `verb`'s clause is, nearest first: "urged X to stop attacking Y" →
    [stop, urged] for "attacking"; "demanded that X leave" → [demanded] for "leave"."""
    found: list[Token] = []
    while verb.dep_ in COMPLEMENT_DEPS and verb.head != verb and len(found) < depth:
        verb = verb.head
        found.append(verb)
    return found


def modality(
    verb: Token, intent_verbs: frozenset[str] = frozenset(), request_verbs: frozenset[str] = frozenset()
) -> str | None:
    """ "would respond" → hypothetical; "will meet" → future; "threatened to strike" → intent; "urged X to
    strike", "demanded that X strike" → requested (asked of X, neither done nor announced by X)."""
    if any(g.lemma_.lower() in request_verbs for g in governors(verb)):
        return "requested"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in intent_verbs:
        return "intent"
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in MODALS:
            return MODALS[child.lower_]
    if verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS | {"aux", "auxpass"} for c in verb.children):
        return modality(verb.head, intent_verbs, request_verbs)  # "must ensure security and provide aid"
    return None


def phrase_start(head: Token) -> int:
    """Where the noun phrase headed by `head` starts, after its determiner ("the rebels" → "rebels")."""
    return head.left_edge.i + (head.left_edge.dep_ == "det")


def by_agent(token: Token) -> Token | None:
    """The object of "by" (a passive's agent, "an attack by X")."""
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject, inherited through control, coordination and relative clauses."""
    for _ in range(6):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None and subject.i in dateline_heads(verb.doc):
            # "WASHINGTON, June 9 — The US suspended…", "KHARTOUM — Fighters loyal to … shelled": the dateline's
            # town is where the wire wrote, "(Reuters)" who wrote it; the subject is the verb's other one, or the phrase
            # after the dash
            others = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i != subject.i]
            after_dash = [c for c in subject.children if c.dep_ == "appos"][-1:]  # not "(Reuters)", the last
            subject = next(iter(others + after_dash), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ in ("acl", "relcl") and any(c.dep_ == "dobj" for c in verb.children):
            return verb.head  # "coalition airstrikes targeted X", parsed as a reduced relative
        if (
            verb.dep_ == "xcomp"
            and verb.head.lemma_.lower() not in USING_VERBS  # "used drones to attack X": the drones' user attacks
            and (controller := _controller(verb.head)) is not None
        ):
            return controller  # "urged France to pressure the US": France pressures
        if verb.dep_ == "xcomp" and (raised := next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)):
            return raised  # "Iran is reported to have supplied drones", "X was forced to withdraw": Iran, X
        if verb.dep_ == "pcomp" and (obj := _charged(verb)):
            return obj  # "accused Russia of shelling civilians", "the UAE was accused of arming X": Russia, the UAE
        if verb.dep_ not in INHERITS_SUBJECT or verb.head == verb:
            return None
        if verb.dep_ == "prep" and verb.head.pos_ in ("NOUN", "PROPN"):
            return None  # "motives in providing": not the sentence's subject's act
        if verb.dep_ == "pcomp" and verb.head.lower_ in NOT_ONES_OWN:
            return None  # "filed a lawsuit against visiting X", "protested against arming X": what they oppose
        verb = verb.head
    return None


def _charged(verb: Token) -> Token | None:
    """Who a charge is laid on: the object of "accused Russia of shelling", the subject of "was accused of arming"
    (not of "was arrested for collaborating", a reason, not a charge)."""
    if verb.head.lower_ != "of":
        return None  # "suspended aid by accusing X": a means, whose doer is the clause's subject
    charge = verb.head.head
    if charge.dep_ == "pobj" and charge.head.dep_ == "agent":
        charge = charge.head.head  # "was accused by UN experts of arming X": the parser hangs "of" on the accusers
    if (obj := next((c for c in charge.children if c.dep_ == "dobj"), None)) is not None:
        return obj
    return next((c for c in charge.children if c.dep_ == "nsubjpass"), None)


def _controller(verb: Token) -> Token | None:
    """The object that is the subject of an infinitive: "urged X to", "called on X to"."""
    for child in verb.children:
        if child.dep_ == "dobj":
            return child
        if child.dep_ == "prep" and child.lower_ in ("on", "upon") and verb.lemma_.lower() == "call":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
