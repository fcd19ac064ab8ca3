"""Datelines: "KHARTOUM, June 3 —", "KABUL (Reuters) -", "BEIRUT —" open a text or a paragraph and name where the
wire wrote. They are neither a side nor the state in view, and the parser often makes the town a subject."""

from __future__ import annotations

from spacy.tokens import Doc

DASHES = ("—", "–", "-", "--")
WINDOW = 8  # "KHARTOUM, June 3 —", "KABUL, Afghanistan (Reuters) -": the dash comes within a few words
KEY = "kg.datelines"  # in Doc.user_data: found once per document


def datelines(doc: Doc) -> frozenset[int]:
    """The indices of the words of the datelines in `doc`: words in capitals at the start of the text or of a
    paragraph, then a dash within a date or an agency's name in brackets."""
    if (found := doc.user_data.get(KEY)) is not None:
        return found
    words: set[int] = set()
    for start in (t.i for t in doc if t.i == 0 or "\n" in doc[t.i - 1].text_with_ws):
        end = start
        while end < len(doc) and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
            end += 1
        window = doc[end : end + WINDOW]
        if end > start and any(t.text in DASHES for t in window) and window[:1].text in ("", ",", "(", *DASHES):
            words.update(range(start, end))
    doc.user_data[KEY] = frozenset(words)
    return doc.user_data[KEY]


__all__ = ["datelines"]
