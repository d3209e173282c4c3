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

import atexit
import dataclasses
import importlib
import json
import logging
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
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


#: Where a server keeps its hot set across restarts (JSON): ``STEERCO_WARM_FILE``, else
#: ``data/warm-up.json`` beside the code. Several servers of one machine share it.
WARM_FILE_ENV = "STEERCO_WARM_FILE"
DEFAULT_WARM_FILE = Path(__file__).resolve().parents[2] / "data" / "warm-up.json"
#: How often a server writes its hot set to that file when it changed (seconds).
SAVE_EVERY_S = 60.0
#: Only page models of these packages are made again from the file, and only their frozen
#: dataclasses are read back: the file names functions and values, it never holds code.
_TRUSTED = ("steerco.views.", "data_access.")


def warm_file() -> Path:
    return Path(os.environ.get(WARM_FILE_ENV) or DEFAULT_WARM_FILE)


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
        #: Moves with every record: whether there is anything new to keep.
        self.revision = 0

    def record(self, call: Call) -> None:
        with self._guard:
            self.revision += 1
            self._calls[call] = self._calls.pop(call, 0) + 1
            while len(self._calls) > self.size:
                self._calls.popitem(last=False)

    def calls(self) -> list[Call]:
        """Most asked for first; among equals, the most recent first."""
        with self._guard:
            recent_first = list(reversed(self._calls.items()))
        return [call for call, _ in sorted(recent_first, key=lambda item: -item[1])]

    def clear(self) -> None:
        with self._guard:
            self._calls.clear()

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
        keep: Callable[[list[Call]], object] | None = None,
        keep_every: float = SAVE_EVERY_S,
    ) -> None:
        self.version = version
        self.compute = compute
        self.hot = hot
        self.every = every
        #: Writes the hot set somewhere that outlives the process (``save``), when it changed.
        self.keep = keep
        self.keep_every = keep_every
        self._kept_revision = hot.revision
        self._kept_at = time.monotonic()
        #: The data version last warmed, and how many page models it took.
        self.warmed: tuple[int, int] | None = None
        self._seen: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Warmer:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="steerco-warmer", daemon=True)
            self._thread.start()
            atexit.register(self.keep_hot, force=True)  # a server stopped keeps its hot set
        return self

    def stop(self, wait: float = 1.0) -> None:
        """Stop after the page model being built, if any (waits at most ``wait`` seconds)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=wait)
        self.keep_hot(force=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.check()
            self.keep_hot()
            self._stop.wait(self.every)

    def keep_hot(self, *, force: bool = False) -> bool:
        """Write the hot set (``keep``) when it changed and ``keep_every`` seconds have passed
        since the last time (or ``force``). A failure (a read-only folder) is logged."""
        if self.keep is None or self.hot.revision == self._kept_revision:
            return False
        if not force and time.monotonic() - self._kept_at < self.keep_every:
            return False
        revision = self.hot.revision
        try:
            self.keep(self.hot.calls())
        except OSError as exc:
            log.info("warm-up: the hot set was not kept: %s", exc.strerror or type(exc).__name__)
        self._kept_revision, self._kept_at = revision, time.monotonic()
        return True

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


# ------------------------------------------------------------------- across restarts


class _NotKept(ValueError):
    """A value the warm-up file does not keep (a moment in time, an object of its own)."""


def _encode(value: Any, settings_type: type | None, today: date) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if settings_type is not None and isinstance(value, settings_type):
        return {"settings": True}  # the app's settings of the day it is read back
    if isinstance(value, datetime):
        raise _NotKept("a moment in time is never asked for again")
    if isinstance(value, date):
        return {"today": True} if value == today else {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, settings_type, today) for v in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        if not kind.__module__.startswith(_TRUSTED) or not kind.__dataclass_params__.frozen:
            raise _NotKept(f"{kind.__qualname__} is not kept")
        fields = {f.name: _encode(getattr(value, f.name), settings_type, today)
                  for f in dataclasses.fields(value) if f.init}  # fmt: skip
        return {"dataclass": f"{kind.__module__}:{kind.__qualname__}", "fields": fields}
    raise _NotKept(f"{type(value).__name__} is not kept")


def _trusted(path: str) -> Any:
    """The module-level object ``module:qualname`` of Steerco's own packages, else refused."""
    module, _, qualname = path.partition(":")
    if not module.startswith(_TRUSTED) or not qualname or "__" in qualname:
        raise _NotKept(f"{path} is not Steerco's")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def _decode(value: Any, settings: Any, today: date) -> Any:
    if not isinstance(value, dict):
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise _NotKept("unreadable value")
    if value.get("settings") is True:
        return settings
    if value.get("today") is True:
        return today
    if "date" in value:
        return date.fromisoformat(value["date"])
    if "tuple" in value:
        return tuple(_decode(v, settings, today) for v in value["tuple"])
    if "dataclass" in value:
        kind = _trusted(value["dataclass"])
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
            raise _NotKept("not a dataclass")
        return kind(**{k: _decode(v, settings, today) for k, v in value["fields"].items()})
    raise _NotKept("unreadable value")


def encode_call(call: Call, settings_type: type | None, today: date) -> dict | None:
    """``call`` as JSON-ready data, or None when it is not worth keeping (it names a moment
    in time, or a value of its own kind)."""
    if not call.build.__module__.startswith(_TRUSTED):
        return None
    try:
        return {
            "build": f"{call.build.__module__}:{call.build.__qualname__}",
            "args": [_encode(a, settings_type, today) for a in call.args],
            "kwargs": [[k, _encode(v, settings_type, today)] for k, v in call.kwargs],
            "language": call.language,
            "scope": [list(call.scope[0]), list(call.scope[1])],
        }
    except _NotKept:
        return None


def decode_call(item: Any, settings: Any, today: date) -> Call | None:
    """The call an :func:`encode_call` entry describes, with today's date and settings; None
    for an entry that no longer matches the code (a page model renamed) or was tampered with."""
    try:
        build = _trusted(item["build"])
        if not callable(build):
            return None
        args = tuple(_decode(a, settings, today) for a in item["args"])
        kwargs = tuple((str(k), _decode(v, settings, today)) for k, v in item["kwargs"])
        scope = (tuple(map(str, item["scope"][0])), tuple(map(str, item["scope"][1])))
        call = Call(build, args, kwargs, str(item["language"]), scope)
        hash(call)
        return call
    except Exception:  # anything unexpected in the file: that entry is left out
        return None


def save(path: Path, calls: list[Call], settings_type: type | None, today: date) -> int:
    """Write the calls worth keeping to ``path`` (atomically); returns how many."""
    kept = [e for e in (encode_call(c, settings_type, today) for c in calls) if e is not None]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps({"version": 1, "calls": kept}), encoding="utf-8")
    partial.replace(path)
    return len(kept)


def load(path: Path, settings: Any, today: date) -> list[Call]:
    """The calls kept in ``path``, most asked first; none when it is missing or unreadable."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["calls"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not isinstance(items, list):
        return []
    calls = (decode_call(item, settings, today) for item in items if isinstance(item, dict))
    return [call for call in calls if call is not None]
