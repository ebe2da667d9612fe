"""Where the shared workplace material lives: ``../shared`` beside the clone (as CI has it)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLAYGROUND_SHARED", REPO.parent / "shared"))
if not (SHARED / "spec").is_dir():  # a clone elsewhere on a developer machine
    SHARED = Path("/work/shared")
