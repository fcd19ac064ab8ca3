"""How one clause or side bears on another: a threat absorbs what it threatens ("threatened to cut ties with
X" is one event, a threat coded by what is threatened), a demand is made of the subject of its clause
("demanded that X leave"), a rebuttal answers whoever made the charge ("…, a charge Kyiv rejects"), and the
sides of a mutual act act on each other ("X and Y clashed")."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.clauses import RELATIVE_PRONOUNS, subject_of

if TYPE_CHECKING:
    from kg.extract.patterns import Candidate

THREATENING = frozenset({"threatens", "warns"})
HYPOTHETICAL = frozenset({"future", "hypothetical"})
# CAMEO 13 (threaten) subcodes by the code of the act threatened, most specific first.
THREAT_BY_CODE = {
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "1313",
    "166": "1313",
    "16": "131",
    "17": "137",
    "14": "133",
    "191": "1381",
    "192": "1382",
    "18": "1383",
    "19": "1384",
    "20": "1385",
    "15": "138",
}


def threat_code(cameo: str) -> str | None:
    """The threat's CAMEO code when what is threatened has `cameo` (None for an act that is no threat)."""
    for length in (3, 2):
        if (code := THREAT_BY_CODE.get(cameo[:length])) is not None:
            return code
    return None


def complement_subject(verb: Token) -> Token | None:
    """The subject of the clause `verb` governs: "demanded that Israel abandon…" → Israel."""
    for clause in (c for c in verb.children if c.dep_ in ("ccomp", "xcomp")):
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None


def rebutted(verb: Token, accusations: frozenset[str]) -> Token | None:
    """ "Russia accused Ukraine of shelling, a charge Kyiv rejects": whoever made the charge, the subject
    of the clause the charge sums up."""
    noun = verb.head
    if (
        verb.dep_ != "relcl"
        or noun.lemma_.lower() not in accusations
        or any(c.dep_ == "dobj" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children)
        or noun.dep_ not in ("npadvmod", "appos", "dobj", "attr")
        or noun.head.pos_ not in ("VERB", "AUX")
    ):
        return None
    return subject_of(noun.head)


def reciprocal(candidate: Candidate) -> Candidate:
    """ "Hamas and Fatah clashed", "Russia and Ukraine met": with no one else named, the subjects act on
    each other (each ordered pair; the pipeline's pairing skips an actor with itself). So do the sides of a
    mutual act "between" them that no one is said to do: "Clashes between HTS and Ahrar al-Sham"."""
    if not candidate.agents and candidate.sense.mutual and len(candidate.targets) > 1 and _between(candidate.trigger):
        return replace(candidate, agents=candidate.targets)
    if candidate.targets or not candidate.sense.mutual or len(candidate.agents) < 2:
        return candidate
    return replace(candidate, targets=candidate.agents)


def _between(trigger: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in trigger.children)
