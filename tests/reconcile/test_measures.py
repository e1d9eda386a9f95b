"""What a figure measures, read from real extracted quantities and the words of their clause."""

from __future__ import annotations

from newsdesk.claims.quantities import extract_quantities
from newsdesk.reconcile.measures import Reading, read_figure
from newsdesk.reconcile.relays import name_keys
from newsdesk.reconcile.words import clause


def _read(sentence: str, figure: str, *, timed: bool = False) -> Reading:
    found = extract_quantities(sentence)
    i = next(i for i, q in enumerate(found) if q.text.startswith(figure))
    q = found[i]
    lo = found[i - 1].end if i else 0
    hi = found[i + 1].start if i + 1 < len(found) else len(sentence)
    around = clause(sentence, 0, len(sentence), q.start, q.end)
    return read_figure(sentence, q, around, (0, len(sentence)), bounds=(lo, hi), timed=timed)


def test_losses_each_take_their_own_word() -> None:
    sentence = "The NIS said that about 300 had been killed and 2,700 injured."
    assert _read(sentence, "300").measure == "killed"
    assert _read(sentence, "2,700").measure == "wounded"
    assert _read("About 4,000 were killed or wounded, Kyiv says.", "4,000").measure == "casualties"
    captured = _read("Ukrainian forces captured two North Korean soldiers in January.", "two")
    assert (captured.measure, captured.subject) == ("captured", "North Korean soldiers")
    nationals = _read("Some 300 North Koreans had been killed.", "300")
    assert (nationals.measure, nationals.whom, nationals.noun) == ("killed", "North Korean", "")


def test_troops_are_new_total_or_unknown() -> None:
    assert _read("The paper said 1,000 to 3,000 fresh troops had arrived.", "1,000").measure == "deployed (new)"
    assert _read("North Korea already had an estimated 11,000 troops there.", "11,000").measure == "deployed (total)"
    assert _read("They would add to an existing force of about 11,000.", "11,000").measure == "deployed (total)"
    timed = _read("1,000 to 3,000 soldiers had arrived by sea since January.", "1,000", timed=True)
    assert timed.measure == "deployed (new)"
    untimed = _read("1,000 to 3,000 soldiers had arrived by sea.", "1,000")
    assert (untimed.measure, untimed.hint) == ("", "deployed"), "sent, but neither new nor total"


def test_what_is_not_a_count_of_people_stays_unresolved() -> None:
    assert _read("Shelter kits were expected from three countries.", "three").measure == ""
    assert _read("Thousands of men were killed or wounded.", "Thousands").measure == ""
    difference = "The official figure is now three lower than the 41 deaths announced on Thursday."
    assert _read(difference, "three").measure == ""
    assert _read(difference, "41").measure == "killed"
    bare = _read("Analysts in Seoul put the number at 1,200, well below Kyiv's count of casualties.", "1,200")
    assert (bare.measure, bare.bare, bare.fallback) == ("", True, "casualties")


def test_figures_with_units_take_an_attribute() -> None:
    flew = _read("The missile flew about 350 km before falling into the sea.", "350")
    assert (flew.measure, flew.unit) == ("distance", "kilometre")
    assert _read("It reached an altitude of roughly 50 km.", "50").measure == "altitude"
    assert _read("The prize fund is $600,000.", "$600,000").measure == ""


def test_a_speaker_is_named_in_full_after_a_possessive_or_by_surname() -> None:
    assert name_keys("Ukraine's President Volodymyr Zelenskyy") == [
        "Ukraine's President Volodymyr Zelenskyy",
        "President Volodymyr Zelenskyy",
        "Zelenskyy",
    ]
    assert name_keys("South Korea's JoongAng Ilbo newspaper")[1:] == ["JoongAng Ilbo newspaper", "JoongAng Ilbo"]
    assert "Service" not in name_keys("South Korea's National Intelligence Service")
