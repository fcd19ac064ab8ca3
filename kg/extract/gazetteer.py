"""The actor and place gazetteer: data files → lookups and spaCy EntityRuler patterns."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.extract.extraction import ActorRef, PlaceRef

DATA = Path(__file__).parent / "data"
ACTOR_LABEL = "ACTOR"
PLACE_LABEL = "PLACE"
_ACRONYM = re.compile(r"^[A-Z][A-Z.\-]*[A-Z.]$")


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

    def ref(self, text: str) -> ActorRef:
        """This actor as mentioned by `text`."""
        return ActorRef(id=self.slug, label=self.label, type=self.type, cameo=self.cameo, text=text,
                        part_of=self.part_of, member_of=self.member_of, aliases=list(self.aliases))


@dataclass(frozen=True)
class Place:
    slug: str
    label: str
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    long: float | None = None

    def ref(self) -> PlaceRef:
        return PlaceRef(id=self.slug, label=self.label, lat=self.lat, long=self.long)


def normalise_name(text: str) -> str:
    """Lookup key of a name: case-folded, apostrophes and dashes unified, `the` dropped."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"\s*-\s*", "-", " ".join(text.split())).casefold()
    return text[4:] if text.startswith("the ") else text


def slugify(text: str) -> str:
    """A readable IRI slug: `Kataib Imam Ali` → `kataib-imam-ali`."""
    return re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-") or "unnamed"


@dataclass
class Gazetteer:
    actors: dict[str, Actor]
    places: dict[str, Place] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path = DATA) -> "Gazetteer":
        """Read `actors.toml` and `places.toml` from `directory`."""
        actors = {slug: _actor(slug, row) for slug, row in _toml(directory / "actors.toml").items()}
        places = {slug: _place(slug, row) for slug, row in _toml(directory / "places.toml").items()}
        for actor in actors.values():
            for ref in (actor.part_of, actor.member_of, actor.forces):
                if ref and ref not in actors:
                    raise ValueError(f"actor {actor.slug} refers to unknown actor {ref}")
        return cls(actors, places)

    @cached_property
    def _actor_index(self) -> dict[str, Actor]:
        return _index(self.actors.values(), lambda a: (a.label, *a.aliases))

    @cached_property
    def _place_index(self) -> dict[str, Place]:
        return _index(self.places.values(), lambda p: (p.label, *p.aliases))

    def actor(self, name: str) -> Actor | None:
        """The actor called `name` (label or alias), if known; acronyms must match their case."""
        found = self._actor_index.get(normalise_name(name))
        if found and _ACRONYM.match(name.strip()) is None and _is_acronym_only(found, name):
            return None
        return found

    def place(self, name: str) -> Place | None:
        return self._place_index.get(normalise_name(name))

    def ruler_patterns(self, tokenize) -> list[dict]:
        """EntityRuler token patterns for every name; acronyms match case-sensitively."""
        patterns = []
        for label, items in ((ACTOR_LABEL, self.actors.values()), (PLACE_LABEL, self.places.values())):
            for item in items:
                for name in dict.fromkeys((item.label, *item.aliases)):
                    patterns.append({"label": label, "id": item.slug, "pattern": _token_pattern(name, tokenize)})
        return patterns


def _is_acronym_only(actor: Actor, name: str) -> bool:
    """True when `name` matches only an ALL-CAPS alias ("US") but is written otherwise ("us")."""
    key = normalise_name(name)
    return all(_ACRONYM.match(n) for n in (actor.label, *actor.aliases) if normalise_name(n) == key)


def _token_pattern(name: str, tokenize) -> list[dict]:
    words = [t.text for t in tokenize(name)]
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if _ACRONYM.match(name):
        return [{"ORTH": w} for w in words]
    return [{"LOWER": w.lower().replace("’", "'")} for w in words]


def _index(items, names) -> dict:
    index: dict = {}
    for item in items:
        for name in names(item):
            index.setdefault(normalise_name(name), item)
    return index


def _toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _actor(slug: str, row: dict) -> Actor:
    return Actor(slug=slug, label=row["label"], type=row["type"], cameo=row.get("cameo"),
                 aliases=tuple(row.get("aliases", ())), part_of=row.get("part_of"),
                 member_of=row.get("member_of"), forces=row.get("forces"))


def _place(slug: str, row: dict) -> Place:
    return Place(slug=slug, label=row["label"], aliases=tuple(row.get("aliases", ())),
                 lat=row.get("lat"), long=row.get("long"))
