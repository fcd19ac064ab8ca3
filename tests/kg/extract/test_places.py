"""Where events happened: the project's conflict places and GeoNames cities, with coordinates."""

from __future__ import annotations

from datetime import date

from kg.ingest import Article


def _places(extractor, text: str):
    found = extractor.extract(Article(text=text, published=date(2017, 6, 6), source="t"))
    return list({(e.place.model_dump_json() if e.place else None): e.place for e in found}.values())


def test_places_conflict_place_has_coordinates(extractor):
    (place,) = _places(extractor, "Russian warplanes bombed Syrian rebels near al-Tanf.")
    assert (place.id, place.label, round(place.lat, 1), round(place.long, 1)) == ("al-tanf", "al Tanf", 33.5, 38.7)


def test_places_geonames_city_has_coordinates(extractor):
    (place,) = _places(extractor, "Iraqi troops attacked ISIS in Kirkuk.")
    assert (place.id, round(place.lat), round(place.long)) == ("kirkuk", 35, 44)


def test_places_capital_named_as_place_is_the_city(extractor):
    (place,) = _places(extractor, "Israeli jets struck Hezbollah in Damascus.")
    assert place.id == "damascus" and place.lat is not None


def test_places_country_is_a_place_without_a_point(extractor):
    (place,) = _places(extractor, "Turkish troops attacked the YPG in Syria.")
    assert (place.id, place.lat) == ("syria", None)


def test_places_place_of_a_side_remark_is_not_the_events(extractor):
    found = _places(extractor, "Kataib Hezbollah (an Iraqi militia in Syria) attacked the US-led coalition.")
    assert found == [None]


def test_places_province_lies_in_its_state(extractor):
    index = extractor.gazetteer.place_index
    assert [index.country(n) for n in ("Helmand province", "Borno State", "Rakhine")] == ["AFG", "NGA", "MMR"]


def test_places_province_two_states_share_or_named_as_a_state_is_none(extractor):
    index = extractor.gazetteer.place_index
    assert [index.country(n) for n in ("Punjab", "Georgia")] == [None, None]


def test_places_a_region_named_after_open_water_is_no_state_of_the_water(extractor):
    """Sudan's "Red Sea" State and Papua New Guinea's "Gulf" Province: in the news they are the water."""
    index = extractor.gazetteer.place_index
    assert [index.country(n) for n in ("Red Sea", "Gulf", "Blue Nile")] == [None, None, "SDN"]
    found = extractor.extract(Article(text="The Houthis attacked a commercial ship in the Red Sea.", source="t"))
    assert "sudan" not in {a.id for e in found for a in (e.source, e.target)}


def test_places_act_in_a_province_falls_on_its_state(extractor):
    found = extractor.extract(
        Article(text="The United Nations suspended aid deliveries in Borno State.", published=date(2019, 3, 4))
    )
    assert ("united-nations", "nigeria") in {(e.source.id, e.target.id) for e in found}
