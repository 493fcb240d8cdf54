"""Debian's headless Chromium as the browser suites and ``benchmarks/viz_timings.py`` start it:
one definition of the executable and its flags, so a benchmark measures the browser the tests
check."""

from __future__ import annotations

from playwright.sync_api import Browser, Playwright

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Playwright) -> Browser:
    """Start the browser. A missing executable raises: it never skips."""
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
