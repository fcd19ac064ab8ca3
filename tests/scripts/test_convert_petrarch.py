"""scripts/convert_petrarch.py on a tiny dictionary folder written in PETRARCH's formats."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "convert_petrarch.py"

COUNTRIES = """\
YEMEN_  [YEM]
+SANAA_
HAMID_EXAMPLE_  # CountryInfo.txt
+PRESIDENT_EXAMPLE_
\t[YEMELI 750101-000101]
\t[YEMGOV >011222]
OLD_RULER_  # gone before 1990
\t[YEMGOV 500101-600101]
YEMENI_NATIONAL_GUARD
+YNG
\t[YEMMIL]
UKRAINE_
+UKRANINIAN_
+KHARKIV_
\t[USRUKR <910824]
\t[UKR >911221]
"""
INTERNATIONAL = "THE_EXAMPLE_COUNCIL_ [IGOEXC]\n+EXC\nACME_CORP_ [MNCUSA]\n"
ARMED = "SAHEL_FRONT_ [MLIREB] # kkl\n+SF_\n+380_\n313_ [PAKREB]\n"
AGENTS = "!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nRIOTER [~OPP]\nPOLICE!PERSON! [~COP]\n"
VERBS = """\
&SYNSET
+WORD
--- DEMAND [100] ---
DEMAND
CLAMOR
- * RESIGNATION [1041]  # DEMAND
- * AGAINST + [141]  # CLAMOR
- NOT * ELECTIONS [120]  # DEMAND
--- CONFER [040] ---
CONFER
- * RELATIONS [054]  # CONFER
"""


def _convert(tmp_path: Path) -> Path:
    source, out = tmp_path / "dicts", tmp_path / "out"
    source.mkdir()
    for name, text in (
        ("Phoenix.Countries.actors.txt", COUNTRIES),
        ("Phoenix.International.actors.txt", INTERNATIONAL),
        ("Phoenix.MilNonState.actors.txt", ARMED),
        ("Phoenix.agents.txt", AGENTS),
        ("CAMEO.verbpatterns.000000.txt", VERBS),
        ("LICENSE", "The MIT License (MIT)\n"),
    ):
        (source / name).write_text(text, encoding="latin-1")
    subprocess.run([sys.executable, str(SCRIPT), str(source), "--out", str(out)], check=True, capture_output=True)
    return out


def test_convert_petrarch_actors_keep_roles_and_drop_states_and_companies(tmp_path):
    actors = json.loads((_convert(tmp_path) / "actors.json").read_text())
    by_label = {a["label"]: a for a in actors}
    assert by_label["Hamid Example"]["roles"] == [["YEMELI", 19750101, 20000101], ["YEMGOV", 20011222, 99991231]]
    assert by_label["Hamid Example"]["aliases"] == ["President Example"]
    assert by_label["Yemeni National Guard"]["cameo"] == "YEMMIL" and by_label["Sahel Front"]["cameo"] == "MLIREB"
    assert "EXC" in by_label["The Example Council"]["aliases"]
    assert not {"Yemen", "Old Ruler", "Acme Corp"} & by_label.keys()
    # a state whose code had a prefix before 1991 is still a state with its places, no person "Ukraninian"
    names = {n for a in actors for n in (a["label"], *a["aliases"])}
    assert not {"Ukraine", "Ukraninian", "Kharkiv"} & names
    assert not {"313", "380"} & names  # a number in any article is no name


def test_convert_petrarch_agents_and_verbs_in_our_formats(tmp_path):
    out = _convert(tmp_path)
    agents = json.loads((out / "agents.json").read_text())
    assert agents["police"] == "COP" and agents["rioters"] == "OPP"
    lexicon = tomllib.loads((out / "lexicon.toml").read_text())
    assert lexicon["verbs"]["clamor"]["cameo"] == "100" and lexicon["verbs"]["clamor against"]["cameo"] == "141"
    assert lexicon["collocations"]["demand resignation"] == {"relation": "requests", "cameo": "1041"}
    assert "confer" not in lexicon["verbs"]  # consult (04): not a root taken from PETRARCH for a bare verb
    assert lexicon["collocations"]["confer relation"]["cameo"] == "054"  # a collocation, keyed by the lemma
    assert "demand election" not in lexicon["collocations"]  # its code holds only after "NOT"
    assert "MIT" in (out / "NOTICE").read_text()


def test_convert_petrarch_refuses_a_folder_without_dictionaries(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True, text=True)
    assert run.returncode != 0 and "no PETRARCH dictionaries" in run.stderr and "Traceback" not in run.stderr
