"""Who says so, and how: the attribution of an event and the status it gives the event.

The status vocabulary is the ontology's ckg:EvidenceStatus; the rules, first match wins:
denied (negated) → intended (a modality) → alleged (a verb of accusation or claim: "accused",
"blamed", "claimed", or what an accusation or a claim says: "accusations that Tehran was behind the attack") →
reported (any other reporting verb, "according to", or what a report says) → fact. A fact or a report the
sentence goes on to call a claim someone denies (", a claim the RSF denied") is alleged.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.clauses import ALLEGING_NOUNS, REJECTING_VERBS, REPORTING_NOUNS, by_agent, subject_of
from kg.extract.datelines import dateline_heads
from kg.extract.extraction import Status
from kg.extract.mentions import Mention, Mentions

ACCORDING_TO = "according to"
CONTRASTING = frozenset({"while", "whereas", "whilst"})
DISPUTED_NOUNS = ALLEGING_NOUNS | {"report"}  # "…, a claim the RSF denied", "…, reports Moscow dismissed"
DISPUTE_WINDOW = 7  # words from the claim noun to the verb that rejects it: "a claim the group has repeatedly denied"
# Adverbs that pass a claim on without a speaker, by the verb whose status they give.
HEDGES = {"reportedly": "report", "allegedly": "allege", "purportedly": "allege", "supposedly": "allege"}


@dataclass(frozen=True)
class Attribution:
    """The source of a reported event: its mention (None when no actor is recognised), the words, the verb."""

    speaker: Mention | None
    words: str  # "Mali's government accused", "according to the Syrian Observatory"
    verb: str  # the reporting verb's lemma, or "according to"


def attribution_of(trigger: Token, mentions: Mentions, reporting: frozenset[str]) -> Attribution | None:
    """Who said so: the subject of a reporting verb above the trigger, or "according to X"; or, unsaid, that the
    act is laid at someone's door ("an attack blamed on X killed…", "the attack, claimed by X, killed…")."""
    if (laid := _laid_on_doer(trigger, reporting)) is not None:
        return Attribution(None, laid.doc[laid.i : laid.right_edge.i + 1].text, laid.lemma_.lower())
    token = trigger
    hedge: Token | None = None
    for _ in range(8):
        speakers = [token] if token.i != trigger.i and token.lemma_.lower() in reporting else []
        speakers += [c for c in token.children if c.dep_ == "parataxis" and c.lemma_.lower() in reporting]
        for verb in speakers:
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
                # "the UAE has been accused (by Sudan) of arming X": who is accused is no speaker; the agent is
                agent = by_agent(verb)
                words = f"{verb.text} by {_phrase(agent)}" if agent is not None else verb.text
                return Attribution(_mention(agent, mentions) if agent is not None else None, words, verb.lemma_.lower())
            subject = _speaker(verb, trigger)
            if subject is not None:
                words = f"{_phrase(subject)} {verb.text}"
                return Attribution(_mention(subject, mentions), words, verb.lemma_.lower())
        # "Sudan's army allegedly bombed…", "Russia reportedly deployed…": told, not seen; a speaker named says more
        hedge = hedge or next((c for c in token.children if c.dep_ == "advmod" and c.lower_ in HEDGES), None)
        according = next((c for c in token.children if c.lower_ == "according"), None)
        pobj = next((t for t in according.subtree if t.dep_ == "pobj"), None) if according else None
        if according is not None and pobj is not None:
            words = according.doc[according.left_edge.i : according.right_edge.i + 1].text
            return Attribution(_mention(pobj, mentions), words, ACCORDING_TO)
        if (said := _said_in(token)) is not None:
            author = by_agent(said) or next((c for c in said.children if c.dep_ == "poss"), None)
            if author is None and said.dep_ == "dobj":  # "Sudan made accusations that…": who made them
                author = _speaker(said.head, trigger)
            words = said.doc[said.left_edge.i : token.left_edge.i].text.strip()
            return Attribution(_mention(author, mentions) if author is not None else None, words, said.lemma_.lower())
        if token.head.i == token.i or (token.dep_ == "conj" and token.head.lemma_.lower() in reporting):
            break  # "No group claimed it, but militias have carried out…": a joined clause is no report's content
        if _contrasted(token):
            break  # "Hamas said Israel was not serious, while Egypt pressed both sides…": the narrator's, set beside it
        token = token.head
    return Attribution(None, hedge.text, HEDGES[hedge.lower_]) if hedge is not None else None


