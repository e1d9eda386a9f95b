"""Quantity extraction on hand-made sentences: values, ranges, qualifiers, units, counted nouns, non-quantities."""

from __future__ import annotations

import pytest

from newsdesk.claims.nouns import singular
from newsdesk.claims.numbers import find_numbers
from newsdesk.claims.quantities import QUANTITIES_EXTRACTOR, extract_quantities
from newsdesk.types import Change, Quantity


def only(text: str) -> Quantity:
    found = extract_quantities(text)
    assert len(found) == 1, found
    return found[0]


def values(text: str) -> list[tuple[float, float | None]]:
    return [(q.value, q.high) for q in extract_quantities(text)]


def test_extractor_has_a_versioned_name() -> None:
    assert QUANTITIES_EXTRACTOR.startswith("rules/")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The plant employs 300 people.", 300),
        ("It weighs 1,200 kg.", 1200),
        ("They raised 2.5 million euros.", 2_500_000),
        ("Nearly 4 hundred million people voted.", 400_000_000),
        ("Two thousand people marched.", 2000),
        ("She bought a dozen eggs.", 12),
        ("One hundred and twenty houses burned.", 120),
        ("Twenty-five miles of road were closed.", 25),
        ("The rate fell to .5 per cent.", 0.5),
        ("It holds 1/16 of a pint.", 0.0625),
        ("The hike is 10 1/2 miles long.", 10.5),
        ("Add ½ teaspoon of salt.", 0.5),
        ("Half a million people lost power.", 500_000),
    ],
)
def test_values(text: str, value: float) -> None:
    q = only(text)
    assert q.value == pytest.approx(value)
    assert q.high is None


def test_offsets_point_into_the_text_in_text_order() -> None:
    text = "Intro. Prices rose 5% to $84, while 300 workers left."
    found = extract_quantities(text)
    assert [q.text for q in found] == ["5%", "$84", "300 workers"]
    assert all(text[q.start : q.end] == q.text for q in found)
    assert [q.start for q in found] == sorted(q.start for q in found)


def test_start_and_end_limit_the_window_but_offsets_stay_absolute() -> None:
    text = "First 10 apples. Then 20 pears. Last 30 plums."
    found = extract_quantities(text, start=17, end=31)
    assert [(q.value, q.text) for q in found] == [(20.0, "20 pears")]
    assert text[found[0].start : found[0].end] == "20 pears"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Between 1,000 and 3,000 people fled.", 1000, 3000),
        ("Officials expect 1,000 to 3,000 troops.", 1000, 3000),
        ("Some 10,000-12,000 troops are massing.", 10000, 12000),
        ("The range grew from 252 miles to 287 miles.", 252, 287),
        ("Tickets cost between $62 and $68 per share.", 62, 68),
        ("A fine of $3 billion to $5 billion is expected.", 3e9, 5e9),
        ("There are 1 to 2 thousand people.", 1000, 2000),
        ("Guidance of US$89 to $93 billion was cut.", 89e9, 93e9),
        ("Growth will slow from 4.8 to 4.7 percent.", 4.8, 4.7),
        ("The storm brought 5 to 7 per cent more rain.", 5, 7),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    q = only(text)
    assert (q.value, q.high) == (pytest.approx(low), pytest.approx(high))
    assert q.is_range


def test_a_rise_and_the_level_it_reached_are_two_figures_not_a_range() -> None:
    found = extract_quantities("Revenue increased by $43.6 billion to $419.2 billion.")
    assert [(q.value, q.high, q.change) for q in found] == [(43.6e9, None, Change.UP), (419.2e9, None, Change.EXACT)]
    found = extract_quantities("Pluristem rose 8.15% to 3.65 on Monday.")
    assert [(q.value, q.high) for q in found] == [(8.15, None), (3.65, None)]


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Dozens of people were killed.", 12, 120, "people"),
        ("Hundreds of protesters gathered.", 100, 1000, "protester"),
        ("They ran thousands of tests.", 1000, 10000, "test"),
        ("Tens of thousands of students study there.", 10_000, 100_000, "student"),
        ("That is maybe tens of millions of dollars.", 10_000_000, 100_000_000, "dollar"),
    ],
)
def test_vague_plurals_are_ranges_of_one_to_ten_times(text: str, low: float, high: float, unit: str) -> None:
    q = only(text)
    assert (q.value, q.high, q.normalized_unit) == (low, high, unit)


