"""Knobs of the simulator, in one typed place; Django settings only build a ``SimConfig``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SimConfig:
    # Limits that keep one sandbox from eating a worker: each is answered with a clear error.
    max_objects: int = 200  # pods + namespaces a learner may create
    max_files: int = 100  # files in the sandbox's home directory
    max_file_bytes: int = 256 * 1024  # one file (a manifest is a few KB)
    max_files_bytes: int = 2 * 1024 * 1024  # all files together (TERMINAL_FILES_MAX_BYTES)
    max_line_bytes: int = 64 * 1024  # one command line, here-document included
    max_output_bytes: int = 512 * 1024  # one command's output before it is cut
    max_history: int = 1000  # remembered command lines per sandbox
    max_loop_rounds: int = 10_000  # rounds of all while/until/for loops of one line together
    # (between two of its sleeps: a line that sleeps goes on later, one stretch per worker call)
    # a line that sleeps goes on no sooner than this: `while true; do sleep 0.001; done` costs
    # the workers at most 10 calls a second, not 1,000 (a real sleep this short would spin)
    min_line_wake: float = 0.1
