"""The performance harness (issue 6): every measurement beside a baseline taken in the same run.

- start-up: process start to the first wizard page painted, against a bare QWizard (≤ 1.5 times);
- page transitions: each Next and each card change of a whole session, shown, against the same
  number of transitions in a bare QWizard (95th percentile ≤ 16 ms); entering Done apart, timed
  from Next until the sealed summary is shown (it is sealed in a child process, while the page
  says "Sealing the summary…"), and until that page shows;
- render + seal of a full record (``render_seal.py``), warm and as a ``consent-app render``;
- records search at 100,000 sessions (``store_autosave.py``), against the same searches over
  1,000 (the filled store is cached by size and schema version; the fill is reported apart);
- memory: RSS after one whole session (≤ 150 MB), and its growth over 50 more (≤ 5 MB),
  beside a bare QApplication + QWizard in the same process.

The machine is shared and noisy: medians and percentiles, each beside its baseline; nothing here
is a timed test. Each part runs in a fresh process of its own, so one cannot warm or bloat
another. Prints a table and writes JSON (with the machine it ran on).

Run: ``python benchmarks/run_all.py [--json OUT] [--quick] [--only PART,...] [--cache DIR]``
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
for folder in (ROOT / "tests" / "ui", ROOT / "tests", BENCHMARKS, ROOT):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

PARTS = ("startup", "transitions", "render_seal", "search", "memory")
STARTUP_MAX_RATIO = 1.5
FRAME_MS = 16.0
SEARCH_TARGET_MS = 50.0
RSS_TARGET_MB = 150.0
RSS_GROWTH_TARGET_MB = 5.0

#: How much of each part a run does; ``--quick`` only checks that the harness works.
FULL = {
    "startup_runs": 7,
    "transition_sessions": 5,
    "render_runs": 15,
    "render_process_runs": 5,
    "search_sessions": 100_000,
    "search_baseline_sessions": 1_000,
    "search_runs": 31,
    "memory_sessions": 50,
}
QUICK = {
    "startup_runs": 1,
    "transition_sessions": 1,
    "render_runs": 2,
    "render_process_runs": 1,
    "search_sessions": 300,
    "search_baseline_sessions": 30,
    "search_runs": 3,
    "memory_sessions": 1,
}


def default_cache() -> Path:
    """Where the filled search store and the bytecode cache are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "consent-app-benchmarks"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _percentile(samples: list[float], percent: int) -> float:
    """The ``percent``-th percentile (linear between closest ranks)."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1]


def _spread_ms(seconds: list[float]) -> dict[str, float]:
    return {
        "count": len(seconds),
        "p50_ms": _ms(_percentile(seconds, 50)),
        "p95_ms": _ms(_percentile(seconds, 95)),
        "max_ms": _ms(max(seconds)),
    }


# -- start-up ---------------------------------------------------------------------------------
def _startup_data(folder: Path) -> Path:
    """A data folder as a clinic's tablet has it: settings and a staff PIN already set."""
    from consent_app.pin import StaffPin

    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "settings.json").write_text(
        json.dumps({"clinic_name": "Benchmark Clinic", "timezone": "Europe/London"}),
        encoding="utf-8",
    )
    StaffPin(data / "staff_pin.json").set("2468")
    return data


