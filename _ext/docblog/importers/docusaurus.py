"""Docusaurus: ``blog/`` with dated files or folders (``2021-08-26-welcome/index.md``),
``authors.yml`` and ``tags.yml``, ``<!-- truncate -->``, MDX imports and components, and
``:::note`` admonitions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..slugs import slugify
from . import markup
from .common import (
    as_date,
    date_parts,
    dated_name,
    read_text,
    read_yaml_file,
    split_front_matter,
    text_value,
    truthy,
)
from .model import Author, OldSite, Problem, SourcePost

if TYPE_CHECKING:
    from .plan import Import

SUFFIXES = (".md", ".mdx")
READ_KEYS = {"title", "date", "authors", "author", "author_title", "author_url", "author_image_url",
             "tags", "slug", "description", "image", "draft", "unlisted", "last_update", "keywords"}
SOCIAL = {
    "github": "https://github.com/{}", "x": "https://x.com/{}", "twitter": "https://x.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}/", "bluesky": "https://bsky.app/profile/{}",
    "stackoverflow": "https://stackoverflow.com/users/{}", "newsletter": "{}", "mastodon": "{}",
}


def config_value(text: str, key: str, default: str) -> str:
    match = re.search(rf"\b{key}\s*:\s*['\"`]([^'\"`]*)['\"`]", text)
    return match[1] if match else default


def object_at(text: str, start: int) -> str:
    """The text of the JavaScript object literal whose ``{`` is at ``start`` (braces inside
    strings and comments left aside), without its braces."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char in "'\"`":
            end = text.find(char, i + 1)
            while end > 0 and text[end - 1] == "\\":
                end = text.find(char, end + 1)
            i = end if end > 0 else len(text)
        elif text.startswith("//", i):
            i = text.find("\n", i) if text.find("\n", i) > 0 else len(text)
        elif text.startswith("/*", i):
            i = text.find("*/", i) + 1 if text.find("*/", i) > 0 else len(text)
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    return text[start + 1:]


_STRING = re.compile(r"""\s*(?:'([^'\\]*)'|"([^"\\]*)"|`([^`\\$]*)`)\s*(?:,|$)""")


def literal_strings(text: str, key: str) -> tuple[list[str] | None, int]:
    """The strings of ``key: ['a', "b"]`` in ``text`` and the offset of ``key`` (-1: not there);
    None for the strings when the value is not a literal list of strings (a variable, a spread,
    a function call), which an import cannot evaluate."""
    found = re.search(rf"\b{key}\s*:\s*", text)
    if found is None:
        return [], -1
    if not text.startswith("[", found.end()):
        return None, found.start()
    end = text.find("]", found.end())
    inside = text[found.end() + 1:end if end > 0 else len(text)].strip()
    values: list[str] = []
    position = 0
    while position < len(inside):
        item = _STRING.match(inside, position)
        if item is None or item.end() == position:
            return None, found.start()
        values.append(next(g for g in item.groups() if g is not None))
        position = item.end()
    return values, found.start()


def glob_pattern(pattern: str) -> re.Pattern[str]:
    """A Docusaurus (globby) glob as a regular expression on paths relative to the blog folder:
    ``**`` any folders, ``*`` and ``?`` within one name, ``{a,b}`` alternatives."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "{" and "}" in pattern[i:]:
            close = pattern.index("}", i)
            out += "(?:" + "|".join(map(re.escape, pattern[i + 1:close].split(","))) + ")"
            i = close + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def read(root: Path) -> OldSite:
    config_text = ""
    config_name = ""
    for name in ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"):
        if (root / name).is_file():
            config_text = read_text(root / name)
            config_name = name
            break
    blog_options = ""
    found = re.search(r"\bblog\s*:\s*\{", config_text)
    if found:
        blog_options = object_at(config_text, found.end() - 1)
    blog_dir = root / config_value(blog_options, "path", "blog")
    route = config_value(blog_options, "routeBasePath", "blog").strip("/")
    site = OldSite(root=root, generator="docusaurus", posts=[], asset_roots=[root / "static"],
                   url=config_value(config_text, "url", ""), baseurl=config_value(config_text, "baseUrl", "/"))
    site.authors = read_authors(site, blog_dir / "authors.yml")

    def page_address(file: Path) -> str | None:
        for folder, prefix in ((root / "docs", "/docs/"), (root / "src" / "pages", "/")):
            if file.is_relative_to(folder.resolve()) and file.suffix in SUFFIXES:
                rel = file.relative_to(folder.resolve()).with_suffix("")
                rel = rel.parent if rel.name == "index" else rel
                parts = [re.sub(r"^\d+-", "", p) for p in rel.parts]  # "01-intro" is served as "intro"
                return prefix + "/".join(parts)
        return None

    site.page_address = page_address
    tags = read_yaml_file(blog_dir / "tags.yml") or {}
    tags = tags if isinstance(tags, dict) else {}
    excluded = excludes(site, config_text, config_name, blog_options)
    originals: dict[str, SourcePost] = {}
    for path, rel in post_files(blog_dir, excluded):
        bundle = path.parent if path.stem == "index" and path.parent != blog_dir else None
        post = read_post(site, path, bundle, route, tags)
        site.posts.append(post)
        originals[rel] = post
    # Translated versions: i18n/<locale>/docusaurus-plugin-content-blog/<the same path>, served
    # at /<locale>/<route>/…; each is imported as a translation of the post at that path.
    default_locale = config_value(config_text, "defaultLocale", "en")
    for folder in sorted((root / "i18n").glob("*/docusaurus-plugin-content-blog")):
        locale = folder.parent.name
        if not folder.is_dir() or locale == default_locale:
            continue
        for path, rel in post_files(folder, excluded):
            bundle = path.parent if path.stem == "index" and path.parent != folder else None
            post = read_post(site, path, bundle, f"{locale}/{route}", tags)
            post.language = locale
            original = originals.get(rel)
            if original is not None:
                post.translation_of = original
                original.translated = True
                original.language = default_locale
            site.posts.append(post)
    return site


def post_files(folder: Path, excluded: list[re.Pattern[str]]) -> list[tuple[Path, str]]:
    """The post files of a blog folder, with their paths relative to it: Markdown and MDX files
    outside ``_``-prefixed names (Docusaurus' default ``exclude``) and the site's ``exclude``."""
    found = []
    for path in sorted(folder.glob("**/*")):
        rel = path.relative_to(folder).as_posix()
        if path.suffix not in SUFFIXES or not path.is_file() \
                or any(p.startswith("_") for p in rel.split("/")):
            continue
        if any(pattern.match(rel) for pattern in excluded):
            continue
        found.append((path, rel))
    return found


def excludes(site: OldSite, config_text: str, config_name: str, blog_options: str) -> list[re.Pattern[str]]:
    """The blog plugin's ``exclude`` globs when the configuration lists them literally
    (``exclude: ['**/AGENTS.md']``); any other value is reported and not applied."""
    values, offset = literal_strings(blog_options, "exclude")
    if values is None:
        start = config_text.find(blog_options) if blog_options else -1
        line = config_text.count("\n", 0, start + offset) + 1 if start >= 0 else 1
        site.problems.append(Problem(config_name, line, "exclude", "the blog's 'exclude' is not a list of "
                                     "strings: not applied; leave out of the import what it excludes"))
        return []
    return [glob_pattern(value.removeprefix("./")) for value in values]


def read_authors(site: OldSite, path: Path) -> dict[str, Author]:
    data = read_yaml_file(path)
    authors: dict[str, Author] = {}
    if not isinstance(data, dict):
        return authors
    text = read_text(path)
    for key, value in data.items():
        if isinstance(value, dict):
            authors[str(key)] = author_from(site, str(key), value, path, text)
    return authors


def author_from(site: OldSite, key: str, value: dict[str, Any], path: Path | None, text: str = "") -> Author:
    author = Author(key=key, name=text_value(value.get("name")) or key, bio=text_value(value.get("title")))
    if value.get("url"):
        author.links["website"] = str(value["url"])
    socials: dict[str, Any] = value["socials"] if isinstance(value.get("socials"), dict) else {}
    for network, handle in socials.items():
        handle = str(handle)
        pattern = SOCIAL.get(str(network), "{}")
        author.links[str(network)] = handle if handle.startswith("http") else pattern.format(handle)
    image = text_value(value.get("image_url"))
    if image:
        local = site.asset_roots[0] / image.lstrip("/") if image.startswith("/") else None
        if local is not None and local.is_file():
            author.avatar_file = local.resolve()
        else:
            rel = path.relative_to(site.root).as_posix() if path else "front matter"
            line = next((n for n, ln in enumerate(text.split("\n"), 1) if image in ln), 1)
            site.problems.append(Problem(rel, line, image, f"avatar of {key} is on another site: not in the "
                                         "docblog_authors entry (copy it into _static and set 'avatar')"))
    return author


def read_post(site: OldSite, path: Path, bundle: Path | None, route: str, tags: dict[str, Any]) -> SourcePost:
    rel = path.relative_to(site.root).as_posix()
    text = read_text(path)
    meta, body, body_line, problem = split_front_matter(text)
    if problem:
        site.problems.append(Problem(rel, 1, "front matter", problem))
    post = SourcePost(path=path, rel=rel, text=text, body=body, body_line=body_line, meta=meta, bundle=bundle)
    file_date, name = dated_name(bundle.name if bundle is not None else path.stem)
    post.title = text_value(meta.get("title"))
    post.date = as_date(meta.get("date")) or file_date
    last_update = meta.get("last_update")
    if isinstance(last_update, dict):
        post.updated = as_date(last_update.get("date"))
    post.tags = []
    for tag in meta.get("tags") or []:
        if isinstance(tag, dict):
            tag = tag.get("label")
        elif isinstance(tags.get(tag), dict):
            tag = tags[tag].get("label") or tag
        if tag and str(tag) not in post.tags:
            post.tags.append(str(tag))
    authors = meta.get("authors")
    authors = authors if isinstance(authors, list) else [authors] if authors else []
    for author in authors:
        if isinstance(author, dict) and author.get("name"):
            key = slugify(str(author["name"])) or "author"
            site.authors.setdefault(key, author_from(site, key, author, None))
            post.authors.append(key)
        elif isinstance(author, str):
            post.authors.append(author)
            if author not in site.authors:
                site.problems.append(Problem(rel, post.line_of(author), author,
                                             "author is not in authors.yml: no docblog_authors entry"))
    if meta.get("author") and not authors:
        key = slugify(str(meta["author"])) or "author"
        site.authors.setdefault(key, author_from(site, key, {
            "name": meta["author"], "title": meta.get("author_title"), "url": meta.get("author_url"),
            "image_url": meta.get("author_image_url")}, None))
        post.authors.append(key)
    post.summary = text_value(meta.get("description"))
    post.image = text_value(meta.get("image"))
    post.draft = truthy(meta.get("draft")) or truthy(meta.get("unlisted"))
    post.separator = "<!-- truncate -->"
    post.dropped_keys = [k for k in meta if k not in READ_KEYS]
    slug = text_value(meta.get("slug"))
    post.slug = slug.strip("/").split("/")[-1] if slug else name
    if not post.draft:
        if slug:
            address = f"/{route}/{slug.lstrip('/')}"
        else:
            day = date_parts(post.date) if file_date else None
            address = f"/{route}/{day:%Y/%m/%d}/{name}" if day else f"/{route}/{name}"
        post.addresses.append(address.replace("//", "/"))
    return post


_IMPORT = re.compile(r"^(import\s.+?from\s+['\"][^'\"]+['\"];?|import\s+['\"][^'\"]+['\"];?|export\s.*)[ \t]*$",
                     re.MULTILINE)
_ADMONITION = re.compile(r"^([ \t]*)(:{3,})(\w+)(?:\[(.*?)\]|[ \t]+(.+?))?[ \t]*$")
_COMPONENT = re.compile(r"^[ \t]*</?([A-Z]\w*)\b[^>]*?/?>[ \t]*$")


def convert_body(post: SourcePost, body: str, imp: Import) -> str:
    body = re.sub(r"\{/\*\s*truncate\s*\*/\}", "<!-- truncate -->", body)

    def change(chunk: str) -> str:
        chunk = re.sub(r"\{/\*.*?\*/\}", "", chunk, flags=re.DOTALL)
        for match in _IMPORT.finditer(chunk):
            imp.problem(post, match[0], "MDX import/export: removed")
        chunk = _IMPORT.sub("", chunk)
        lines = []
        for line in chunk.split("\n"):
            component = _COMPONENT.match(line)
            if component:
                if not line.strip().startswith("</"):
                    imp.problem(post, line.strip(), f"MDX component <{component[1]}>: removed, its content kept")
                continue
            lines.append(line)
        return "\n".join(lines)

    body = markup.outside_code(body, change)
    body = re.sub(r"^([ \t]*`{3,}[\w+-]*)[ \t]+\S.*$", r"\1", body, flags=re.MULTILINE)  # title="…" meta
    # Docusaurus highlights JSX in js/ts blocks (Prism); Pygments needs the jsx/tsx lexers for it
    body = re.sub(r"^([ \t]*`{3,})(js|javascript|ts|typescript)[ \t]*$",
                  lambda m: m[1] + ("jsx" if m[2] in ("js", "javascript") else "tsx"), body, flags=re.MULTILINE)
    return admonitions(body)


def admonitions(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        opened = _ADMONITION.match(lines[i])
        if not opened or markup.in_fence("\n".join(out) + "\n"):
            out.append(lines[i])
            i += 1
            continue
        colons = opened[2]
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == colons), None)
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        content = admonitions("\n".join(line[len(opened[1]):] if line.startswith(opened[1]) else line
                                        for line in lines[i + 1:end]))
        out.append(markup.admonition(opened[3], (opened[4] or opened[5] or "").strip(), content, opened[1]))
        i = end + 1
    return "\n".join(out)
