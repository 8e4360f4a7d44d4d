"""Hugo: ``config.toml``/``hugo.toml`` (baseURL, ``[permalinks]``), posts under
``content/<section>/`` (single files and page bundles), TOML ``+++``/YAML/JSON front matter,
and shortcodes in the bodies."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..slugs import slugify
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
from .model import OldSite, Problem, SourcePost

if TYPE_CHECKING:
    from .plan import Import

CONFIG_FILES = ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "hugo.yml", "config.yml",
                "config/_default/hugo.toml", "config/_default/config.toml")
POST_SECTIONS = ("posts", "post", "blog", "articles", "news")
SUFFIXES = (".md", ".markdown")
READ_KEYS = {"title", "date", "lastmod", "publishDate", "draft", "tags", "categories", "series",
             "author", "authors", "description", "summary", "slug", "url", "aliases", "images",
             "featured_image", "image", "keywords"}


def read_config(root: Path) -> dict[str, Any]:
    for name in CONFIG_FILES:
        path = root / name
        if path.is_file():
            if path.suffix == ".toml":
                try:
                    return tomllib.loads(read_text(path))
                except tomllib.TOMLDecodeError:
                    return {}
            found = read_yaml_file(path)
            return found if isinstance(found, dict) else {}
    return {}


def read(root: Path) -> OldSite:
    config = read_config(root)
    base = str(config.get("baseURL") or config.get("baseurl") or "")
    match = re.match(r"^(https?://[^/]+)(/.*)?$", base)
    site = OldSite(root=root, generator="hugo", posts=[], asset_roots=[root / "static"],
                   url=match[1] if match else "", baseurl=(match[2] or "") if match else "",
                   config=config)
    content = root / str(config.get("contentDir") or "content")
    sections = [content / s for s in POST_SECTIONS if (content / s).is_dir()]
    if not sections:
        sections = [p for p in sorted(content.iterdir()) if p.is_dir()] if content.is_dir() else []
    def page_address(file: Path) -> str | None:
        if not file.is_relative_to(content.resolve()) or file.suffix not in SUFFIXES:
            return None
        rel = file.relative_to(content.resolve())
        if rel.stem in ("index", "_index"):
            rel = rel.parent
        else:
            rel = rel.with_suffix("")
        address = "/" + (rel.as_posix() + "/" if rel.parts else "")
        return address if config.get("disablePathToLower") else address.lower()

    site.page_address = page_address
    permalinks = config.get("permalinks") or {}
    if isinstance(permalinks.get("page"), dict):
        permalinks = {**permalinks, **permalinks["page"]}
    for section in sections:
        for path in sorted(section.glob("**/*")):
            if path.suffix not in SUFFIXES or path.name.startswith("_index"):
                continue
            bundle = path.parent if path.stem == "index" else None
            site.posts.append(read_post(site, config, permalinks, content, path, bundle))
    return site


def read_post(site: OldSite, config: dict[str, Any], permalinks: dict[str, Any], content: Path,
              path: Path, bundle: Path | None) -> SourcePost:
    rel = path.relative_to(site.root).as_posix()
    text = read_text(path)
    meta, body, body_line, problem = split_front_matter(text)
    if problem:
        site.problems.append(Problem(rel, 1, "front matter", problem))
    post = SourcePost(path=path, rel=rel, text=text, body=body, body_line=body_line, meta=meta,
                      bundle=bundle)
    name = bundle.name if bundle is not None else path.stem
    post.title = text_value(meta.get("title"))
    post.slug = text_value(meta.get("slug")) or name
    post.date = as_date(meta.get("date") or meta.get("publishDate"))
    post.updated = as_date(meta.get("lastmod"))
    post.categories = as_list(meta.get("categories"))
    post.tags = as_list([*as_list(meta.get("tags")), *as_list(meta.get("series"))])
    post.authors = as_list(meta.get("authors") or meta.get("author"))
    post.summary = text_value(meta.get("summary") or meta.get("description"))
    images = meta.get("images")
    post.image = text_value((images[0] if isinstance(images, list) and images else None)
                            or meta.get("featured_image") or meta.get("image"))
    post.draft = truthy(meta.get("draft"))
    post.separator = "<!--more-->"
    post.dropped_keys = [k for k in meta if k not in READ_KEYS]
    if not post.draft:
        section = path.relative_to(content).parts[0]
        if meta.get("url"):
            post.addresses.append("/" + str(meta["url"]).lstrip("/"))
        else:
            template = permalinks.get(section)
            address = fill(str(template), post, section, name) if template else f"/{section}/{post.slug}/"
            if not config.get("disablePathToLower"):
                address = address.lower()
            if config.get("uglyURLs") and address.endswith("/"):
                address = address.rstrip("/") + ".html"
            post.addresses.append(address)
        # a relative alias is read from the page's folder, as Hugo does
        folder = post.addresses[0].rstrip("/").rsplit("/", 1)[0] + "/"
        post.addresses += [str(a) if str(a).startswith("/") else folder + str(a)
                           for a in as_list(meta.get("aliases"))]
    return post


def fill(template: str, post: SourcePost, section: str, name: str) -> str:
    day = date_parts(post.date) or dt.date(1970, 1, 1)
    title_slug = slugify(post.title) or name
    values = {
        "year": f"{day.year:04d}", "month": f"{day.month:02d}", "monthname": day.strftime("%B").lower(),
        "day": f"{day.day:02d}", "weekday": str(day.isoweekday() % 7), "weekdayname": day.strftime("%A").lower(),
        "yearday": str(day.timetuple().tm_yday), "section": section, "sections": section,
        "title": title_slug, "slug": text_value(post.meta.get("slug")) or title_slug,
        "filename": name, "contentbasename": name, "slugorfilename": text_value(post.meta.get("slug")) or name,
        "slugorcontentbasename": text_value(post.meta.get("slug")) or name,
    }
    filled = re.sub(r":([a-z]+)", lambda m: values.get(m[1], m[0]), template)
    filled = "/" + filled.lstrip("/")
    return filled if filled.endswith(("/", ".html")) else filled + "/"


# shortcodes -----------------------------------------------------------------------------------------

_SHORTCODE = re.compile(r"\{\{([<%])-?\s*(/?)\s*([\w./-]+)(.*?)\s*-?([>%])\}\}", re.DOTALL)
_ARG = re.compile(r"""(?:([\w-]+)\s*=\s*)?("(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'|[^\s"'`]+)""")
ADMONITION_SHORTCODES = {"note", "tip", "warning", "caution", "important", "danger", "info", "hint",
                         "notice", "alert", "admonition", "callout", "attention", "error"}
VIDEO_LINKS = {
    "youtube": ("https://www.youtube.com/watch?v={id}", "Watch the video on YouTube"),
    "vimeo": ("https://vimeo.com/{id}", "Watch the video on Vimeo"),
    "vimeo_simple": ("https://vimeo.com/{id}", "Watch the video on Vimeo"),
}


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        value = match[2]
        if value[:1] in "\"'`" and value[-1:] == value[:1] and len(value) >= 2:
            value = value[1:-1].replace('\\"', '"')
        if match[1]:
            named[match[1]] = value
        else:
            positional.append(value)
    return positional, named


def convert_body(post: SourcePost, body: str, imp: Import) -> str:
    return shortcodes(post, body, imp)


def shortcodes(post: SourcePost, body: str, imp: Import) -> str:
    out: list[str] = []
    pos = 0
    while True:
        match = _SHORTCODE.search(body, pos)
        if match is None:
            out.append(body[pos:])
            return "".join(out)
        out.append(body[pos:match.start()])
        pos = match.end()
        closing, name, args = match[2], match[3], match[4]
        if closing:
            imp.problem(post, match[0], f"closing shortcode without an opening {{{{< {name} >}}}}: removed")
            continue
        if args.rstrip().endswith("/"):  # self-closing {{< name ... />}}
            args = args.rstrip()[:-1]
        positional, named = arguments(args)
        end = re.compile(r"\{\{[<%]-?\s*/\s*" + re.escape(name) + r"\s*-?[>%]\}\}").search(body, pos)
        inner = None
        if end is not None and (name in ADMONITION_SHORTCODES or name in ("highlight", "details")
                                or name not in ("ref", "relref", "figure", "param", "instagram", "gist",
                                                *VIDEO_LINKS, "tweet", "x", "twitter", "twitter_simple")):
            inner = body[pos:end.start()]
            pos = end.end()
        line_start = body.rfind("\n", 0, match.start()) + 1
        indent = body[line_start:match.start()]
        indent = indent if not indent.strip() else ""
        out.append(one(post, imp, match[0], name, positional, named, inner, indent))


def one(post: SourcePost, imp: Import, whole: str, name: str, positional: list[str],
        named: dict[str, str], inner: str | None, indent: str) -> str:
    if name in ("ref", "relref"):
        ref = named.get("path") or (positional[0] if positional else "")
        target = find_ref(imp, post, ref)
        if target is None:
            imp.problem(post, whole, f"{name} names no post of the site: the link was removed")
            return markup.UNRESOLVED + ref
        return target.target
    if name == "figure":
        src = named.get("src", positional[0] if positional else "")
        caption = " ".join(x for x in (f"**{named['title']}**" if named.get("title") else "",
                                        named.get("caption", "")) if x)
        figure = {"alt": named.get("alt", "") or named.get("title", ""), "width": named.get("width", "")}
        if figure["width"].isdigit():
            figure["width"] += "px"
        return markup.directive("figure" if caption else "image", src, figure, caption, indent)
    if name in VIDEO_LINKS:
        video = named.get("id") or (positional[0] if positional else "")
        address, label = VIDEO_LINKS[name]
        title = named.get("title", "")
        return f"[{label}{': ' + title if title else ''}]({address.format(id=video)})"
    if name == "gist" and len(positional) >= 2:
        return f"[Gist {positional[1]} by {positional[0]}](https://gist.github.com/{positional[0]}/{positional[1]})"
    if name.endswith(".inline"):
        imp.problem(post, whole, f"inline shortcode {name} (a template): removed with its content")
        return ""
    if name in ("tweet", "x", "twitter", "twitter_simple") and (named.get("id") or positional):
        user = named.get("user", "i")
        return f"[Post on X](https://x.com/{user}/status/{named.get('id') or positional[-1]})"
    if name == "highlight" and inner is not None:
        language = positional[0] if positional else ""
        options = positional[1] if len(positional) > 1 else ""
        return markup.code_block(language, inner, linenos="linenos" in options and "false" not in options,
                                 indent=indent)
    if name == "param":
        key = positional[0] if positional else ""
        value: Any = imp.site.config.get("params", {})
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        value = post.meta.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        imp.problem(post, whole, "param names no value of the site: removed")
        return ""
    if name in ADMONITION_SHORTCODES and inner is not None:
        kind = named.get("type") or (positional[0] if positional and name in ("notice", "admonition", "alert",
                                                                             "callout", "hint") else name)
        generic = name in ("notice", "admonition", "alert", "callout", "hint")
        title = named.get("title", "") or (positional[1] if generic and len(positional) > 1 else "")
        if not generic and positional and not title:
            title = positional[0]
        content = shortcodes(post, inner, imp)
        return markup.admonition(kind, title, content, indent)
    if inner is not None:
        imp.problem(post, whole, f"shortcode {name} has no MyST equivalent: removed, its content kept")
        return shortcodes(post, inner, imp)
    imp.problem(post, whole, f"shortcode {name} has no MyST equivalent: removed")
    return ""


def find_ref(imp: Import, post: SourcePost, ref: str) -> SourcePost | None:
    path = ref.split("#", 1)[0].strip()
    if not path:
        return post
    content = imp.site.root / str(imp.site.config.get("contentDir") or "content")
    for base in (content, post.path.parent, *(content / s for s in POST_SECTIONS)):
        found = imp.post_file_at(base / path.lstrip("/"))
        if found is not None:
            return found
    stem = Path(path).stem if Path(path).stem != "index" else Path(path).parent.name
    return next((p for p in imp.site.posts if p.path.stem == stem or (p.bundle and p.bundle.name == stem)), None)