@pytest.mark.parametrize(
    ("text", "change", "qualifier"),
    [
        ("It was up about 19 people.", Change.UP, "up"),
        ("Around 600 people work there.", Change.APPROXIMATE, "Around"),
        ("Roughly 8 billion people live on earth.", Change.APPROXIMATE, "Roughly"),
        ("Nearly 57 cars were sold.", Change.APPROXIMATE, "Nearly"),
        ("Some 300 songs were recorded.", Change.APPROXIMATE, "Some"),
        ("An estimated 20,000 refugees crossed.", Change.APPROXIMATE, "An estimated"),
        ("More than 700 transplants were done.", Change.MORE_THAN, "More than"),
        ("It paid over $100 million.", Change.MORE_THAN, "over"),
        ("At least 14 people died.", Change.MORE_THAN, "At least"),
        ("Upwards of 500 homes burned.", Change.MORE_THAN, "Upwards of"),
        ("The grant is worth up to $8 million.", Change.LESS_THAN, "up to"),
        ("Less than 15 % of cash was held.", Change.LESS_THAN, "Less than"),
        ("Flower priced at under $10 sold out.", Change.LESS_THAN, "under"),
        ("It takes fewer than 3.5 seconds.", Change.LESS_THAN, "fewer than"),
        ("At most 7 seats remain.", Change.LESS_THAN, "At most"),
        ("A MacBook is worth exactly $2000.", Change.EXACT, "exactly"),
        ("Crude was up 19 cents.", Change.UP, "up"),
        ("Nvidia rose 5% on Friday.", Change.UP, "rose"),
        ("The index increased by 2 percent.", Change.UP, "increased by"),
        ("Shares fell 3.5% in early trade.", Change.DOWN, "fell"),
        ("Exports dropped 7% last year.", Change.DOWN, "dropped"),
        ("Shares were down 2.3% before the bell.", Change.DOWN, "down"),
        ("Tesla shares are up nearly 57% this year.", Change.UP, "up"),
        ("Shares climbed more than 3% this year.", Change.MORE_THAN, "more than"),
        ("On Wall St: Dow +0.2% at noon.", Change.UP, "+"),
    ],
)
def test_approximations_bounds_and_changes(text: str, change: Change, qualifier: str) -> None:
    q = only(text)
    assert (q.change, q.qualifier) == (change, qualifier)


def test_what_a_figure_rose_to_is_a_level_and_words_after_it_are_no_change() -> None:
    found = extract_quantities("Blackmores was up 9.4 per cent to $84 and BioView finished 34.4% higher.")
    assert [(q.value, q.change) for q in found] == [(9.4, Change.UP), (84.0, Change.EXACT), (34.4, Change.EXACT)]


def test_up_after_a_phrasal_verb_is_no_rise() -> None:
    assert only("A defense that gave up 517 rushing yards.").change is Change.EXACT


