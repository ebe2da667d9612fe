"""``python -m grading.engine.lint [PATH...]``: lint exercise files (default lessons/exercises).

A separate module from ``linting`` so the package's ``lint`` function is never shadowed by it.
"""

import sys

from grading.engine.linting import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
