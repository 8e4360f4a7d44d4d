"""Jekyll: ``_config.yml`` (permalink, baseurl, url, excerpt_separator, defaults), posts in
``_posts/YYYY-MM-DD-name.md`` (and ``<category>/_posts/``), drafts in ``_drafts/``, and Liquid
in the bodies."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import markup
from .common import (
    as_date,
    as_list,
    date_parts,
    dated_name,
    read_text,
    read_yaml_file,
    split_front_matter,
    text_value,
    truthy,
)
from .model import OldSite, Problem, SourcePost

if TYPE_CHECKING:
    from .plan import Import

PRESETS = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn")
#: Keys read into docblog's front matter; every other key is the theme's or Jekyll's own.
READ_KEYS = {"title", "date", "last_modified_at", "updated", "categories", "category", "tags", "tag",
             "author", "authors", "excerpt", "description", "summary", "published", "permalink",
             "slug", "redirect_from", "image", "excerpt_separator", "draft"}
#: Includes that only set up a theme (Jekyll Bootstrap's ``JB/setup``) and print nothing.
THEME_INCLUDES = re.compile(r"^(JB/|themes/)|^(setup|head|header|footer)(\.html)?$")


def read(root: Path) -> OldSite:
    config = read_yaml_file(root / "_config.yml") or {}
    if not isinstance(config, dict):
        config = {}
    site = OldSite(root=root, generator="jekyll", posts=[], asset_roots=[root],
                   url=str(config.get("url") or ""), baseurl=str(config.get("baseurl") or ""),
                   config=config, page_address=lambda file: page_address(root, file))
    files = [(p, False) for p in sorted(root.glob("**/_posts/**/*")) if p.suffix in SUFFIXES]
    files += [(p, True) for p in sorted((root / "_drafts").glob("**/*")) if p.suffix in SUFFIXES]
    for path in sorted(root.glob("**/_posts/**/*.*")) + sorted((root / "_drafts").glob("**/*.*")):
        if path.suffix in (".html", ".textile") and "_site" not in path.parts:
            site.problems.append(Problem(path.relative_to(root).as_posix(), 1, path.name,
                                         f"a {path.suffix[1:]} post, not Markdown: not imported"))
    for path, in_drafts in files:
        if any(part.startswith(("_site", ".")) or part in ("node_modules", "vendor")
               for part in path.relative_to(root).parts):
            continue
        site.posts.append(read_post(site, config, path, in_drafts))
    return site


def defaults_for(config: dict[str, Any], rel: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for entry in config.get("defaults") or []:
        if not isinstance(entry, dict):
            continue
        scope = entry.get("scope") or {}
        kind = scope.get("type")
        path = str(scope.get("path") or "")
        if kind not in (None, "posts", "drafts") or not rel.startswith(path):
            continue
        values.update(entry.get("values") or {})
    return values


def read_post(site: OldSite, config: dict[str, Any], path: Path, in_drafts: bool) -> SourcePost:
    rel = path.relative_to(site.root).as_posix()
    text = read_text(path)
    meta, body, body_line, problem = split_front_matter(text)
    if problem:
        site.problems.append(Problem(rel, 1, "front matter", problem))
    fields = {**defaults_for(config, rel), **meta}
    file_date, name = dated_name(path.stem)
    post = SourcePost(path=path, rel=rel, text=text, body=body, body_line=body_line, meta=fields)
    post.slug = text_value(fields.get("slug")) or name
    post.title = text_value(fields.get("title"))
    post.date = as_date(fields.get("date")) or file_date
    post.updated = as_date(fields.get("last_modified_at") or fields.get("updated"))
    folder_categories = [p for p in path.relative_to(site.root).parts[:-1] if p not in ("_posts", "_drafts")]
    post.categories = as_list(folder_categories) + [
        c for c in as_list(fields.get("categories") or fields.get("category"), split_spaces=True)
        if c not in folder_categories]
    post.tags = as_list(fields.get("tags") or fields.get("tag"), split_spaces=True)
    post.authors = as_list(fields.get("authors") or fields.get("author"))
    post.summary = text_value(fields.get("excerpt") or fields.get("description") or fields.get("summary"))
    if "{{" in post.summary or "{%" in post.summary:
        post.summary = ""
    image = fields.get("image")
    post.image = text_value(image.get("path") if isinstance(image, dict) else image)
    post.draft = in_drafts or not truthy(fields.get("published", True)) or truthy(fields.get("draft"))
    separator = fields.get("excerpt_separator", config.get("excerpt_separator", "\n\n"))
    post.separator = separator if isinstance(separator, str) and separator.strip() else ""
    post.dropped_keys = [k for k in meta if k not in READ_KEYS]
    if not post.draft:
        template = str(fields.get("permalink") or config.get("permalink") or "date")
        template = PRESETS.get(template, template)
        post.addresses.append(permalink(template, post, file_date))
        post.addresses += [str(a) for a in as_list(fields.get("redirect_from"))]
    return post


def permalink(template: str, post: SourcePost, file_date: dt.date | None) -> str:
    """A permalink template (``/:categories/:year/:month/:day/:title/``) filled in for a post."""
    when = post.date if isinstance(post.date, dt.datetime) else None
    day = date_parts(post.date) or file_date or dt.date(1970, 1, 1)
    values = {
        "year": f"{day.year:04d}", "month": f"{day.month:02d}", "i_month": str(day.month),
        "day": f"{day.day:02d}", "i_day": str(day.day), "short_year": f"{day.year % 100:02d}",
        "y_day": f"{day.timetuple().tm_yday:03d}", "week": f"{day.isocalendar()[1]:02d}",
        "short_day": day.strftime("%a"), "long_day": day.strftime("%A"),
        "hour": f"{when.hour:02d}" if when else "00", "minute": f"{when.minute:02d}" if when else "00",
        "second": f"{when.second:02d}" if when else "00",
        "title": post.slug, "slug": post.slug, "name": post.slug,
        "categories": "/".join(c.lower().replace(" ", "-") for c in post.categories),
        "output_ext": ".html",
    }
    filled = re.sub(r":([a-z_]+)", lambda m: values.get(m[1], m[0]), template)
    filled = re.sub(r"/{2,}", "/", "/" + filled)
    return filled


# Liquid -------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}|\{\{-?(.*?)-?\}\}", re.DOTALL)


def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}")


def convert_body(post: SourcePost, body: str, imp: Import) -> str:
    """Liquid as Markdown: theme includes removed, ``highlight`` and ``raw`` as fenced code,
    ``post_url``/``link``/``site.baseurl`` as paths the link pass resolves; anything else
    removed and reported."""
    config = imp.site.config
    body = markup.outside_code(body, lambda chunk: kramdown(post, chunk, imp))
    out: list[str] = []
    pos = 0
    while True:
        match = _TOKEN.search(body, pos)
        if match is None:
            out.append(body[pos:])
            break
        out.append(body[pos:match.start()])
        pos = match.end()
        if match[3] is not None:
            out.append(output(post, match, config, imp))
            continue
        name, args = match[1], match[2].strip()
        line_start = body.rfind("\n", 0, match.start()) + 1
        indent = body[line_start:match.start()]
        alone = not indent.strip() and body[match.end():].split("\n", 1)[0].strip() == ""
        if name in ("raw", "highlight", "comment"):
            end = _end_tag(name).search(body, pos)
            if end is None:
                imp.problem(post, match[0], f"Liquid {{% {name} %}} without {{% end{name} %}}: removed")
                continue
            inner = body[pos:end.start()]
            pos = end.end()
            if name == "comment":
                continue
            if name == "highlight":
                inner = re.sub(r"\{%-?\s*(end)?raw\s*-?%\}", "", inner)
                words = args.split()
                code = markup.code_block(words[0] if words else "", inner.lstrip(" \t"),
                                         linenos=any(w.startswith("linenos") for w in words[1:]))
                out.append(code if not indent.strip() else code.replace("\n", "\n" + indent))
                continue
            # raw: verbatim; fenced when it stands alone outside code
            after_end = body[pos:].split("\n", 1)[0].strip() == ""
            if alone and after_end and not markup.in_fence("".join(out)) and "```" not in inner:
                out.append(markup.code_block("", inner.strip("\n")))
            else:
                out.append(inner.strip("\n") if alone and after_end else inner)
            continue
        if name == "include":
            included = args.split()[0] if args.split() else ""
            if not THEME_INCLUDES.search(included):
                imp.problem(post, match[0], "Liquid include: not converted, removed")
            continue
        if name == "post_url":
            target = next((p for p in imp.site.posts if p.path.stem == args.strip()
                           or p.path.stem.endswith("/" + args.strip())), None)
            if target is None:
                imp.problem(post, match[0], "post_url names no post of the site: the link was removed")
                out.append(markup.UNRESOLVED + args)
            else:
                out.append(target.target)
            continue
        if name == "link":
            target = imp.by_source.get((imp.site.root / args.strip()).resolve())
            if target is None:
                out.append(args.strip().lstrip("/"))  # a file: the image/link pass copies it
                if not (imp.site.root / args.strip()).is_file():
                    imp.problem(post, match[0], "link names no file of the site: removed")
                    out[-1] = markup.UNRESOLVED + args
            else:
                out.append(target.target)
            continue
        if name == "gist" and args.split():
            gist = args.split()[0].strip("'\"")
            out.append(f"[Gist {gist.rsplit('/', 1)[-1]}](https://gist.github.com/{gist})")
            continue
        imp.problem(post, match[0], f"Liquid tag {{% {name} %}}: not converted, removed")
    return "".join(out)


def output(post: SourcePost, match: re.Match[str], config: dict[str, Any], imp: Import) -> str:
    """``{{ site.baseurl }}``, ``{{ "/x" | relative_url }}``, ``{{ page.title }}`` and the like."""
    expression, *filters = [part.strip() for part in match[3].split("|")]
    value: str | None
    if expression in ("site.baseurl", "site.url", "site.github.url", "BASE_PATH", "site.production_url"):
        value = ""
    elif re.fullmatch(r"'[^']*'|\"[^\"]*\"", expression):
        value = expression[1:-1]
    elif expression.startswith(("site.", "page.")):
        source = config if expression.startswith("site.") else post.meta
        found: Any = source
        for key in expression.split(".")[1:]:
            found = found.get(key) if isinstance(found, dict) else None
        value = str(found) if isinstance(found, (str, int, float)) and not isinstance(found, bool) else None
    else:
        value = None
    for item in filters:
        name = item.split(":", 1)[0].strip()
        argument = item.split(":", 1)[1].strip() if ":" in item else ""
        if value is None:
            break
        if name in ("relative_url", "absolute_url", "uri_escape", "escape", "strip"):
            continue
        if name in ("prepend", "append") and argument in ("site.baseurl", "site.url", "BASE_PATH"):
            continue
        if name in ("prepend", "append") and re.fullmatch(r"'[^']*'|\"[^\"]*\"", argument):
            value = argument[1:-1] + value if name == "prepend" else value + argument[1:-1]
            continue
        value = None
    if value is None:
        imp.problem(post, match[0], "Liquid output: not converted, removed")
        return ""
    return value


_IAL_LINE = re.compile(r"^[ \t]*\{:[^}\n]*\}[ \t]*$", re.MULTILINE)
_IAL_INLINE = re.compile(r"\{:[ \t]*[.#][^}\n]*\}")


def kramdown(post: SourcePost, chunk: str, imp: Import) -> str:
    """kramdown's table of contents marker and attribute lists, which MyST would print."""
    chunk = re.sub(r"^[ \t]*[*-][ \t]+TOC[ \t]*\n[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$", "", chunk, flags=re.MULTILINE)
    chunk = re.sub(r"^[ \t]*\{:[ \t]*toc[ \t]*\}[ \t]*$", "", chunk, flags=re.MULTILINE)
    for pattern in (_IAL_LINE, _IAL_INLINE):
        for match in pattern.finditer(chunk):
            imp.problem(post, match[0].strip(), "kramdown attribute list: dropped")
        chunk = pattern.sub("", chunk)
    return chunk


def page_address(root: Path, file: Path) -> str | None:
    """A page's address: its ``permalink``, or its path with ``.html``."""
    if not file.is_relative_to(root.resolve()) or file.suffix not in (*SUFFIXES, ".html"):
        return None
    meta = split_front_matter(read_text(file))[0]
    if isinstance(meta.get("permalink"), str):
        return "/" + meta["permalink"].lstrip("/")
    rel = file.relative_to(root.resolve()).with_suffix(".html").as_posix()
    return "/" + rel.removesuffix("index.html")