def test_a_conversion_in_brackets_takes_the_qualifier_of_its_figure() -> None:
    found = extract_quantities("It makes just under 296 hp (224 kW / 300 PS) of power.")
    assert [(q.value, q.normalized_unit, q.change) for q in found] == [
        (296, "horsepower", Change.LESS_THAN),
        (224, "kilowatt", Change.LESS_THAN),
        (300, "horsepower", Change.LESS_THAN),
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit", "normalized"),
    [
        ("The index was up 19 per cent.", 19, "per cent", "percentage"),
        ("Inflation hit 19%.", 19, "%", "percentage"),
        ("Rates rose to 1.38pc.", 1.38, "pc", "percentage"),
        ("Ford put the cost at $800 million.", 800_000_000, "$", "dollar"),
        ("It spent $13.6M on it.", 13_600_000, "$", "dollar"),
        ("Brent hit US$58.24 per barrel.", 58.24, "US$ per barrel", "dollar per barrel"),
        ("They have a $3500 a month mortgage.", 3500, "$ a month", "dollar per month"),
        ("Gas traded at US $2.24 per mmBTU.", 2.24, "US $ per mmBTU", "dollar per mega british thermal unit"),
        ("Staff get a £1,000 payment.", 1000, "£", "pound sterling"),
        ("Nintendo closed at Y=28,030.", 28030, "Y=", "japanese yen"),
        ("It cost 333.6 million yen.", 333_600_000, "yen", "japanese yen"),
        ("Heineken closed at RM23.50.", 23.5, "RM", "malaysian ringgit"),
        ("The flat went for A$1.2 million.", 1_200_000, "A$", "australian dollar"),
        ("Rent is C$2,000.", 2000, "C$", "canadian dollar"),
        ("A notebook for 1,200€ was bought.", 1200, "€", "euro"),
        ("A bond of 10 billion shekels was sold.", 10_000_000_000, "shekels", "shekel"),
        ("It can hit 87 mph on the flat.", 87, "mph", "mile per hour"),
        ("It can hit 140 km/h on the flat.", 140, "km/h", "kilometre per hour"),
        ("It makes 275 pound-feet of torque.", 275, "pound-feet of torque", "pound-foot"),
        ("The engine revs to 3000 rpm.", 3000, "rpm", "revolutions per minute"),
        ("It boils at 100 degrees Celsius.", 100, "degrees Celsius", "celsius"),
        ("Lead reached 15 ppb in the water.", 15, "ppb", "parts-per-billion"),
        ("He weighs 200lbs.", 200, "lbs", "pound-mass"),
        ("A 52,000 barrel-a-day refinery was shut.", 52000, "barrel-a-day", "barrel per day"),
        ("A 2,900 year-old site was found.", 2900, "year-old", "year of age"),
        ("The phone has a 6.1-inch display.", 6.1, "inch", "inch"),
    ],
)
def test_units_and_currencies(text: str, value: float, unit: str, normalized: str) -> None:
    q = only(text)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.normalized_unit) == (unit, normalized)


def test_counted_noun_measure_and_whom() -> None:
    found = extract_quantities("About 300 North Korean soldiers killed and 2,700 injured, the agency said.")
    first, second = found
    assert (first.value, first.change, first.qualifier) == (300, Change.APPROXIMATE, "About")
    assert (first.unit, first.normalized_unit, first.whom, first.measure) == (
        "soldiers",
        "soldier",
        "North Korean",
        "soldiers killed",
    )
    assert (second.value, second.measure) == (2700, "injured")
    assert (second.normalized_unit, second.whom) == ("soldier", "North Korean")


def test_passive_outcome_after_the_counted_noun() -> None:
    q = extract_quantities("Seoul said 300 North Korean soldiers were killed in Kursk.")[0]
    assert (q.measure, q.whom) == ("soldiers killed", "North Korean")


@pytest.mark.parametrize(
    ("text", "unit", "normalized", "measure"),
    [
        ("The fighting caused about 4,000 casualties.", "casualties", "casualty", "casualties"),
        ("Officials expect 1,000 to 3,000 troops.", "troops", "troop", "troops"),
        ("Another 10,000-12,000 troops are expected.", "troops", "troop", "troops"),
        ("Researchers scanned the brains of 13 people.", "people", "people", "people"),
        ("It offers 50 different products.", "different products", "different product", "different products"),
        ("He has scored 22 goals in all competitions.", "goals", "goal", "goals"),
        ("They looked at two viruses that infect bees.", "viruses", "virus", "viruses"),
        ("There are four different bosses to battle.", "different bosses", "different boss", "different bosses"),
        ("The film had 4.3M digital and physical sales.", "digital and physical sales", "digital physical sale", ""),
        ("The maker had 63,150 Model 3s in the quarter.", "Model 3s", "Model 3s", ""),
    ],
)
def test_counted_nouns(text: str, unit: str, normalized: str, measure: str) -> None:
    q = only(text)
    assert (q.unit, q.normalized_unit) == (unit, normalized)
    assert q.measure == (measure or unit)


