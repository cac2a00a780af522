"""The bench's confidence interval: dictations resampled, the pooled rate's spread."""

from __future__ import annotations

from bench.speech_words import bootstrap_interval, errors_and_words


def test_equal_rates_give_no_spread():
    low, high = bootstrap_interval([(5, 50), (5, 50), (5, 50), (5, 50)])
    assert low == high == 0.1


def test_interval_holds_the_pooled_rate_and_widens_with_spread():
    even = [(6, 50), (4, 50), (5, 50), (5, 50), (6, 50), (4, 50)]
    uneven = [(15, 50), (0, 50), (0, 50), (15, 50), (0, 50), (0, 50)]
    for counts in (even, uneven):
        low, high = bootstrap_interval(counts)
        assert low <= 0.1 <= high
    assert bootstrap_interval(uneven)[1] - bootstrap_interval(uneven)[0] > 3 * (
        bootstrap_interval(even)[1] - bootstrap_interval(even)[0]
    )


def test_same_counts_give_the_same_interval():
    counts = [(3, 40), (9, 55), (0, 48), (12, 51)]
    assert bootstrap_interval(counts) == bootstrap_interval(counts)


def test_errors_and_words_counts_each_dictation_normalised():
    refs = ["He has not used heroin.", "Next appointment at half past two."]
    hyps = ["He does not use heroin", "next appointment at 2:30"]
    assert errors_and_words(refs, hyps) == [(2, 5), (0, 5)]
