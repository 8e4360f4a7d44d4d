"""The demo site: docblog's own documentation, with its blog."""

import os
import sys

sys.path.insert(0, os.path.abspath("_ext"))  # docblog itself, also when not pip-installed
sys.path.insert(0, os.path.abspath("docs/_ext"))  # docblog_docs: directives for these docs

project = "docblog"
author = "docblog developers"
copyright = "2026, docblog developers"

extensions = ["docblog", "docblog_docs"]

html_theme = "furo"
html_title = "docblog"
html_static_path = ["_static"]

# The blog. docblog's defaults already give blog_path = "blog" and posts/* as posts.
blog_title = "Blog"
blog_baseurl = "https://docblog.example.org/"
docblog_categories = {
    "CI/CD": "Building and checking the docs in continuous integration.",
    "Release Notes": "What changed in each release.",
    "Performance": "Making blog builds cost what Sphinx costs.",
    "Design": "How docblog is put together, and why.",
    "Writing": "Writing posts: front matter, summaries, workflow.",
    "Accessibility": "Pages every reader can use.",
}
# Authors as people: the name front matter uses → display name, avatar, bio and links.
docblog_authors = {
    "Priya Raman": {
        "name": "Priya Raman",
        "avatar": "_static/priya-raman.svg",
        "bio": "Maintains docblog's reading, validation and release process.",
        "links": {"Website": "https://priya.example.org/"},
    },
    "Mira Okafor": {
        "name": "Mira Okafor",
        "avatar": "_static/mira-okafor.svg",
        "bio": "Works on docblog's pages, styles and accessibility.",
        "links": {"Website": "https://mira.example.org/"},
    },
}

myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = [
    "_build", ".venv", ".nox", "README.md", "tests", "bench", "node_modules", ".ci",
    ".pytest_cache", "**/.pytest_cache", ".hypothesis",
]
suppress_warnings: list[str] = []
