"""A post's image (front matter ``image``, ABlog's ``:image:`` or ``post_auto_image``) on its
card: where the file is in the output, and copying it there when Sphinx does not.

An image the post shows in its body is copied by Sphinx to ``_images/`` (the record then
holds ``/_images/<name>``). An image named only in front matter — ``cover.png`` next to the
post, or ``/img/cover.png`` from the site's root — is copied by docblog to the same place in
the output. Images on other hosts are not shown on cards: the site makes no request to a
third-party host (they still go into ``og:image``, which only other sites fetch).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .posts import Post

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def output_path(post: Post) -> str:
    """The image's path in the output folder (``_images/x.png``), or "" for none or remote."""
    image = post.image.strip()
    if not image or _REMOTE.match(image):
        return ""
    if image.startswith("/"):
        path = posixpath.normpath(image.lstrip("/"))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(post.docname), image))
    if path in ("", ".") or path.startswith("../") or path == "..":
        return ""
    return path


def copy_if_newer(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` when it exists and the target is missing or older."""
    try:
        if not source.is_file():
            return
        if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
            return
        os.makedirs(target.parent, exist_ok=True)
        shutil.copy2(source, target)
    except OSError:
        return


def copy_images(app: Sphinx, posts: list[Post]) -> None:
    """Copy front-matter images that exist in the source folder to the output, when missing
    or older there (Sphinx copies the ones a post's body shows into ``_images/`` itself)."""
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    for post in posts:
        path = output_path(post)
        if path and not path.startswith("_images/"):
            copy_if_newer(srcdir / path, outdir / path)
