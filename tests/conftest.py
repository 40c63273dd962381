"""Settings for the whole suite.

Hypothesis: CI runs on a developer's own machine, often while other work uses the CPU. Its
deadline and its "too slow" / "filter too much" health checks measure the machine, not the
code, so the "ci" profile (the default here) turns them off; a property still fails on any
counterexample. ``HYPOTHESIS_PROFILE=dev`` keeps Hypothesis's own defaults.
"""

from __future__ import annotations

import os

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
