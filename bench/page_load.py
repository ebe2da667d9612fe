"""Cold page load -> terminal prompt ready, in headless Chromium, against a private stack.

Starts its own stack (scripts/stack.py: collectstatic, private redis-server, the ASGI server, one
Celery worker) unless ``--url`` names a running one, then loads the first lesson ``--runs`` times,
each in a new browser context (empty cache, new session, so a new sandbox), and once more in the
same context (warm: the hashed files come from the cache). "Prompt ready" is the first animation
frame in which the socket is open and the terminal's cursor row reads ``$`` (performance.now(),
from the start of navigation). Also reported: requests, bytes over the wire (compressed), and
whether the editor chunk or the schema was fetched (they should not be before the editor opens).

Usage: .venv/bin/python bench/page_load.py [--runs 7] [--url http://127.0.0.1:8000] [--lang en]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import BrowserContext, sync_playwright  # noqa: E402

from scripts.stack import Stack  # noqa: E402
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP  # noqa: E402

PROMPT_READY_JS = """() => {
  const pg = window.playground;
  if (!pg || !pg.connected || !pg.terminal) return false;
  const buf = pg.terminal.buffer.active;
  const row = buf.getLine(buf.baseY + buf.cursorY)?.translateToString(true).trimEnd();
  return row === '$' ? performance.now() : false;
}"""

# What came over the wire: the document plus every resource (encodedBodySize is compressed).
TRANSFER_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const wire = (e) => e.transferSize || 0;
  return {
    requests: res.length + 1,
    bytes: wire(nav) + res.reduce((n, e) => n + wire(e), 0),
    js_bytes: res.filter((e) => e.name.endsWith('.js')).reduce((n, e) => n + wire(e), 0),
    editor: res.some((e) => e.name.includes('/chunks/editor-')),
    schema: res.some((e) => e.name.includes('k8s-schema')),
  };
}"""


def load_once(context: BrowserContext, url: str) -> dict[str, Any]:
    page = context.new_page()
    encodings: list[str] = []
    page.on(
        "response",
        lambda response: (
            encodings.append(response.headers.get("content-encoding", "none"))
            if response.url.endswith(".js")
            else None
        ),
    )
    page.goto(url, wait_until="commit")
    ready = page.wait_for_function(PROMPT_READY_JS, polling="raf", timeout=30_000).json_value()
    stats = page.evaluate(TRANSFER_JS)
    stats["ready_ms"] = float(ready)
    stats["js_encoding"] = encodings[0] if encodings else ""
    page.close()
    return stats


def summary(name: str, runs: list[dict[str, Any]]) -> str:
    ready = [r["ready_ms"] for r in runs]
    last = runs[-1]
    lazy = "yes" if last["editor"] or last["schema"] else "no"
    return (
        f"| {name:<22} | {len(runs):>4} | {statistics.median(ready):>7.0f} | {min(ready):>6.0f} | "
        f"{max(ready):>6.0f} | {last['requests']:>8} | {last['bytes'] / 1024:>8.0f} | "
        f"{last['js_bytes'] / 1024:>8.0f} | {lazy:>15} |"
    )


def measure(base: str, runs: int, lang: str) -> None:
    url = f"{base}/?lang={lang}"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        load_once(browser.new_context(viewport=LAPTOP), url)  # server warm-up, not counted
        cold: list[dict[str, Any]] = []
        warm: list[dict[str, Any]] = []
        for _ in range(runs):
            context = browser.new_context(viewport=LAPTOP)
            cold.append(load_once(context, url))
            warm.append(load_once(context, url))
            context.close()
        browser.close()
    print(f"{url}; the bundle came with Content-Encoding: {cold[0]['js_encoding']}")  # noqa: T201
    head = (
        "| load                   | runs | p50 ms | min ms | max ms | requests | wire KB  "
        "| JS KB    | editor / schema |"
    )
    print(head)  # noqa: T201
    print("|" + "|".join("-" * len(cell) for cell in head.split("|")[1:-1]) + "|")  # noqa: T201
    print(summary("cold (new context)", cold))  # noqa: T201
    print(summary("warm (same context)", warm))  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--url", help="a running stack (default: start a private one)")
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    parser.add_argument("--server", default="uvicorn", choices=["uvicorn", "daphne"])
    args = parser.parse_args()
    if args.url:
        measure(args.url.rstrip("/"), args.runs, args.lang)
        return
    with tempfile.TemporaryDirectory(prefix="page-load-") as tmp:
        stack = Stack(Path(tmp)).start(server=args.server, extra_env={"LOG_LEVEL": "WARNING"})
        try:
            measure(stack.base_url, args.runs, args.lang)
        finally:
            stack.stop()


if __name__ == "__main__":
    main()
