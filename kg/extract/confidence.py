"""How sure an extracted event is (`ckg:confidence`, 0–1): the product of one factor per way it was found.

    confidence = FORM[form] × ACTOR[origin of agent] × ACTOR[origin of target]
                 × RESOLVED per actor reached through a pronoun or a definite description
                 × MODAL when the event is hypothetical, future or intended
    capped at IMPLICIT_TARGET_CAP when the text leaves the target unsaid, kept within [FLOOR, 1].

So "Russia bombed ISIS" scores 0.9; "ISIS attack on X" 0.75; a verb between an actor spaCy's NER
guessed and one the gazetteer knows 0.72; "Russian jets bombed them" (them = the rebels) 0.77.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.actor import DESCRIPTION, GAZETTEER, NER

if TYPE_CHECKING:
    from kg.extract.mentions import Mention
    from kg.extract.patterns import Candidate

# How the relation is stated: a verb with its subject and object is the clearest; a noun the vaguest.
FORM = {"active": 0.9, "passive": 0.85, "adjectival": 0.85, "nominal": 0.75}
OTHER_FORM = 0.7
# How an actor was found: a gazetteer name; a description ("Saudi-backed forces"); a name only NER saw.
ACTOR = {GAZETTEER: 1.0, DESCRIPTION: 0.9, NER: 0.8}
RESOLVED = 0.85
MODAL = 0.85
IMPLICIT_TARGET_CAP = 0.5
FLOOR = 0.05


def confidence(candidate: Candidate, agent: Mention, target: Mention, explicit_target: bool) -> float:
    """The confidence of the event `candidate` states between `agent` and `target`."""
    score = FORM.get(candidate.form, OTHER_FORM)
    for mention in (agent, target):
        score *= ACTOR.get(mention.actor.origin, ACTOR[NER]) * (RESOLVED if mention.resolved else 1.0)
    if candidate.modality:
        score *= MODAL
    if not explicit_target:
        score = min(score, IMPLICIT_TARGET_CAP)
    return round(max(FLOOR, min(1.0, score)), 2)
