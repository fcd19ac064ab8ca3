"""Small, distinct, realistic articles for the fault and load tests: sentences from templates with varied
actors, verbs, places and dates, so extraction finds several events in each and no two texts are equal."""

from __future__ import annotations

import random
from datetime import date, timedelta

ACTORS = [
    "Iran",
    "Russia",
    "Hezbollah",
    "Turkey",
    "the US-led coalition",
    "the Assad regime",
    "Kataib Hezbollah",
    "the Syrian Democratic Forces",
    "Israel",
    "Iraqi security forces",
    "the Free Syrian Army",
    "Jordan",
    "the Popular Mobilization Forces",
    "Saudi Arabia",
    "the YPG",
    "Hayat Tahrir al-Sham",
]
PLACES = [
    "near al Tanf",
    "outside Deir ez-Zor",
    "north of Raqqa",
    "in southern Idlib",
    "near Mosul",
    "around Aleppo",
    "close to the Jordanian border",
    "east of Palmyra",
]
SENTENCES = [
    "{a} backed {b} with weapons and money, officials said.",
    "{a} forces attacked positions held by {b} {place} on {day}.",
    "{a} struck {b} {place}, a military spokesman said.",
    "{a} warned {b} against advancing further {place}.",
    "Fighters from {a} clashed with {b} {place} on {day}.",
    "{a} trained {b} at a base {place}.",
    "{a} shelled {b} {place} for several hours.",
    "Officials said {a} supports {b} in the region.",
]
FILLER = [
    "Casualty figures could not be independently verified.",
    "The area has seen heavy fighting this year.",
    "Aid groups said thousands of civilians had fled.",
    "Talks between the parties stalled last month.",
]


def make_articles(count: int, seed: int = 0, sentences: int = 4) -> list[dict]:
    """`count` articles as POST /articles bodies: {"text", "title", "published"}; every text differs."""
    rng = random.Random(seed)
    start = date(2017, 1, 2)
    found = []
    for number in range(count):
        published = start + timedelta(days=rng.randrange(900))
        lines = [f"Report {seed}-{number}: {rng.choice(FILLER)}"]  # the number keeps every text distinct
        for _ in range(sentences):
            a, b = rng.sample(ACTORS, 2)
            text = rng.choice(SENTENCES).format(
                a=a, b=b, place=rng.choice(PLACES), day=(published - timedelta(days=rng.randrange(1, 6))).strftime("%A")
            )
            lines.append(text[0].upper() + text[1:])
        found.append(
            {"text": " ".join(lines), "title": f"Synthetic report {seed}-{number}", "published": published.isoformat()}
        )
    return found
