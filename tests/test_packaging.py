"""The package installs from a wheel and works in a project elsewhere with one extensions line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]


def test_wheel_works_in_another_project(tmp_path, rootdir):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
                    str(REPO)], check=True)
    target = tmp_path / "site-packages"
    wheel = next(wheels.glob("docblog-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(target), str(wheel)], check=True)
    project = tmp_path / "elsewhere"
    shutil.copytree(rootdir / "test-basic", project)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import docblog; print(docblog.__file__)"],
                           env=env, cwd=project, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(target)
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build"],
                            env=env, cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((project / "_build/blog.html").read_text(encoding="utf-8"), "html.parser")
    assert len(page.select(".docblog-card")) == 6
    assert (project / "_build/_static/docblog.css").is_file()
    assert (target / "bin/docblog").is_file() or (target / "docblog/cli.py").is_file()
