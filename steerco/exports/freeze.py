"""Freezing a meeting: what the committee saw, kept when the meeting closes.

The page and ``steerco meeting close`` call :func:`freeze_meeting`, then hand what it returns
to ``data_access.writes.close_meeting``, which stores it with the meeting's record. The frozen
content is a copy, not a reconstruction: reopening a closed meeting shows these very figures,
lists and deck, whatever was imported, rolled back or amended since.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from data_access.filters import Filters
from steerco.config import Settings
from steerco.exports import images
from steerco.exports.pack import build_pack
from steerco.views import meeting

Progress = Callable[[float, str], None]


def freeze_meeting(
    conn: Connection,
    filters: Filters,
    settings: Settings,
    *,
    day: date,
    today: date,
    source: str,
    renderer: images.ChartRenderer | None = None,
    progress: Progress | None = None,
) -> tuple[dict[str, Any], bytes | None]:
    """The meeting's frozen content (``views.meeting.frozen_content``) and its pack as the
    committee had it (figures as of the meeting's day, or today for a meeting held early).

    Without Chromium the pack cannot be drawn: then None, and the content says so. A chart
    that fails to draw (``images.RenderFailed``: the browser crashed or timed out, as it can
    on a loaded server) is raised instead: closing is final, so a meeting must never be
    frozen without its deck because of a passing failure — nothing is written, the meeting
    stays in session and can be closed again."""
    committee = filters.only_scope().with_(as_of=min(day, today))
    view = meeting.build(conn, committee, settings, day=day, today=today)
    if view is None:
        raise ValueError(f"there is no meeting on {day}")
    content = meeting.frozen_content(view)
    try:
        pack = build_pack(
            conn, committee, settings, source=source, renderer=renderer, progress=progress
        )
    except images.ChromiumMissing as exc:
        content["pack_missing"] = str(exc)
        pack = None
    return content, pack
