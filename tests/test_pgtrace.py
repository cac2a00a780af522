"""The round-trip counter the PostgreSQL budgets rest on (tests/pgtrace.py)."""

from tests.pgtrace import waits


def _trace(*messages: str) -> list[str]:
    """Frontend trace lines as libpq writes them in regress mode (tab-separated)."""
    return [f"F\t10\t{m}" for m in messages]


def test_each_sync_and_simple_query_is_one_wait() -> None:
    lines = _trace('Query\t "BEGIN"', 'Bind\t "" "_pg3_0" 0', "Sync\t", 'Parse\t "" "SELECT 1"')
    lines += _trace('Bind\t "" "" 0', "Sync\t")
    assert waits(lines) == 3


def test_a_flush_inside_a_pipeline_waits_but_not_straight_after_a_sync() -> None:
    assert waits(_trace('Bind\t "" "_pg3_1" 0', "Flush\t", 'Bind\t "" "_pg3_2" 0', "Sync\t")) == 2
    assert waits(_trace('Bind\t "" "_pg3_1" 0', "Sync\t", "Flush\t")) == 1


def test_psycopg_preparing_a_statement_is_not_a_request_s_round_trip() -> None:
    prepared_then_run = _trace('Parse\t "_pg3_4" "SELECT * FROM people"', "Sync\t")
    prepared_then_run += _trace('Bind\t "" "_pg3_4" 0', "Sync\t")
    assert waits(prepared_then_run) == 1
    # an unnamed statement parsed and run in one batch is the request's own
    assert waits(_trace('Parse\t "" "SELECT * FROM people"', "Sync\t")) == 1
