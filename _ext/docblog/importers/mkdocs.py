"""Material for MkDocs' blog plugin: ``mkdocs.yml`` (site_url, ``blog`` plugin options),
posts in ``docs/blog/posts/``, ``.authors.yml``, ``date: {created, updated}``,
``<!-- more -->``, and ``!!! note`` admonitions in the bodies."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..slugs import ablog_slugify
from . import markup
from .common import (
    as_date,
    as_list,
    date_parts,
    read_text,
    read_yaml_file,
    split_front_matter,
    text_value,
    truthy,
)
from .model import Author, OldSite, Problem, SourcePost

if TYPE_CHECKING:
    from .plan import Import

READ_KEYS = {"title", "date", "authors", "categories", "tags", "draft", "slug", "description"}
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def blog_options(config: dict[str, Any]) -> dict[str, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict):
            for name, options in plugin.items():
                if str(name) in ("blog", "material/blog"):
                    return options if isinstance(options, dict) else {}
        elif str(plugin) in ("blog", "material/blog"):
            return {}
    return {}


def read(root: Path) -> OldSite:
    config = read_yaml_file(root / "mkdocs.yml") or read_yaml_file(root / "mkdocs.yaml") or {}
    config = config if isinstance(config, dict) else {}
    docs = root / str(config.get("docs_dir") or "docs")
    options = blog_options(config)
    blog = str(options.get("blog_dir") or "blog").strip("/")
    post_dir = docs / str(options.get("post_dir") or "{blog}/posts").replace("{blog}", blog)
    match = re.match(r"^(https?://[^/]+)(/.*)?$", str(config.get("site_url") or ""))
    site = OldSite(root=root, generator="mkdocs", posts=[], asset_roots=[docs],
                   url=match[1] if match else "", baseurl=(match[2] or "") if match else "", config=config)
    authors_file = docs / str(options.get("authors_file") or "{blog}/.authors.yml").replace("{blog}", blog)
    site.authors = read_authors(site, authors_file)
    separator = str(options.get("post_excerpt_separator") or "<!-- more -->")
    url_format = str(options.get("post_url_format") or "{date}/{slug}")
    date_format = str(options.get("post_url_date_format") or "yyyy/MM/dd")
    directory_urls = config.get("use_directory_urls", True) is not False
    def page_address(file: Path) -> str | None:
        if not file.is_relative_to(docs.resolve()) or file.suffix != ".md":
            return None
        rel = file.relative_to(docs.resolve())
        if rel.stem in ("index", "README"):
            return "/" + (rel.parent.as_posix() + "/" if rel.parent.parts else "")
        return "/" + rel.with_suffix("").as_posix() + ("/" if directory_urls else ".html")

    site.page_address = page_address
    for path in sorted(post_dir.glob("**/*.md")):
        post = read_post(site, path, separator)
        if not post.draft:
            day = date_parts(post.date)
            date_text = (date_format.replace("yyyy", f"{day:%Y}").replace("MM", f"{day:%m}")
                         .replace("dd", f"{day:%d}")) if day else ""
            address = url_format.replace("{date}", date_text).replace("{slug}", post.slug).replace(
                "{file}", path.stem).replace("{categories}", "/".join(ablog_slugify(c) for c in post.categories))
            address = "/" + blog + "/" + re.sub(r"/{2,}", "/", address).strip("/")
            post.addresses.append(address + ("/" if directory_urls else ".html"))
        site.posts.append(post)
    return site


def read_authors(site: OldSite, path: Path) -> dict[str, Author]:
    data = read_yaml_file(path)
    data = data.get("authors") if isinstance(data, dict) and isinstance(data.get("authors"), dict) else data
    authors: dict[str, Author] = {}
    if not isinstance(data, dict):
        return authors
    text = read_text(path)
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        author = Author(key=str(key), name=text_value(value.get("name")) or str(key),
                        bio=text_value(value.get("description")))
        if value.get("url"):
            author.links["website"] = str(value["url"])
        avatar = text_value(value.get("avatar"))
        if avatar:
            local = (path.parent / avatar) if not avatar.startswith("/") else site.asset_roots[0] / avatar.lstrip("/")
            if not re.match(r"^https?:", avatar) and local.is_file():
                author.avatar_file = local.resolve()
            else:
                line = next((n for n, ln in enumerate(text.split("\n"), 1) if avatar in ln), 1)
                site.problems.append(Problem(path.relative_to(site.root).as_posix(), line, avatar,
                                             f"avatar of {key} is on another site: not in the docblog_authors "
                                             "entry (copy it into _static and set 'avatar')"))
        authors[str(key)] = author
    return authors


def read_post(site: OldSite, path: Path, separator: str) -> SourcePost:
    rel = path.relative_to(site.root).as_posix()
    text = read_text(path)
    meta, body, body_line, problem = split_front_matter(text)
    if problem:
        site.problems.append(Problem(rel, 1, "front matter", problem))
    post = SourcePost(path=path, rel=rel, text=text, body=body, body_line=body_line, meta=meta)
    heading = next((m for m in _H1.finditer(body) if not markup.in_fence(body[:m.start()])), None)
    post.title = text_value(meta.get("title")) or (heading[1].strip() if heading else "")
    date = meta.get("date")
    if isinstance(date, dict):
        post.date = as_date(date.get("created"))
        post.updated = as_date(date.get("updated"))
    else:
        post.date = as_date(date)
    post.categories = as_list(meta.get("categories"))
    post.tags = as_list(meta.get("tags"))
    post.authors = as_list(meta.get("authors"))
    for author in post.authors:
        if author not in site.authors:
            site.problems.append(Problem(rel, post.line_of(author), author,
                                         "author is not in .authors.yml: no docblog_authors entry"))
    post.summary = text_value(meta.get("description"))
    post.draft = truthy(meta.get("draft"))
    post.slug = text_value(meta.get("slug")) or ablog_slugify(post.title) or path.stem
    post.separator = separator if separator != "<!-- more -->" else ""
    post.dropped_keys = [k for k in meta if k not in READ_KEYS]
    return post


_BLOCK = re.compile(r"^([ \t]*)(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w -]*?)?(?:[ \t]+\"(.*?)\")?[ \t]*$")
_TAB = re.compile(r"^([ \t]*)===\+?[ \t]+\"(.*?)\"[ \t]*$")


def convert_body(post: SourcePost, body: str, imp: Import) -> str:
    def change(chunk: str) -> str:
        for match in re.finditer(r"^[ \t]*-{2}8<-{2}.*$", chunk, re.MULTILINE):
            imp.problem(post, match[0].strip(), "snippet include: not converted, removed")
        chunk = re.sub(r"^[ \t]*-{2}8<-{2}.*$", "", chunk, flags=re.MULTILINE)
        chunk = re.sub(r"^(#{1,6}[ \t].*?)[ \t]*\{[ \t]*[#.][^}]*\}[ \t]*$", r"\1", chunk, flags=re.MULTILINE)
        for match in re.finditer(r"\)\{[ \t]*[.#:][^}\n]*\}", chunk):
            imp.problem(post, match[0][1:], "attribute list: dropped")
        return re.sub(r"\)\{[ \t]*[.#:][^}\n]*\}", ")", chunk)

    return blocks(post, markup.outside_code(body, change), imp)


def blocks(post: SourcePost, text: str, imp: Import) -> str:
    """``!!! type "title"`` and ``??? type`` blocks (content indented by four spaces) as MyST
    admonitions; content tabs as a bold label over their content."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        block = _BLOCK.match(lines[i])
        tab = _TAB.match(lines[i])
        if not (block or tab) or markup.in_fence("\n".join(out) + "\n"):
            out.append(lines[i])
            i += 1
            continue
        opened = block or tab
        assert opened is not None
        indent = opened[1]
        inner_indent = indent + "    "
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j].startswith(inner_indent)):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1
        content = "\n".join(line[len(inner_indent):] for line in lines[i + 1:j])
        content = blocks(post, content, imp)
        if block:
            out.append(markup.admonition(block[3], block[4] or "", content, indent))
        elif tab:
            imp.problem(post, lines[i].strip(), "content tab: shown as a labelled section")
            out.append(f"{indent}**{tab[2]}**\n\n" + "\n".join(indent + x if x else x for x in content.split("\n")))
        i = j
    return "\n".join(out)
