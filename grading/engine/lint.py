"""``python -m grading.engine.lint [PATH...]``: lint exercise files (default lessons/exercises).

The work is in ``linting``. Importing this module makes Python bind it as the package attribute
``grading.engine.lint``, hiding the ``lint`` function of the same name; so the module itself is
callable (``grading.engine.lint(path)``) and also offers ``lint`` and ``main``.
"""

import sys
import types
from pathlib import Path

from grading.engine.linting import lint, main

__all__ = ["lint", "main"]


class _CallableModule(types.ModuleType):
    def __call__(self, path: Path, seeds: int = 5) -> list[str]:
        return lint(path, seeds)


sys.modules[__name__].__class__ = _CallableModule

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