def test_the_verb_before_a_bare_number_is_its_measure() -> None:
    found = extract_quantities("The strikes killed 300 and wounded 2,700 in the city.")
    assert [(q.value, q.measure, q.normalized_unit) for q in found] == [(300, "killed", "-"), (2700, "wounded", "-")]


@pytest.mark.parametrize(
    "text",
    [
        "The operation was carried out on February 11 this year.",
        "It was founded in 2019 and listed in 2021.",
        "The attacks of Sept. 11 changed everything.",
        "Brexit is due to take place on March 29.",
        "Music of the 1990s is back.",
        "The report is dated 2025-01-03.",
        "The meeting starts at 3 p.m. and ends at 10:27 PM.",
        "Call 555-123-4567 for details.",
        "He tested positive for COVID-19 before the G7 summit.",
        "The Boeing 737 is grounded under Article 5 of the treaty.",
        "They finished first in the third round of the 96th-minute drama.",
        "Temperatures dropped between 1600 and 1900 in Europe.",
        "The iPhone 11 Pro and 11 Pro Max were shown.",
        "The office is at 575 Wilbraham Road in Chorlton.",
        "Each one of them came, but the same one left.",
        "Senard, 65, now faces the task.",
        "The game was tied at 89-89 with 4:39 left.",
        "She signed a five-year contract.",
        "The survey was conducted September 16-19 and from Sept. 19 to 22.",
        "He woke at three o'clock.",
    ],
)
def test_dates_times_ids_and_names_are_not_quantities(text: str) -> None:
    assert extract_quantities(text) == []


def test_plus_or_minus_is_a_margin_not_a_negative_number() -> None:
    q = only("It has a margin of error of plus or minus 4 percentage points.")
    assert (q.value, q.normalized_unit) == (4, "percentage point")


def test_a_year_with_a_unit_or_an_approximation_is_a_quantity() -> None:
    assert values("It has 1500 rpm and about 1950 people.") == [(1500, None), (1950, None)]


def test_numbers_finds_signs_scales_and_fractions() -> None:
    text = "$-50.8bn, minus-130 degrees, minus 387, two-thirds, 33-35 billion"
    found = [(text[n.start : n.end], n.value) for n in find_numbers(text)]
    assert found == [
        ("-50.8bn", -50.8e9),
        ("minus-130", -130.0),
        ("minus 387", -387.0),
        ("two-thirds", pytest.approx(2 / 3)),
        ("33", 33.0),
        ("35 billion", 35e9),
    ]


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("casualties", "casualty"),
        ("troops", "troop"),
        ("people", "people"),
        ("fishermen", "fisherman"),
        ("bosses", "boss"),
        ("viruses", "virus"),
        ("churches", "church"),
        ("children", "child"),
        ("movies", "movie"),
        ("first-teamers", "first-teamer"),
    ],
)
def test_singular(plural: str, one: str) -> None:
    assert singular(plural) == one


def test_empty_and_number_free_text() -> None:
    assert extract_quantities("") == []
    assert extract_quantities("No figures here at all.") == []


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("Officials said about 300 had been killed and 2,700 injured.", "killed"),
        ("At least 14 were killed when the bridge fell.", "killed"),
        ("Some 40 have been wounded since Monday.", "wounded"),
        ("One was injured in the crash.", "injured"),
        ("Twelve had died by the time help came.", "died"),
        ("Nearly 200 are missing after the storm.", "missing"),
        ("Some 5,000 were displaced by the floods.", "displaced"),
    ],
)
def test_an_outcome_after_auxiliaries_is_the_measure_of_a_bare_number(text: str, measure: str) -> None:
    q = extract_quantities(text)[0]
    assert (q.measure, q.normalized_unit) == (measure, "-")


