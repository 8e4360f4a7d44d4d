"""The docs, the demo posts and the README say only true things about docblog's options."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from docblog.config import DocblogConfig

REPO = Path(__file__).parent.parent
#: A ``docblog_*`` name as a setting (not an attribute such as ``env.docblog_posts``).
OPTION = re.compile(r"(?<![\w.])docblog_[a-z_]+\b")
PAGES = sorted([*REPO.glob("docs/*.md"), *REPO.glob("posts/*.md"), REPO / "README.md", REPO / "index.md"])


def test_every_option_the_docs_name_exists():
    known = {f"docblog_{option.name}" for option in dataclasses.fields(DocblogConfig)}
    unknown = sorted({f"{page.relative_to(REPO)}: {name}" for page in PAGES
                      for line in page.read_text(encoding="utf-8").splitlines()
                      if "is not a docblog option" not in line  # the warning's own example
                      for name in OPTION.findall(line) if name not in known})
    assert unknown == []


def test_the_option_table_is_made_from_the_options():
    """docs/configuration.md's table is generated from DocblogConfig (docs/_ext), so every
    option is documented with its type, default and help text."""
    assert "```{docblog-config-table}" in (REPO / "docs/configuration.md").read_text(encoding="utf-8")


def test_the_theming_reference_names_every_template_card_field_and_class():
    from docblog.rendering import TEMPLATES_DIR

    page = (REPO / "docs/theming.md").read_text(encoding="utf-8")
    templates = sorted(p.name for p in (TEMPLATES_DIR / "docblog").glob("*.html"))
    assert [t for t in templates if f"`docblog/{t}`" not in page] == []
    views = (REPO / "_ext/docblog/views.py").read_text(encoding="utf-8")
    context = views[views.index("def _context_at"):views.index("class SmallCardView")]
    fields = set(re.findall(r'^\s+"(\w+)":', context, re.MULTILINE)) | {"show_pin"}
    assert sorted(f for f in fields if f"`{f}`" not in page) == []
    used = set()
    for template in (TEMPLATES_DIR / "docblog").glob("*.html"):
        for classes in re.findall(r'class="([^"{]*)', template.read_text(encoding="utf-8")):
            used.update(c for c in classes.split() if c.startswith("docblog-") and not c.endswith("-"))
    # a class is named in full, or as a "-suffix" next to its family
    missing = sorted(c for c in used if f"`{c}`" not in page
                     and f"`-{c.rsplit('-', 1)[-1]}`" not in page and f"`--{c.rsplit('--', 1)[-1]}`" not in page)
    assert missing == []


def test_the_front_matter_reference_is_the_keys_docblog_reads():
    """Every key docblog reads is in writing-posts.md's table (or its ABlog keys section), and
    every key the table names is one docblog reads."""
    from docblog.post_reader import ALIASES, POST_KEYS

    page = (REPO / "docs/writing-posts.md").read_text(encoding="utf-8")
    table = page.split("## Front matter reference", 1)[1].split("\n\n", 2)[1]
    named = set()
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        named.update(re.findall(r"`(\w+)`", cells[0] + " " + cells[1]))
    read = POST_KEYS | {"thumbnail"}  # MyST's key, read as the card image where no image is
    assert named <= read, named - read
    ablog_section = page.split("## ABlog keys", 1)[1].split("\n## ", 1)[0]
    undocumented = sorted(k for k in POST_KEYS - named - set(ALIASES)
                          if f"`{k}`" not in ablog_section and k != "orphan")
    assert undocumented == []