def _spawn_probe(which: str, data: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    argv = [sys.executable, str(BENCHMARKS / "startup_probe.py"), which, str(data)]
    env["BENCH_SPAWNED_AT"] = repr(time.monotonic())  # the last thing before the spawn
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the {which} start-up probe failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def part_startup(scale: dict[str, int], cache: Path) -> dict[str, Any]:
    """Process start to first page painted: the app and a bare QWizard, taking turns; and, to
    show what Qt itself needs for a page like intake, its widgets in plain Qt (no app code)."""
    data = _startup_data(Path(tempfile.mkdtemp(prefix="startup-", dir=cache)))
    probes = ("app", "bare", "intake_in_plain_qt")
    for which in probes:  # untimed: the database is created, files are in the cache
        _spawn_probe(which, data)
    runs: dict[str, list[dict[str, Any]]] = {which: [] for which in probes}
    for n in range(scale["startup_runs"]):
        for which in probes[n % 3 :] + probes[: n % 3]:
            runs[which].append(_spawn_probe(which, data))

    def summary(samples: list[dict[str, Any]]) -> dict[str, Any]:
        phases = samples[0]["phases_ms"].keys()
        return {
            "median_ms": round(statistics.median(s["total_ms"] for s in samples), 1),
            "runs_ms": [s["total_ms"] for s in samples],
            "phases_median_ms": {
                p: round(statistics.median(s["phases_ms"][p] for s in samples), 1) for p in phases
            },
        }

    app, bare = summary(runs["app"]), summary(runs["bare"])
    plain = summary(runs["intake_in_plain_qt"])
    ratio = round(app["median_ms"] / bare["median_ms"], 2)
    shutil.rmtree(data.parent, ignore_errors=True)
    return {
        "runs": scale["startup_runs"],
        "app": app,
        "bare_qwizard_baseline": bare,
        "intake_widgets_in_plain_qt": {
            **plain,
            "ratio": round(plain["median_ms"] / bare["median_ms"], 2),
        },
        "ratio": ratio,
        "target_ratio": STARTUP_MAX_RATIO,
        "passed": ratio <= STARTUP_MAX_RATIO,
    }


# -- the real app, in this process --------------------------------------------------------------
class _KeptWidgets:
    """Stands in for pytest-qt's ``qtbot`` in ``make_app``: keeps the window alive."""

    def __init__(self) -> None:
        self.widgets: list[object] = []

    def addWidget(self, widget: object) -> None:
        self.widgets.append(widget)


class _Patches:
    """Stands in for pytest's ``monkeypatch`` in ``make_app``; nothing is undone."""

    def setattr(self, target: object, name: str, value: object) -> None:
        setattr(target, name, value)


def _qt_application():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    import consent_app.ui  # noqa: F401  (the Qt runtime guard, before any Qt object)

    return QApplication.instance() or QApplication([sys.argv[0]])


def _real_app(folder: Path):  # type: ignore[no-untyped-def]
    """The whole app as ``consent-app`` builds it, shown, with a staff PIN set."""
    from wizard_driver import make_app

    wizard, _ = make_app(folder, _KeptWidgets(), _Patches())
    return wizard


def _close_and_remove(wizard, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Close the app (its last save written) and remove the data folder it used."""
    wizard.close()
    shutil.rmtree(folder, ignore_errors=True)


def _whole_session(wizard) -> None:  # type: ignore[no-untyped-def]
    """Intake to the sealed summary, then "Start next patient" (the Driver waits on Done until
    the child process has sealed the summary and the page shows it)."""
    from PySide6.QtWidgets import QWizard
    from wizard_driver import Driver

    Driver(wizard).consent_to_done()
    wizard.button(QWizard.WizardButton.FinishButton).click()


def _bare_wizard(pages: int):  # type: ignore[no-untyped-def]
    """A bare QWizard, shown, with ``pages`` pages of a label and a line edit."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWizard, QWizardPage

    wizard = QWizard()
    for n in range(pages):
        page = QWizardPage()
        page.setTitle(f"Page {n + 1}")
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(f"Page {n + 1} of {pages}"))
        layout.addWidget(QLineEdit())
        wizard.addPage(page)
    wizard.resize(1280, 800)
    wizard.show()
    return wizard


def _until_every_page_is_built(app, wizard) -> None:  # type: ignore[no-untyped-def]
    """Let the wizard build its other pages, as it does while the nurse fills in intake."""
    deadline = time.monotonic() + 30
    while not all(wizard.page(i).built for i in wizard.pageIds()):
        if time.monotonic() > deadline:
            raise RuntimeError("the wizard did not build its pages within 30 s")
        app.processEvents()


# -- page transitions -------------------------------------------------------------------------
def _bare_transitions(app, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    """``count`` Next presses in a bare QWizard, each until processed and painted."""
    wizard = _bare_wizard(13)
    app.processEvents()
    samples = []
    while len(samples) < count:
        if wizard.currentId() == wizard.pageIds()[-1]:
            wizard.restart()
            app.processEvents()
        began = time.perf_counter()
        wizard.next()
        app.processEvents()
        samples.append(time.perf_counter() - began)
    wizard.close()
    wizard.deleteLater()
    return samples


def part_transitions(scale: dict[str, int], cache: Path) -> dict[str, Any]:
    """Every Next and card change of whole sessions, each timed until the events it posted
    (layout, paint) are processed; beside the same number of Next presses in a bare QWizard."""
    app = _qt_application()
    from PySide6.QtWidgets import QAbstractButton, QPushButton
    from wizard_driver import wait_for_seal

    from consent_app.ui.pin_dialog import PinDialog

    folder = Path(tempfile.mkdtemp(prefix="transitions-", dir=cache))
    wizard = _real_app(folder)
    _until_every_page_is_built(app, wizard)
    moves: list[dict[str, Any]] = []
    depth = 0
    # Handing the tablet back to staff waits for the staff PIN: the time in that dialog (a
    # person typing, then the PIN's deliberately slow scrypt check) is not the move's own.
    pin_checks: list[float] = []
    answer_pin = PinDialog.ask

    def timed_pin(cls, verify, parent=None, title="Staff PIN"):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return answer_pin(verify, parent, title)
        finally:
            pin_checks.append(time.perf_counter() - began)

    PinDialog.ask = classmethod(timed_pin)  # type: ignore[method-assign,assignment]

    def where() -> tuple[int, int, str]:
        page = wizard.currentPage()
        deck = getattr(page, "deck", None)
        return wizard.currentId(), deck.index() if deck is not None else -1, page.objectName()

    def timed(action: Callable[[], object]) -> None:
        nonlocal depth
        if depth:  # a click that presses Next: the outer one is timed
            action()
            return
        depth += 1
        # A person takes far longer between presses than the event loop needs to settle what
        # the last answer posted: that is not this move's work.
        app.processEvents()
        before = where()
        checks = len(pin_checks)
        began = time.perf_counter()
        try:
            action()
            app.processEvents()
            shown = time.perf_counter() - began
            if before[2] != "done" and where()[2] == "done":
                # Done seals in a child process while the page shows "Sealing the summary…":
                # the move is timed until the sealed summary is shown.
                wait_for_seal(wizard)
                app.processEvents()
        finally:
            depth -= 1
        seconds = time.perf_counter() - began - sum(pin_checks[checks:])
        after = where()
        if after[:2] == before[:2]:
            return  # an answer given, not a move
        kind = "page" if after[0] != before[0] else "card"
        if after[2] == "done":
            kind = "export"  # entering Done seals the summary: that is render + seal
        elif before[2] == "done":
            kind = "next_patient"
        moves.append(
            {"kind": kind, "from": before[2], "to": after[2], "seconds": seconds, "shown": shown}
        )

    # Every press the Driver makes goes through these: wizard.next() and QPushButton.click().
    next_page = wizard.next
    wizard.next = lambda: timed(next_page)
    click = QAbstractButton.click
    QPushButton.click = lambda button: timed(lambda: click(button))  # type: ignore[method-assign]
    try:
        for _ in range(scale["transition_sessions"]):
            _whole_session(wizard)
    finally:
        del QPushButton.click
    _close_and_remove(wizard, folder)
    ordinary = [m["seconds"] for m in moves if m["kind"] in ("page", "card")]
    bare = _bare_transitions(app, len(ordinary))
    app_spread, bare_spread = _spread_ms(ordinary), _spread_ms(bare)
    return {
        "sessions": scale["transition_sessions"],
        "app": {
            **app_spread,
            "pages": _spread_ms([m["seconds"] for m in moves if m["kind"] == "page"]),
            "cards": _spread_ms([m["seconds"] for m in moves if m["kind"] == "card"]),
        },
        "bare_qwizard_baseline": bare_spread,
        "ratio_p95": round(app_spread["p95_ms"] / bare_spread["p95_ms"], 2),
        "staff_pin_checks": _spread_ms(pin_checks) if pin_checks else {},
        # From Next until the sealed summary is shown (sealed, written, checked and listed in a
        # child process); and until the page shows, saying it is sealing.
        "entering_done_with_export": _spread_ms(
            [m["seconds"] for m in moves if m["kind"] == "export"]
        ),
        "entering_done_shown": _spread_ms([m["shown"] for m in moves if m["kind"] == "export"]),
        "start_next_patient": _spread_ms(
            [m["seconds"] for m in moves if m["kind"] == "next_patient"]
        ),
        "pages_by_move": {
            f"{a} > {b}": _spread_ms(samples) for (a, b), samples in _by_move(moves, "page").items()
        },
        "slowest": sorted(
            (
                {"from": m["from"], "to": m["to"], "ms": _ms(m["seconds"])}
                for m in moves
                if m["kind"] in ("page", "card")
            ),
            key=lambda m: -m["ms"],
        )[:5],
        "target_p95_ms": FRAME_MS,
        "passed": app_spread["p95_ms"] <= FRAME_MS,
    }


def _by_move(moves: list[dict[str, Any]], kind: str) -> dict[tuple[str, str], list[float]]:
    """The seconds of each kind of move, by where it went from and to."""
    found: dict[tuple[str, str], list[float]] = {}
    for move in moves:
        if move["kind"] == kind:
            found.setdefault((move["from"], move["to"]), []).append(move["seconds"])
    return found


# -- render + seal ----------------------------------------------------------------------------
def part_render_seal(scale: dict[str, int], cache: Path) -> dict[str, Any]:
    """``render_seal.py``'s measurement, with its baselines."""
    import render_seal

    results = render_seal.measure(scale["render_runs"], scale["render_process_runs"])
    warm, process = results["render_and_seal_warm"], results["render_command_process"]
    return {
        **results,
        "passed": warm["median_ms"] <= render_seal.WARM_TARGET_MS
        and process["median_ms"] <= render_seal.PROCESS_TARGET_MS,
    }


# -- records search ---------------------------------------------------------------------------
def _filled_store(cache: Path, count: int) -> tuple[Path, dict[str, Any]]:
    """A store of ``count`` sessions, filled once per schema version and kept in the cache."""
    import store_autosave

    from consent_app.store import MIGRATIONS

    folder = cache / f"search-{count}-sessions-schema-{len(MIGRATIONS)}"
    database = folder / "sessions.sqlite3"
    if not database.exists():
        filling = Path(tempfile.mkdtemp(prefix="filling-", dir=cache))
        seconds = store_autosave.fill_store(filling / "sessions.sqlite3", count)
        with sqlite3.connect(filling / "sessions.sqlite3") as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (filling / "fill.json").write_text(json.dumps({"fill_seconds": round(seconds, 1)}))
        shutil.rmtree(folder, ignore_errors=True)
        filling.replace(folder)  # whole or not at all: an interrupted fill is never reused
        filled_now = True
        for stale in cache.glob(f"search-{count}-sessions-schema-*"):
            if stale != folder:  # a store of an older schema is never read again
                shutil.rmtree(stale, ignore_errors=True)
    else:
        filled_now = False
    fill = json.loads((folder / "fill.json").read_text())
    return database, {
        "sessions": count,
        "database_mb": round(database.stat().st_size / 1e6, 1),
        "fill_seconds": fill["fill_seconds"],
        "filled_in_this_run": filled_now,
    }


def part_search(scale: dict[str, int], cache: Path) -> dict[str, Any]:
    """``store_autosave.py``'s searches over the big store, beside the same over a small one."""
    import store_autosave

    runs = scale["search_runs"]
    big, big_info = _filled_store(cache, scale["search_sessions"])
    small, small_info = _filled_store(cache, scale["search_baseline_sessions"])
    small_queries = store_autosave.search_timings(small, runs)
    big_queries = store_autosave.search_timings(big, runs)
    slowest = max(q["median_ms"] for q in big_queries.values())
    slowest_small = max(q["median_ms"] for q in small_queries.values())
    return {
        "store": {**big_info, "queries": big_queries},
        "baseline_store": {**small_info, "queries": small_queries},
        "slowest_median_ms": slowest,
        "baseline_slowest_median_ms": slowest_small,
        "target_ms": SEARCH_TARGET_MS,
        "passed": slowest <= SEARCH_TARGET_MS,
    }


# -- memory -----------------------------------------------------------------------------------
def _rss_mb() -> float:
    """This process's resident set now (VmRSS), in MB (10⁶ bytes)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) * 1024 / 1e6, 1)
    raise RuntimeError("no VmRSS in /proc/self/status (not Linux?)")


def part_memory(scale: dict[str, int], cache: Path) -> dict[str, Any]:
    """RSS after one whole session and over ``memory_sessions`` more in a row, beside a bare
    QApplication + QWizard measured first in the same process."""
    app = _qt_application()
    from PySide6.QtCore import QCoreApplication, QEvent

    def settled() -> float:
        app.processEvents()
        # Outside exec() Qt never runs deleteLater(); the real event loop would.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        return _rss_mb()

    bare = _bare_wizard(1)
    baseline = settled()
    bare.close()
    bare.deleteLater()
    folder = Path(tempfile.mkdtemp(prefix="memory-", dir=cache))
    wizard = _real_app(folder)
    built = settled()
    _whole_session(wizard)
    wizard.save()
    after_one = settled()
    trail = []
    for _ in range(scale["memory_sessions"]):
        _whole_session(wizard)
        wizard.save()
        trail.append(settled())
    growth = round(trail[-1] - after_one, 1)
    _close_and_remove(wizard, folder)
    return {
        "bare_qwizard_baseline_mb": baseline,
        "app_built_mb": built,
        "after_one_session_mb": after_one,
        "more_sessions": scale["memory_sessions"],
        "growth_mb": growth,
        # Growth after the second session, per session: a one-off step shows apart from a leak.
        "growth_per_session_after_the_second_mb": round(
            (trail[-1] - trail[0]) / max(1, len(trail) - 1), 2
        ),
        "after_each_session_mb": trail,
        "target_mb": RSS_TARGET_MB,
        "target_growth_mb": RSS_GROWTH_TARGET_MB,
        "passed": after_one <= RSS_TARGET_MB and growth <= RSS_GROWTH_TARGET_MB,
    }


RUNNERS: dict[str, Callable[[dict[str, int], Path], dict[str, Any]]] = {
    "startup": part_startup,
    "transitions": part_transitions,
    "render_seal": part_render_seal,
    "search": part_search,
    "memory": part_memory,
}


# -- the report -------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    """The machine and software these figures came from."""
    import PySide6
    from PySide6.QtCore import qVersion

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    system = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                system = f"{line.split('=', 1)[1].strip(chr(34))} (Linux {platform.release()})"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "architecture": platform.machine(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "os": system,
    }


def _row(name: str, value: str, baseline: str, target: str, passed: bool | None) -> dict:
    verdict = "info" if passed is None else "pass" if passed else "FAIL"
    return {
        "measure": name,
        "value": value,
        "baseline": baseline,
        "target": target,
        "result": verdict,
    }


def summary_rows(results: dict[str, Any]) -> list[dict[str, str]]:
    """One line per measurement: value, baseline, ratio or target, pass or fail."""
    rows = []
    if "startup" in results:
        s = results["startup"]
        rows.append(
            _row(
                "start-up to first page (median)",
                f"{s['app']['median_ms']:.0f} ms",
                f"{s['bare_qwizard_baseline']['median_ms']:.0f} ms bare QWizard",
                f"{s['ratio']:.2f}x (<= {s['target_ratio']}x)",
                s["passed"],
            )
        )
        plain = s["intake_widgets_in_plain_qt"]
        rows.append(
            _row(
                "  intake's widgets in plain Qt, no app code",
                f"{plain['median_ms']:.0f} ms",
                f"{s['bare_qwizard_baseline']['median_ms']:.0f} ms bare QWizard",
                f"{plain['ratio']:.2f}x: Qt's share",
                None,
            )
        )
    if "transitions" in results:
        t = results["transitions"]
        rows.append(
            _row(
                f"page/card transition p95 ({t['app']['count']})",
                f"{t['app']['p95_ms']:.1f} ms (p50 {t['app']['p50_ms']:.1f})",
                f"{t['bare_qwizard_baseline']['p95_ms']:.1f} ms bare QWizard",
                f"{t['ratio_p95']:.1f}x; <= {t['target_p95_ms']:.0f} ms",
                t["passed"],
            )
        )
        rows.append(
            _row(
                "  entering Done until sealed (child process)",
                f"{t['entering_done_with_export']['p50_ms']:.0f} ms",
                "-",
                "see render + seal",
                None,
            )
        )
        if "entering_done_shown" in t:
            rows.append(
                _row(
                    "  entering Done until 'Sealing…' shows",
                    f"{t['entering_done_shown']['p50_ms']:.0f} ms",
                    "-",
                    "the window waits no longer",
                    None,
                )
            )
        if t.get("staff_pin_checks"):
            rows.append(
                _row(
                    "  staff PIN check (apart)",
                    f"{t['staff_pin_checks']['p50_ms']:.0f} ms",
                    "-",
                    "scrypt, slow on purpose",
                    None,
                )
            )
    if "render_seal" in results:
        r = results["render_seal"]
        warm, one_page = r["render_and_seal_warm"], r["one_page_pdf_baseline"]
        process, bare = r["render_command_process"], r["bare_python_baseline"]
        rows.append(
            _row(
                "render + seal, warm (median)",
                f"{warm['median_ms']:.0f} ms",
                f"{one_page['median_ms']:.1f} ms one-page PDF",
                f"<= {warm['target_ms']} ms",
                warm["median_ms"] <= warm["target_ms"],
            )
        )
        rows.append(
            _row(
                "consent-app render process",
                f"{process['median_ms']:.0f} ms",
                f"{bare['median_ms']:.0f} ms bare python",
                f"<= {process['target_ms']} ms",
                process["median_ms"] <= process["target_ms"],
            )
        )
    if "search" in results:
        q = results["search"]
        rows.append(
            _row(
                f"search, slowest query ({q['store']['sessions']:,} sessions)",
                f"{q['slowest_median_ms']:.1f} ms",
                f"{q['baseline_slowest_median_ms']:.1f} ms at {q['baseline_store']['sessions']:,}",
                f"<= {q['target_ms']:.0f} ms",
                q["passed"],
            )
        )
        rows.append(
            _row(
                "  filling that store (once, cached)",
                f"{q['store']['fill_seconds']:.0f} s",
                f"{q['store']['database_mb']:.0f} MB",
                "this run" if q["store"]["filled_in_this_run"] else "cached",
                None,
            )
        )
    if "memory" in results:
        m = results["memory"]
        rows.append(
            _row(
                "RSS after one session",
                f"{m['after_one_session_mb']:.0f} MB",
                f"{m['bare_qwizard_baseline_mb']:.0f} MB bare QWizard",
                f"<= {m['target_mb']:.0f} MB",
                m["after_one_session_mb"] <= m["target_mb"],
            )
        )
        rows.append(
            _row(
                f"RSS growth over {m['more_sessions']} more sessions",
                f"{m['growth_mb']:+.1f} MB",
                "-",
                f"<= {m['target_growth_mb']:.0f} MB",
                m["growth_mb"] <= m["target_growth_mb"],
            )
        )
    return rows


def print_table(rows: list[dict[str, str]]) -> None:
    """The rows as an aligned text table."""
    columns = ("measure", "value", "baseline", "target", "result")
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    print("  ".join("-" * widths[c] for c in columns))
    for row in rows:
        print("  ".join(row[c].ljust(widths[c]) for c in columns))


def _run_part(part: str, quick: bool, cache: Path) -> dict[str, Any]:
    """One part in a fresh Python process, so parts cannot warm or bloat one another."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--part", part, "--cache", str(cache)]
    if quick:
        argv.append("--quick")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark part {part} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--json", metavar="OUT", default=str(BENCHMARKS / "results.json"), help="the JSON report"
    )
    parser.add_argument("--quick", action="store_true", help="a little of each, to try it out")
    parser.add_argument("--only", metavar="PART,...", help=f"some of: {', '.join(PARTS)}")
    parser.add_argument("--cache", metavar="DIR", help=f"(default {default_cache()})")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)  # one part, as JSON
    args = parser.parse_args(argv)
    scale = QUICK if args.quick else FULL
    cache = Path(args.cache) if args.cache else default_cache()
    cache.mkdir(parents=True, exist_ok=True)
    if args.part:
        print(json.dumps(RUNNERS[args.part](scale, cache)))
        return 0

    # An installed app has its bytecode compiled (pip does it); this environment may forbid
    # writing .pyc files, which would recompile every module on every start. Let every process
    # the harness starts keep its bytecode, in the cache folder, never beside the sources.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    parts = args.only.split(",") if args.only else list(PARTS)
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s): {', '.join(unknown)}")
    report: dict[str, Any] = {
        "quick": args.quick,
        "scale": scale,
        "machine": machine(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    if args.quick:
        print(
            f"--quick: a little of each (search over {scale['search_sessions']:,} sessions, not "
            f"100,000; {scale['memory_sessions']} more session(s), not 50): these figures only "
            "show the harness works."
        )
    for part in parts:
        began = time.perf_counter()
        print(f"{part} …", end=" ", flush=True)
        report[part] = _run_part(part, args.quick, cache)
        print(f"{time.perf_counter() - began:.0f} s", flush=True)
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["summary"] = summary_rows(report)
    print()
    print_table(report["summary"])
    m = report["machine"]
    print(
        f"\n{m['cpu']}, {m['cores']} cores, {m['os']}, Python {m['python']}, "
        f"PySide6 {m['pyside6']}; load average {report['load_average_at_start']} at the start, "
        f"{report['load_average_at_end']} at the end"
    )
    out = Path(args.json)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"JSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
