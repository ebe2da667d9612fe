"""Hypothesis budgets: `make test` runs a fixed, derandomized few hundred examples (well under a
minute); `make fuzz` (PLAYGROUND_FUZZ=1) runs many more, randomly, keeping what it finds in
.hypothesis/ so a crash replays first next time."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=120, derandomize=True, database=None,
                          print_blob=True, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("fuzz", max_examples=int(os.environ.get("PLAYGROUND_FUZZ_EXAMPLES",
                                                                  "5000")),
                          deadline=None, suppress_health_check=_SLOW)
settings.load_profile("fuzz" if os.environ.get("PLAYGROUND_FUZZ") else "ci")
