"""Words and sentences with their offsets."""

from __future__ import annotations

from newsdesk.claims.text import sentence_at, sentences, tokens


def test_sentences_end_at_stops_but_not_at_abbreviations_or_initials() -> None:
    text = (
        'Mr. Peskov said 1,200. U.S. intelligence disagreed. "We deny it," he said. John F. Kennedy was '
        "there on Sept. 11 at 3 p.m. Then he left!\n\nA new paragraph starts here"
    )
    got = [s.text for s in sentences(text)]
    assert got == [
        "Mr. Peskov said 1,200.",
        "U.S. intelligence disagreed.",
        '"We deny it," he said.',
        "John F. Kennedy was there on Sept. 11 at 3 p.m. Then he left!",
        "A new paragraph starts here",
    ]
    for s in sentences(text):
        assert text[s.start : s.end] == s.text


def test_a_blank_line_ends_a_sentence_without_a_stop() -> None:
    assert [s.text for s in sentences("Headline words\n\nBody starts. It goes on")] == [
        "Headline words",
        "Body starts.",
        "It goes on",
    ]
    assert sentences("") == [] and sentences("  \n ") == []


def test_tokens_keep_numbers_and_abbreviations_whole() -> None:
    text = "About 1,000 to 3,000 troops, 2.5 million U.S. dollars; Kim's men (it's 10:30)."
    words = [t.text for t in tokens(text)]
    assert words == [
        "About", "1,000", "to", "3,000", "troops", ",", "2.5", "million", "U.S.", "dollars", ";", "Kim's", "men",
        "(", "it's", "10:30", ")", ".",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in tokens(text))
    assert [t.text for t in tokens(text, 6, 11)] == ["1,000"]


def test_sentence_at_finds_the_sentence_of_an_offset() -> None:
    text = "One two. Three four. Five."
    sents = sentences(text)
    assert sentence_at(sents, 0) == sents[0]
    assert sentence_at(sents, text.index("four")) == sents[1]
    assert sentence_at(sents, text.index(" Three")) is None  # the space between two sentences
    assert sentence_at(sents, len(text)) is None