def evidence_status(
    negated: bool,
    modality: str | None,
    attribution: Attribution | None,
    alleging: frozenset[str],
    disputed: bool = False,
) -> Status:
    """How the sentence puts its event (ckg:EvidenceStatus), by the rules in the module docstring; `disputed`: the
    sentence goes on to say the claim is denied (`is_disputed`), which makes a fact or a report alleged."""
    if negated:
        return "denied"
    if modality:
        return "intended"
    if disputed:
        return "alleged"
    if attribution is None:
        return "fact"
    return "alleged" if attribution.verb in alleging | ALLEGING_NOUNS else "reported"


def is_disputed(trigger: Token) -> bool:
    """ "The army said it had recaptured the town, a claim the RSF denied"; "…, allegations the group has rejected":
    the sentence sums what it told up as a claim, after a comma, and says someone rejects it."""
    doc = trigger.doc
    end = trigger.sent.end
    for token in doc[trigger.i + 1 : end]:
        if token.lemma_.lower() not in DISPUTED_NOUNS or not _after_comma(token):
            continue
        if any(t.lemma_.lower() in REJECTING_VERBS for t in doc[token.i + 1 : min(end, token.i + DISPUTE_WINDOW)]):
            return True
    return False


def _after_comma(noun: Token) -> bool:
    """ ", a claim", ", allegations", ", claims that": the noun opens a phrase set off by a comma."""
    before = [t for t in noun.doc[max(noun.sent.start, noun.i - 3) : noun.i] if t.pos_ != "DET" and t.dep_ != "amod"]
    return bool(before) and before[-1].text == ","


def _contrasted(clause: Token) -> bool:
    """A clause with a subject of its own set beside another by "while" or "whereas", which the parser may hang inside
    a report."""
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in CONTRASTING for c in clause.children)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    )


def _said_in(clause: Token) -> Token | None:
    """The noun of "accusations by Netanyahu that Tehran was behind the attack", "reports that X shelled Y": the
    accusation or report whose content the clause is."""
    noun = clause.head
    if (
        clause.dep_ in ("acl", "ccomp")
        and noun.pos_ == "NOUN"
        and noun.lemma_.lower() in ALLEGING_NOUNS | REPORTING_NOUNS
    ):
        return noun
    return None


def _laid_on_doer(trigger: Token, reporting: frozenset[str]) -> Token | None:
    """The participle of reporting ("blamed", "claimed") on the trigger's subject, which says who did it."""
    subject = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    return next((c for c in subject.children if c.dep_ == "acl" and c.lemma_.lower() in reporting), None)


def _speaker(verb: Token, trigger: Token) -> Token | None:
    # The parser sometimes makes the reported clause's subject a second subject of "said":
    # a subject that dominates the trigger is part of what was said, not who said it; nor does a dateline's town
    # ("KHARTOUM, Sudan (Reuters) - Sudan's army said…") say anything.
    heads = dateline_heads(verb.doc)
    for child in verb.children:
        if (
            child.dep_ in ("nsubj", "nsubjpass")
            and child.lower_ not in {"it", "this"}
            and child.i not in heads
            and not (child.left_edge.i <= trigger.i <= child.right_edge.i)
        ):
            return child
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    if (verb.dep_ == "advcl" and verb.tag_ == "VBG") or verb.dep_ == "conj":
        # "The Houthis vowed to retaliate, saying the strikes killed…", "A spokesman denied X and said it had struck
        # Y": the sentence's subject says so
        subject = subject_of(verb)
        if subject is not None and not (subject.left_edge.i <= trigger.i <= subject.right_edge.i):
            return subject
    return _apposed_speaker(verb)


def _apposed_speaker(verb: Token) -> Token | None:
    """ "…, killing 28 people, a rebel group and residents said": the parser hangs the speaker on the last noun of
    the report, in apposition; it is the phrase set off by a comma just before the verb."""
    if verb.i == 0:
        return None
    head = verb.doc[verb.i - 1]
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    comma = head.left_edge.i - 1
    return head if head.dep_ == "appos" and comma >= 0 and verb.doc[comma].text == "," else None


def _phrase(head: Token) -> str:
    return head.doc[head.left_edge.i : head.right_edge.i + 1].text


def _mention(head: Token, mentions: Mentions) -> Mention | None:
    found = mentions.of_noun(head, coordinated=False)
    return found[0] if found else None
