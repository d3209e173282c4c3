"""The "xlarge" sample scale: its sizes, the CLI choice, and tickets made in chunks.

Ten million tickets are never made here: the chunked ticket generator runs on a small
scale, beside the one-pass generator on the same scale, and must tell the same story.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from data_access import sample_data, schema
from steerco import cli

AS_OF = date(2026, 11, 16)
#: Small enough for a unit test, large enough for shares to be compared (two years of
#: tickets, of which about an eighth in the last RECENT_OPEN_DAYS days).
SMALL = sample_data.Scale(
    projects=40,
    tickets=80_000,
    raid=200,
    changes=1_500,
    resources=45,
    contracts=25,
    demand=60,
)
CHUNK = 9_000
OPEN = ("New", "In progress", "On hold")


def test_xlarge_sizes_are_large_in_proportion():
    large, xlarge = sample_data.SCALES["large"], sample_data.SCALES["xlarge"]
    assert xlarge.projects == 10_000 and xlarge.tickets == 10_000_000
    assert xlarge.raid == 5 * xlarge.projects
    assert xlarge.changes == 10 * large.changes
    assert xlarge.resources / xlarge.projects == large.resources / large.projects
    assert xlarge.demand / xlarge.projects == large.demand / large.projects
    assert xlarge.ticket_chunk is not None and xlarge.ticket_chunk < xlarge.tickets
    # the pinned scales are made in one pass: their figures must not move
    assert sample_data.SCALES["demo"].ticket_chunk is None
    assert large.ticket_chunk is None


def test_the_cli_offers_every_scale_to_seed_and_init():
    assert tuple(sample_data.SCALES) == cli.SCALES
    parser = cli.build_parser()
    for command in ("seed", "init"):
        args = parser.parse_args([command, "--scale", "xlarge"])
        assert args.scale == "xlarge"
    with pytest.raises(SystemExit):
        parser.parse_args(["seed", "--scale", "huge"])


def test_streamed_sample_without_chunks_is_generate_exactly():
    frames = sample_data.generate("demo", as_of=AS_OF)
    streamed = sample_data.generate_streamed("demo", as_of=AS_OF)
    assert streamed.tickets == len(frames["tickets"])
    assert streamed.frames["tickets"].empty
    assert list(streamed.frames["tickets"].columns) == list(frames["tickets"].columns)
    for name, frame in frames.items():
        if name != "tickets":
            pd.testing.assert_frame_equal(streamed.frames[name], frame)
    (tickets,) = list(streamed.ticket_chunks)
    pd.testing.assert_frame_equal(tickets, frames["tickets"])


@pytest.fixture(scope="module")
def one_pass() -> pd.DataFrame:
    (tickets,) = list(sample_data._streamed(SMALL, AS_OF, sample_data.SEED, None).ticket_chunks)
    return tickets


@pytest.fixture(scope="module")
def chunked() -> tuple[list[pd.DataFrame], dict[str, pd.DataFrame]]:
    sample = sample_data._streamed(SMALL, AS_OF, sample_data.SEED, CHUNK)
    return list(sample.ticket_chunks), sample.frames


def test_chunks_are_bounded_and_make_every_ticket_once_in_order(chunked, one_pass):
    chunks, frames = chunked
    assert all(len(c) <= CHUNK for c in chunks[:-1])
    assert len(chunks) > SMALL.tickets // CHUNK // 2
    tickets = pd.concat(chunks, ignore_index=True)
    assert len(tickets) == SMALL.tickets
    assert tickets["ticket_id"].tolist() == one_pass["ticket_id"].tolist()  # INC0000001, …
    assert tickets["opened_at"].is_monotonic_increasing
    # the opening times are drawn before any chunk: the same as in one pass
    assert tickets["opened_at"].equals(one_pass["opened_at"])
    assert tickets.dtypes.equals(one_pass.dtypes)
    # the other datasets do not depend on how the tickets are made
    others = sample_data._streamed(SMALL, AS_OF, sample_data.SEED, None).frames
    for name, frame in others.items():
        pd.testing.assert_frame_equal(frames[name], frame)


def test_chunked_tickets_keep_the_one_pass_rules(chunked):
    tickets = pd.concat(chunked[0], ignore_index=True)
    opened = tickets["opened_at"]
    for later in ("first_response_at", "resolved_at", "closed_at"):
        both = tickets[later].notna()
        assert (tickets.loc[both, later] >= opened[both]).all()
    done = tickets["status"].isin(("Resolved", "Closed"))
    assert tickets.loc[done, "resolved_at"].notna().all()
    assert tickets.loc[tickets["status"].isin(OPEN), "resolved_at"].isna().all()
    assert tickets.loc[~done, "root_cause"].isna().all()
    assert tickets.loc[~done, "satisfaction"].isna().all()


def _shares(tickets: pd.DataFrame, column: str) -> pd.Series:
    return tickets[column].value_counts(normalize=True, dropna=False)


@pytest.mark.parametrize(
    "column", ["service", "priority", "status", "category", "assignment_group", "root_cause"]
)
def test_chunked_tickets_have_the_one_pass_distribution(chunked, one_pass, column):
    tickets = pd.concat(chunked[0], ignore_index=True)
    mine, theirs = _shares(tickets, column), _shares(one_pass, column)
    assert set(mine.index) == set(theirs.index)
    gap = (mine - theirs.reindex(mine.index)).abs()
    assert gap.max() < 0.01, gap.sort_values().tail(3)


def test_the_open_backlog_is_three_percent_and_recent_as_in_one_pass(chunked, one_pass):
    tickets = pd.concat(chunked[0], ignore_index=True)
    now = pd.Timestamp(AS_OF)
    for frame in (tickets, one_pass):
        is_open = frame["status"].isin(OPEN)
        assert is_open.sum() == int(0.03 * SMALL.tickets)
        age = (now - frame.loc[is_open, "opened_at"]).dt.days
        assert (age < sample_data.RECENT_OPEN_DAYS + 60).mean() > 0.95
    # the backlog is made up in the last chunk, among tickets of the last 90 days
    last = chunked[0][-1]
    recent = now - pd.Timedelta(days=sample_data.RECENT_OPEN_DAYS)
    assert (chunked[0][-2]["opened_at"] <= recent).all()
    assert (last["opened_at"] > recent).all()


def test_chunked_tickets_have_the_one_pass_figures(chunked, one_pass):
    tickets = pd.concat(chunked[0], ignore_index=True)

    def figures(frame: pd.DataFrame) -> np.ndarray:
        hours = (frame["resolved_at"] - frame["opened_at"]).dt.total_seconds() / 3600
        return np.array(
            [
                frame["escalated"].mean(),
                (frame["reopened_count"] > 0).mean(),
                frame["satisfaction"].mean(),
                frame["satisfaction"].notna().mean(),
                hours.median(),
            ]
        )

    np.testing.assert_allclose(figures(tickets), figures(one_pass), rtol=0.06)
    cancelled = [(frame["status"] == "Cancelled").mean() for frame in (tickets, one_pass)]
    assert cancelled[0] == pytest.approx(cancelled[1], abs=0.002)  # about 1 %


def test_conformed_chunks_follow_the_schema(chunked):
    ds = schema.dataset("tickets")
    for chunk in chunked[0][:2]:
        assert list(chunk.columns) == list(ds.column_names)
        assert chunk.index[0] == 0


def test_more_people_than_name_combinations_get_middle_initials():
    generator = sample_data._Generator(SMALL, AS_OF, sample_data.SEED)
    combos = len(sample_data.FIRST_NAMES) * len(sample_data.LAST_NAMES)
    people = generator._people(combos + 500, exclude=set())
    assert len(set(people)) == len(people) == combos + 500
    first_names, last_names = sample_data.FIRST_NAMES, sample_data.LAST_NAMES
    plain = {f"{first} {last}" for first in first_names for last in last_names}
    assert set(people[:combos]) == plain
    assert all(". " in name for name in people[combos:])
    # the first names are those a smaller scale gets: its figures do not move
    again = sample_data._Generator(SMALL, AS_OF, sample_data.SEED)._people(100, exclude=set())
    assert again == people[:100]


def test_seeding_xlarge_into_sqlite_is_allowed_with_a_word_and_progress(capsys, tmp_path):
    from data_access import engine as store_engine

    engine = store_engine.create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    progress = cli._seed_progress(engine, "xlarge", 0.0)
    progress("tickets", 500_000)
    progress("tickets", 500_000)
    progress("tickets: index ix_tickets_resolved built", 0)
    err = capsys.readouterr().err
    assert "meant for PostgreSQL" in err
    assert "1,000,000 rows written" in err and "index ix_tickets_resolved built" in err
    cli._seed_progress(engine, "large", 0.0)
    assert "PostgreSQL" not in capsys.readouterr().err
    engine.dispose()
