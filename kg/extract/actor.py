"""An actor as the gazetteer knows it, and how names become lookup keys and IRI slugs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from kg.extract.extraction import ActorRef

# How an actor was found; confidence.py scores each.
GAZETTEER, NER, DESCRIPTION = "gazetteer", "ner", "description"
_UNIFIED = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})
_SPACED_DASH = re.compile(r"\s*-\s*")


@dataclass(frozen=True)
class Actor:
    slug: str
    label: str
    type: str
    cameo: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None
    member_of: str | None = None
    forces: str | None = None
    government: str | None = None
    origin: str = GAZETTEER
    demonym: str | None = None
    # Dated CAMEO roles of a person (code, first day, last day as YYYYMMDD): who they act for on a date.
    roles: tuple[tuple[str, int, int], ...] = ()
    # States (ISO alpha-3) where a coalition fights: "the coalition" in a story set there, with no coalition named.
    theatres: tuple[str, ...] = ()

    def ref(self, text: str) -> ActorRef:
        """This actor as mentioned by `text`."""
        return ActorRef(
            id=self.slug,
            label=self.label,
            type=self.type,
            cameo=self.cameo,
            text=text,
            part_of=self.part_of,
            member_of=self.member_of,
            aliases=list(self.aliases),
        )


def normalise_name(text: str) -> str:
    """Lookup key of a name: case-folded, apostrophes and dashes unified, `the` dropped."""
    text = " ".join(text.translate(_UNIFIED).split())
    if "-" in text:
        text = _SPACED_DASH.sub("-", text)
    return text.casefold().removeprefix("the ")


def slugify(text: str) -> str:
    """A readable IRI slug: `Kataib Imam Ali` → `kataib-imam-ali`, `Türkiye` → `turkiye`."""
    ascii_text = unicodedata.normalize("NFKD", normalise_name(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    # A name with no Latin letters still needs a stable slug of its own.
    return slug or "name-" + hashlib.sha256(text.encode()).hexdigest()[:10]