def test_both_figures_of_a_passive_pair_get_their_outcome() -> None:
    found = extract_quantities("Medics say about 300 had been killed and 2,700 injured.")
    assert [(q.value, q.measure) for q in found] == [(300, "killed"), (2700, "injured")]


@pytest.mark.parametrize(
    ("text", "measure", "whom"),
    [
        ("Kyiv has put North Korean casualties at about 4,000.", "casualties", "North Korean"),
        ("The governor estimated the toll at 1,200.", "toll", ""),
        ("By Friday the death toll had risen to 57.", "death toll", ""),
        ("The death toll from the landslide rose to 31 on Sunday.", "death toll", ""),
        ("The number of Syrian refugees in the camp has reached 9,000.", "refugees", "Syrian"),
        ("Ukrainian casualties stand at about 4,000, Kyiv says.", "casualties", "Ukrainian"),
        ("The army put the number of Russian soldiers killed at 800.", "soldiers killed", "Russian"),
        ("The bank raised its growth forecast to 2.5 percent.", "growth forecast", ""),
        ("The merger was valued at $4 billion.", "merger", ""),
        ("Many Afghan civilians fled the city; aid groups put the number at 20,000.", "civilians", "Afghan"),
    ],
)
def test_a_verb_ties_a_figure_to_the_noun_phrase_it_measures(text: str, measure: str, whom: str) -> None:
    q = extract_quantities(text)[-1]
    assert (q.measure, q.whom) == (measure, whom)


def test_a_tied_noun_phrase_is_no_unit_and_a_weak_noun_alone_says_nothing() -> None:
    q = only("Kyiv has put North Korean casualties at about 4,000.")
    assert (q.unit, q.normalized_unit, q.change) == ("", "-", Change.APPROXIMATE)
    assert only("Ford put the cost at $800 million.").normalized_unit == "dollar"
    assert only("The ministry put the number at about 4,000.").measure == ""


@pytest.mark.parametrize(
    "text",
    [
        "Prices are expected to rise to 5% next year.",  # an infinitive: no subject without a parse
        "It rose to 57 on Monday.",  # a pronoun
        "The team arrived at 5 and left.",  # "arrived" ties nothing
    ],
)
def test_no_tied_noun_phrase_where_none_can_be_read(text: str) -> None:
    assert only(text).measure == ""


@pytest.mark.parametrize(
    ("text", "unit", "measure", "whom"),
    [
        ("Pyongyang sent 3,000 extra North Korean troops.", "extra troops", "troops", "North Korean"),
        ("They face 300 elite North Korean soldiers.", "elite soldiers", "soldiers", "North Korean"),
        ("Some 40 wounded Ukrainian soldiers were flown out.", "wounded soldiers", "soldiers", "Ukrainian"),
        ("About 500 British and French troops are there.", "troops", "troops", "British and French"),
    ],
)
def test_lower_case_words_before_whom_stay_in_the_unit(text: str, unit: str, measure: str, whom: str) -> None:
    q = extract_quantities(text)[-1]
    assert (q.unit, q.measure, q.whom) == (unit, measure, whom)


def test_an_adverb_of_a_participle_before_whom_keeps_the_counted_noun() -> None:
    q = only("Seoul says 1,000 to 3,000 newly deployed North Korean troops are near Kursk.")
    assert (q.value, q.high) == (1000, 3000)
    assert (q.normalized_unit, q.measure, q.whom) == ("newly deployed troop", "troops", "North Korean")


def test_whom_before_the_outcome_of_an_extra_count() -> None:
    q = only("Kyiv says 3,000 extra North Korean troops were killed.")
    assert (q.measure, q.whom, q.normalized_unit) == ("troops killed", "North Korean", "extra troop")
