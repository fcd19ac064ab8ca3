"""Datelines: "KHARTOUM, June 3 —", "KABUL (Reuters) -", "BEIRUT —" open a text or a paragraph and name where the
wire wrote. They are neither a side nor the state in view, and the parser often makes the town a subject."""

from __future__ import annotations

from spacy.tokens import Doc

DASHES = ("—", "–", "-", "--")
WINDOW = 8  # "KHARTOUM, June 3 —", "KABUL, Afghanistan (Reuters) -": the dash comes within a few words
KEY = "kg.datelines"  # in Doc.user_data: found once per document
HEADS_KEY = "kg.dateline-heads"


def datelines(doc: Doc) -> frozenset[int]:
    """The indices of the words of the datelines in `doc`: words in capitals at the start of the text or of a
    paragraph, then a dash within a date or an agency's name in brackets."""
    if KEY not in doc.user_data:
        _find(doc)
    return doc.user_data[KEY]


def dateline_heads(doc: Doc) -> frozenset[int]:
    """The indices of every word before a dateline's dash: its town, and the country, date and agency after it
    ("GOMA, Congo (Reuters) —"). Never the doer of what follows, though the parser may make them its subject."""
    if HEADS_KEY not in doc.user_data:
        _find(doc)
    return doc.user_data[HEADS_KEY]


def _find(doc: Doc) -> None:
    words: set[int] = set()
    heads: set[int] = set()
    for start in (t.i for t in doc if t.i == 0 or "\n" in doc[t.i - 1].text_with_ws):
        end = start
        while end < len(doc) and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
            end += 1
        window = doc[end : end + WINDOW]
        dash = next((t.i for t in window if t.text in DASHES), None)
        if end > start and dash is not None and window[:1].text in ("", ",", "(", *DASHES):
            words.update(range(start, end))
            heads.update(range(start, dash))
    doc.user_data[KEY] = frozenset(words)
    doc.user_data[HEADS_KEY] = frozenset(heads)


__all__ = ["dateline_heads", "datelines"]
