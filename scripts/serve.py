"""Serve the product's ASGI app as the containers do: ``python -m scripts.serve [HOST] [PORT]``.

One definition of the server and its flags (scripts/stack.py ``web_server_argv``) for make run,
the tests, the Dockerfile and docker-compose.yml.
"""

from __future__ import annotations

import os
import sys

from scripts.stack import WEB_SERVER, web_server_argv


def main() -> None:
    host = sys.argv[1] if len(sys.argv) > 1 else "0.0.0.0"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    argv = web_server_argv(WEB_SERVER, host, port)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    main()
