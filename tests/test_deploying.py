"""The deployment recipes in docs/deploy/ (included into docs/deploying.md): valid YAML of the
shape each host reads, a daily schedule, and build commands that work on a docblog site."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).parent.parent / "docs" / "deploy"
DOCS_PAGE = Path(__file__).parent.parent / "docs" / "deploying.md"


def load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


def test_every_recipe_is_included_in_the_page():
    page = DOCS_PAGE.read_text(encoding="utf-8")
    for path in DEPLOY.iterdir():
        assert f"```{{literalinclude}} deploy/{path.name}" in page, path.name


def test_recipes_have_the_shape_their_host_reads():
    github = load("github-pages.yml")
    # YAML reads the key "on" as True
    triggers = github.get("on", github.get(True))
    assert triggers["schedule"][0]["cron"] and "push" in triggers
    assert [s.get("uses", "").split("@")[0] for s in github["jobs"]["build"]["steps"]][-1] == \
        "actions/upload-pages-artifact"
    assert github["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    rtd = load("readthedocs.yaml")
    assert rtd["version"] == 2 and rtd["sphinx"]["configuration"] == "docs/conf.py"
    schedule = load("readthedocs-schedule.yml")
    assert schedule.get("on", schedule.get(True))["schedule"][0]["cron"]
    assert "readthedocs.org/api/v3/projects/" in schedule["jobs"]["rebuild"]["steps"][0]["run"]
    gitlab = load("gitlab-ci.yml")
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert any("schedule" in rule["if"] for rule in gitlab["pages"]["rules"])


def build_commands() -> list[tuple[str, str]]:
    github = [step["run"] for step in load("github-pages.yml")["jobs"]["build"]["steps"] if "run" in step]
    gitlab = load("gitlab-ci.yml")["pages"]["script"]
    return [("github-pages", c) for c in github] + [("gitlab", c) for c in gitlab]


@pytest.mark.parametrize(("host", "command"), [c for c in build_commands() if "sphinx" in c[1]])
def test_build_commands_build_a_docblog_site(host, command, tmp_path, rootdir):
    """The recipe's build command, run as written in a repository whose Sphinx project is in
    docs/ (the installed Python stands for the CI's ``python``)."""
    shutil.copytree(rootdir / "test-basic", tmp_path / "docs")
    args = shlex.split(command)
    assert args[:3] == ["python", "-m", "sphinx"]
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, *args[1:]], cwd=tmp_path, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    out = tmp_path / args[-1]
    assert (out / "blog.html").is_file() and (out / "blog" / "atom.xml").is_file()


@pytest.mark.parametrize(("host", "command"), [c for c in build_commands() if "pip install" in c[1]])
def test_install_commands_name_extras_that_exist(host, command):
    import tomllib

    extras = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())[
        "project"]["optional-dependencies"]
    requirement = shlex.split(command)[-1]
    name, _, rest = requirement.partition("[")
    assert name == "docblog"
    assert all(extra in extras for extra in rest.rstrip("]").split(",") if extra)
