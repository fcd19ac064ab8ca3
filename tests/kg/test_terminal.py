"""Tables that fit the terminal: IRIs shortened, long values under their row."""

from kg.terminal import compact, fit_rows

SENTENCE = (
    "US-led coalition forces destroyed what were reportedly pro-Syrian regime forces that were "
    "threatening coalition advisers near al Tanf on Tuesday."
)


def test_terminal_compact_shortens_our_iris():
    assert compact("https://w3id.org/conflict-kg/actor/assad-regime") == "assad-regime"
    assert compact("https://w3id.org/conflict-kg/ontology#backs") == "ckg:backs"
    assert compact("https://w3id.org/conflict-kg/event/59cd0a25cd1e4b2c") == "event:59cd0a25cd1e4b2c"
    assert compact("http://example.org/x") == "http://example.org/x"
    assert compact("Iran") == "Iran"


def test_terminal_long_values_go_under_their_row_and_every_line_fits():
    rows = [
        {"source": "US-led coalition", "relation": "strikes", "target": "pro-Assad forces", "sentence": SENTENCE},
        {"source": "Iran", "relation": "backs", "target": "Assad regime", "sentence": "Backed by Iran."},
    ]
    lines = fit_rows(["source", "relation", "target", "sentence"], rows, width=80)
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].split() == ["source", "relation", "target"]
    row = next(i for i, line in enumerate(lines) if line.startswith("US-led coalition"))
    assert lines[row + 1].startswith("    sentence: US-led coalition forces")
    assert " ".join(line.strip() for line in lines[row + 1 : row + 4]).startswith(f"sentence: {SENTENCE[:150]}")


def test_terminal_narrow_terminal_moves_the_widest_columns_until_the_rest_fit():
    names = [f"column{i}" for i in range(12)]
    rows = [{name: f"value-{name}" for name in names}]
    lines = fit_rows(names, rows, width=40)
    assert all(len(line) <= 40 for line in lines)
    assert sum(line.startswith("    column") for line in lines) >= 9  # most of them went under the row


def test_terminal_empty_result_is_a_header_only():
    assert fit_rows(["a", "b"], [], width=80)[0].split() == ["a", "b"]


def test_terminal_columns_narrow_before_they_move():
    rows = [
        {
            "source": "coalition partner forces",
            "relation": "strikes",
            "target": "Iran-backed militias",
            "date": "2017-06-06",
            "negated": "",
            "conf.": "0.90",
        }
    ]
    lines = fit_rows(list(rows[0]), rows, width=80)
    assert len(lines) == 3 and all(len(line) <= 80 for line in lines)  # header, rule, one row: nothing moved under
    assert lines[2].split()[:3] == ["coalition", "partner", "forces"] or "…" in lines[2]
