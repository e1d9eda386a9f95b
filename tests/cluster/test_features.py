"""Feature extraction: stems, names, years, and what must not count."""

from __future__ import annotations

from newsdesk.cluster.features import FeatureWeights, extract


def test_inflections_meet_on_one_stem() -> None:
    a = extract("", "The army deploys troops.").counts
    b = extract("", "The army deployed more troops in a new deployment.").counts
    assert "deploy" in a and "deploy" in b
    assert "troop" in a and "troop" in b


def test_stop_words_and_reporting_verbs_are_dropped() -> None:
    counts = extract("", "He said that they were told about it on Friday.").counts
    assert counts == {}


def test_names_weigh_more_than_common_words() -> None:
    w = FeatureWeights(title=2.0, name=3.0, year=2.0)
    counts = extract("", "Officials met in Geneva to discuss the plan.", w).counts
    assert counts["geneva"] == 3.0
    assert counts["plan"] == 1.0


def test_sentence_initial_capital_is_not_a_name() -> None:
    f = extract("", "Troops moved north. Officials said Kursk was quiet.")
    assert f.counts["troop"] == 1.0
    assert f.names == ("Kursk",)


def test_title_words_count_more_and_title_case_is_not_read_as_names() -> None:
    f = extract("Lindsay Lohan Checks Into Rehab", "")
    assert f.counts["rehab"] == FeatureWeights().title
    assert f.counts["lohan"] == FeatureWeights().title
    assert f.names == ()


def test_years_are_features_but_other_numbers_are_not() -> None:
    counts = extract("", "About 300 soldiers died in 2024, up from 12.").counts
    assert counts["y:2024"] == FeatureWeights().year
    assert not any(k in counts for k in ("300", "12", "y:300"))


def test_names_are_whole_runs_without_possessives_or_months() -> None:
    f = extract("", "Reports said South Korea's National Intelligence Service met Kim Jong Un in January.")
    assert "South Korea's National Intelligence Service" in f.names or "South Korea" in f.names
    assert "Kim Jong Un" in f.names
    assert not any("January" in n for n in f.names)


def test_punctuation_ends_a_name() -> None:
    f = extract("", "Troops reached Kursk, Seoul said, and Moscow agreed.")
    assert set(f.names) == {"Kursk", "Seoul", "Moscow"}


def test_token_count_counts_words_of_title_and_text() -> None:
    assert extract("Quake hits Chile", "Two towns were damaged.").tokens == 7
