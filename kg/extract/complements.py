"""What a governing verb makes of the clause it governs: a threat absorbs what it threatens ("threatened to
cut ties with X" is one event, a threat coded by what is threatened), and a demand names whom it is made
of by the subject of its clause ("demanded that X leave")."""
from __future__ import annotations

from spacy.tokens import Token

THREATENING = frozenset({"threatens", "warns"})
HYPOTHETICAL = frozenset({"future", "hypothetical"})
# CAMEO 13 (threaten) subcodes by the code of the act threatened, most specific first.
THREAT_BY_CODE = {
    "161": "1313", "162": "1311", "163": "1312", "164": "1313", "166": "1313", "16": "131",
    "17": "137", "14": "133", "191": "1381", "192": "1382", "18": "1383", "19": "1384", "20": "1385", "15": "138",
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
