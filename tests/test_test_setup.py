"""The test suite's own set-up: browser tests skip outside CI when no browser runs, and fail in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
ONE_BROWSER_TEST = "tests/test_browser.py::test_chips_are_the_categories"


def run_browser_test(tmp_path: Path, chromium: Path, ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCBLOG_CHROMIUM": str(chromium), "CI": ci}
    command = [sys.executable, "-m", "pytest", "-q", "--color=no", "-p", "no:cacheprovider", ONE_BROWSER_TEST]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("kind", ["not executable", "fails to start"])
def test_browser_tests_skip_outside_ci_when_the_browser_cannot_start(tmp_path, kind):
    chromium = tmp_path / "chromium"
    if kind == "not executable":
        chromium.write_text("not a browser\n")
        chromium.chmod(0o644)
    else:
        chromium.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
        chromium.chmod(0o755)
    result = run_browser_test(tmp_path, chromium, ci="")
    assert result.returncode in (0, 5), result.stdout + result.stderr  # 5: nothing left to run
    assert "error" not in result.stdout.lower().split("skipped", 1)[0]
    assert f"SKIPPED 1 browser tests: {chromium}" in result.stdout
    assert "apt-get install chromium" in result.stdout


def test_browser_tests_fail_in_ci_when_the_browser_cannot_start(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("not a browser\n")
    chromium.chmod(0o644)
    result = run_browser_test(tmp_path, chromium, ci="true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout or "1 failed" in result.stdout
    assert "did not start" in result.stdout
