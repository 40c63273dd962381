"""Settings for the whole suite.

Hypothesis: CI runs on a developer's own machine, often while other work uses the CPU. Its
deadline and its "too slow" / "filter too much" health checks measure the machine, not the
code, so the "ci" profile (the default here) turns them off; a property still fails on any
counterexample. ``HYPOTHESIS_PROFILE=dev`` keeps Hypothesis's own defaults.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
    print_blob=True,
)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# Required engines: `make test` sets PARLEY_REQUIRE_ENGINES=1, under which a test that would skip
# (a model package, engine, broker or tool missing) fails instead, naming what is missing: a
# broken install step must not pass CI. Tests marked ``may_skip`` (they need something no
# install step can give, such as running as root) still skip.
REQUIRE_ENGINES = os.environ.get("PARLEY_REQUIRE_ENGINES") == "1"


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr)


def _refuse_skip(report: pytest.CollectReport | pytest.TestReport) -> None:
    reason = _skip_reason(report)
    report.outcome = "failed"
    report.longrepr = (
        f"{reason}\n(skipping is not allowed under PARLEY_REQUIRE_ENGINES=1, which `make test`"
        " sets: install what is missing; see the README's set-up)"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    if (
        REQUIRE_ENGINES
        and report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("may_skip") is None
    ):
        _refuse_skip(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ENGINES and report.skipped:
        _refuse_skip(report)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first, the longest (``slow(minutes=N)``) before the others; in
    their files' order otherwise, the rest as collected.

    `make test` gives each test file to one worker; the torture run, collected late, kept one
    worker busy for its last minutes while the other had nothing left to do. Sorting only by
    ``slow`` was not enough: xdist hands out the first few files to each worker at once, and
    the torture run's file came after a dozen slow files (a quiet run took 11 min 23 s).
    """

    def order(item: pytest.Item) -> tuple[bool, float]:
        slow = item.get_closest_marker("slow")
        return (slow is None, -float(slow.kwargs.get("minutes", 0)) if slow else 0.0)

    items.sort(key=order)
