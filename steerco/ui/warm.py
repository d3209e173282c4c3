"""Page models computed before anyone asks for them, and each computed once.

The first person to open a page after the PMO's last import would wait for the cold path: the
import moved the store's data version, so every cached page model is stale. A
:class:`Warmer` notices the new version (it reads it every :data:`POLL_S` seconds, so a write
through another app server or the command line counts too) and rebuilds in the background the
page models this server's users asked for most recently (:class:`HotSet`, most asked first).

:class:`SingleFlight` makes each page model one computation: sessions asking for the same one
while it is being computed (a committee opening the same page in the same minute, or a user
arriving while the warmer builds it) wait for that computation instead of starting their own.

Plain Python (threads), so that it is tested without a server; ``steerco.ui.data`` wires it to
Streamlit's cache.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: How often the warmer reads the store's data version (seconds): one single-row query.
POLL_S = 2.0
#: Page-model calls the hot set keeps (the most recently asked for).
HOT_CALLS = 64
#: ``STEERCO_WARM_UP=off`` (or 0, no, false) turns the warm-up off: the test suite does, so
#: that no background thread builds page models while a test counts them.
WARM_UP_ENV = "STEERCO_WARM_UP"


def enabled() -> bool:
    return os.environ.get(WARM_UP_ENV, "on").strip().lower() not in {"off", "0", "no", "false"}


@dataclass(frozen=True)
class Call:
    """One page-model request, as ``steerco.ui.data.page`` received it: enough to make it
    again for another data version."""

    build: Callable[..., Any]
    args: tuple
    kwargs: tuple[tuple[str, Any], ...]
    language: str
    scope: tuple[tuple[str, ...], tuple[str, ...]]

    @property
    def name(self) -> str:
        return f"{self.build.__module__}.{self.build.__qualname__}"


class _Flight:
    """A lock that a weak dictionary can hold (``threading.Lock`` takes no weak reference)."""

    __slots__ = ("__weakref__", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()


class SingleFlight:
    """One computation per key at a time. A key's lock lives while someone holds or waits for
    it, then goes (a weak dictionary): no bookkeeping grows with the data versions."""

    def __init__(self) -> None:
        self._flights: weakref.WeakValueDictionary[Hashable, _Flight] = (
            weakref.WeakValueDictionary()
        )
        self._guard = threading.Lock()

    @contextmanager
    def only_one(self, key: Hashable) -> Iterator[None]:
        with self._guard:
            flight = self._flights.get(key)
            if flight is None:
                flight = _Flight()
                self._flights[key] = flight
        with flight.lock:
            yield


class HotSet:
    """The page-model calls this server was asked for, most asked first, at most ``size``
    (the least recently asked for goes first)."""

    def __init__(self, size: int = HOT_CALLS) -> None:
        self.size = size
        self._calls: OrderedDict[Call, int] = OrderedDict()
        self._guard = threading.Lock()

    def record(self, call: Call) -> None:
        with self._guard:
            self._calls[call] = self._calls.pop(call, 0) + 1
            while len(self._calls) > self.size:
                self._calls.popitem(last=False)

    def calls(self) -> list[Call]:
        """Most asked for first; among equals, the most recent first."""
        with self._guard:
            recent_first = list(reversed(self._calls.items()))
        return [call for call, _ in sorted(recent_first, key=lambda item: -item[1])]

    def __len__(self) -> int:
        return len(self._calls)


class Warmer:
    """A daemon thread that rebuilds the hot set's page models for each new data version.

    ``version()`` reads the store's data version; ``compute(call, version)`` builds one page
    model into the shared cache (through the single flight, so a user asking for it at the
    same time waits for it rather than building it again). A failure is logged and skipped:
    the user who asks later gets the page's own message.
    """

    def __init__(
        self,
        version: Callable[[], int],
        compute: Callable[[Call, int], None],
        hot: HotSet,
        *,
        every: float = POLL_S,
    ) -> None:
        self.version = version
        self.compute = compute
        self.hot = hot
        self.every = every
        #: The data version last warmed, and how many page models it took.
        self.warmed: tuple[int, int] | None = None
        self._seen: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Warmer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="steerco-warmer", daemon=True)
            self._thread.start()
        return self

    def stop(self, wait: float = 1.0) -> None:
        """Stop after the page model being built, if any (waits at most ``wait`` seconds)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=wait)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.check()
            self._stop.wait(self.every)

    def check(self) -> int | None:
        """Read the version; when it moved since the last look, warm it. Returns the version
        warmed, or None."""
        try:
            version = self.version()
        except Exception as exc:  # the store is down: the pages say so; try again later
            log.info("warm-up: the data version could not be read: %s", type(exc).__name__)
            return None
        if version == self._seen:
            return None
        first = self._seen is None
        self._seen = version
        if first and not len(self.hot):
            return None  # a fresh start: nobody has asked for anything yet
        self.warm(version)
        return version

    def warm(self, version: int) -> int:
        """Build the hot set's page models for ``version``; returns how many were built."""
        started, done = time.perf_counter(), 0
        for call in self.hot.calls():
            if self._stop.is_set():
                break
            try:
                self.compute(call, version)
                done += 1
            except Exception:  # logged with its traceback for the operator, never shown
                log.warning("warm-up of %s failed", call.name, exc_info=True)
        self.warmed = (version, done)
        log.info(
            "warmed %d page model(s) for data version %d in %.1f s",
            done, version, time.perf_counter() - started,
        )  # fmt: skip
        return done
