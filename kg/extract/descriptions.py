"""States an article names by description: "the country", "the European nation", "the Gulf state".

A definite singular "country" or "nation" (or "state" with a modifier: "the Jewish state", not "the state of
emergency") whose words name no state of their own stands for the last state named before it, as a pronoun
does: "Guyana established relations with San Marino … ties with the European nation" (San Marino); "an
assault on the country's forces" (the forces of the state just named). Not a state the rest of its clause
names ("Mali expelled the envoy. France condemned the country" is not France), never the doer of its clause, and
not a state the words set apart from the one named ("the neighbouring country", "a member country", "other nations").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from kg.extract.actor import NER, Actor

STATE_NOUNS = {"country", "nation"}
MODIFIED_STATE_NOUNS = {"state"}  # "the state" alone is as often a US state or the state's media
_WORDS = STATE_NOUNS | MODIFIED_STATE_NOUNS
DEFINITE = {"the", "this", "that"}
# Words that make the described state another than the one just named, or a role any state may have.
ANOTHER = {
    "neighbouring",
    "neighboring",
    "neighbour",
    "neighbor",
    "other",
    "another",
    "foreign",
    "host",
    "home",
    "member",
    "donor",
    "third",
    "transit",
    "first",
    "next",
    "last",
    "contributing",
}
MODIFIER_DEPS = ("amod", "compound", "nmod")
SUBJECT_DEPS = ("nsubj", "nsubjpass")


def state_descriptions(doc: Doc, named_at: Callable[[Token], Actor | None]) -> Iterator[tuple[int, int, Actor]]:
    """(head, first word, the state it stands for) of each description of a state in `doc`; `named_at` gives the
    actor a name covering a token stands for (the gazetteer's or NER's)."""
    if not any(t.lower_ in _WORDS for t in doc):
        return  # most texts have none: no look-ups for their names
    states: list[tuple[int, Actor]] = []  # (last token, state) of each state named so far
    for token in doc:
        actor = named_at(token)
        if actor is not None and actor.type == "State" and actor.origin != NER:
            if states and states[-1][0] == token.i - 1 and states[-1][1] == actor:
                states.pop()  # the same name, one word further
            states.append((token.i, actor))
        elif _describes_state(token, named_at) and not _doer(token):
            start = token.left_edge.i + (token.left_edge.lower_ in DEFINITE)
            # "South Sudan lifted curfews in the country's states": a state's own land or forces may be its own
            own = _clause_states(token, named_at) if token.dep_ != "poss" else []
            found = next((state for end, state in reversed(states) if end < start and state not in own), None)
            if found is not None:
                yield token.i, start, found


def _describes_state(token: Token, named_at: Callable[[Token], Actor | None]) -> bool:
    lemma = token.lemma_.lower()
    if token.tag_ != "NN" or token.dep_ == "compound" or lemma not in STATE_NOUNS | MODIFIED_STATE_NOUNS:
        return False
    if (known := named_at(token)) is not None and known.origin != NER:
        return False  # a name: "the United Nations"
    children = list(token.children)
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in children):
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in children):
        return False  # "the country of Mali", "the state of emergency": the words after say which
    modifiers = [c for c in children if c.dep_ in MODIFIER_DEPS and c.i < token.i]
    if lemma in MODIFIED_STATE_NOUNS and not modifiers:
        return False
    for modifier in modifiers:
        if modifier.lower_ in ANOTHER or ((named := named_at(modifier)) is not None and named.origin != NER):
            return False  # "the neighbouring country"; "the Iranian nation" names its state itself
    return True


def _doer(token: Token) -> bool:
    """Whether `token` is (a word of) its clause's subject or a passive's agent: an epithet there ("the reclusive
    state abducted…", "…, the Jewish state said") as often stands for a state named only by its capital or not at
    all, so the doer is left to the other rules."""
    while token.dep_ in ("compound", "poss", "amod") and token.head != token:
        token = token.head
    if _small_clause_subject(token):
        return False  # "helped the Andean country fight the rebels": whom the help is given, as an object is
    return token.dep_ in SUBJECT_DEPS or (token.dep_ == "pobj" and token.head.dep_ == "agent")


def _small_clause_subject(token: Token) -> bool:
    """The subject of a bare infinitive that completes another verb ("help the country fight", "let the nation
    join"): the parser's subject is that verb's object."""
    clause = token.head
    return (
        token.dep_ == "nsubj"
        and clause.tag_ == "VB"
        and clause.dep_ in ("ccomp", "xcomp")
        and not any(c.dep_ in ("aux", "mark") for c in clause.children)
    )


def _clause_states(token: Token, named_at: Callable[[Token], Actor | None]) -> list[Actor]:
    """The states the rest of the clause of `token` names, with the noun a participle or relative clause tells
    about ("Japanese citizens abducted by the reclusive state" is not Japan; "Qatar condemned the country" is
    not Qatar): a clause does not act on itself."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    own = {t.i for t in token.subtree}
    words = list(verb.head.subtree if verb.dep_ in ("acl", "relcl") else verb.subtree)
    return [a for t in words if t.i not in own and (a := named_at(t)) is not None]
