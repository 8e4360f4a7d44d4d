"""``docblog import {jekyll,hugo,docusaurus,mkdocs} OLD_SITE``: an existing blog's posts as
docblog posts, with their images, links between posts, and redirects from the old addresses.

Each generator's module reads its site layout and converts what only it writes (Liquid, Hugo
shortcodes, MDX, Material's admonitions); :mod:`.plan` does the rest the same way for all.
OLD_SITE is only read; nothing in the project is overwritten.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import docusaurus, hugo, jekyll, mkdocs
from .plan import Import

GENERATORS = {"jekyll": jekyll, "hugo": hugo, "docusaurus": docusaurus, "mkdocs": mkdocs}


def run(generator: str, old_site: Path, source_dir: Path, post_folder: Path, dry_run: bool = False) -> int:
    """Import ``old_site`` into ``post_folder`` of the project at ``source_dir``; the exit status."""
    module = GENERATORS[generator]
    if not old_site.is_dir():
        print(f"docblog: {old_site} is not a folder", file=sys.stderr)
        return 2
    site = module.read(old_site.resolve())
    if not site.posts:
        print(f"docblog: no {generator} posts found in {old_site}", file=sys.stderr)
        return 2
    return Import(site, source_dir, post_folder, module.convert_body).run(dry_run)

