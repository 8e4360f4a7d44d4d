"""Comments under posts that load nothing until a reader asks for them.

``docblog_comments`` chooses a provider — giscus, utterances, Disqus, or a self-hosted Isso
or Remark42 — and a site default; a post's ``comments: true``/``false`` (or ABlog's
``nocomments``) overrides the default. Drafts and unlisted posts get none unless they say
``comments: true``. ABlog's ``disqus_shortname`` chooses Disqus when ``docblog_comments`` is
not set, with ABlog's ``disqus_drafts``, so an ABlog site keeps its threads (same identifier
as ABlog's: ``/<docname>/``).

A post's page then ends with a "Show comments" button (``docblog/comments.html``); the
provider's settings are in ``data-*`` attributes and nothing of the provider is requested
until the reader presses it. ``docblog-comments.js``, linked only from pages with comments,
then loads the provider's script into the post, in the theme's light or dark mode where
the provider has one, and follows later changes of the mode where the provider allows it.
Without JavaScript, the button of giscus and utterances is a link to a search for the
post's discussion (or issue) on GitHub; the other providers have no page of their own for
a thread, so their button shows only with JavaScript.

Each key is checked at ``config-inited`` and named with ``conf.py``'s line when wrong: an
unknown key is ignored, a missing or bad required key turns comments off.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from .diagnostics import Subtype
from .posts import clean_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .posts import Post

#: Keys every provider takes: on by default for posts (``default``), on drafts (``drafts``).
COMMON = {"provider": "", "default": True, "drafts": False}
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def _repo(value: str) -> str | None:
    return None if _REPO.match(value) else "must be a GitHub repository as 'owner/name'"


def _web(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment:
        return None
    return "must be an http(s) address such as 'https://comments.example.org/'"


def _choice(*choices: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in choices else "must be one of " + ", ".join(map(repr, choices))
    return check


@dataclass(frozen=True)
class Provider:
    """A comment system: where its script is (``url`` + ``script``), which keys it takes."""

    name: str
    script: str
    #: The address its script is loaded from ("" when the site must give one: self-hosted).
    url: str
    required: tuple[str, ...]
    #: Optional keys and their defaults (the type of the default is the key's type).
    optional: dict[str, Any] = field(default_factory=dict)
    #: Extra checks of text keys.
    checks: dict[str, Callable[[str], str | None]] = field(default_factory=dict)


PROVIDERS = {
    "giscus": Provider(
        "giscus", "client.js", "https://giscus.app/",
        ("repo", "repo_id", "category", "category_id"),
        {"mapping": "pathname", "reactions": True, "input_position": "bottom", "lang": "",
         "url": ""},
        {"repo": _repo, "url": _web, "input_position": _choice("top", "bottom"),
         "mapping": _choice("pathname", "url", "title", "og:title")}),
    "utterances": Provider(
        "utterances", "client.js", "https://utteranc.es/", ("repo",),
        {"issue_term": "pathname", "label": "", "url": ""},
        {"repo": _repo, "url": _web,
         "issue_term": _choice("pathname", "url", "title", "og:title")}),
    "disqus": Provider(
        "disqus", "embed.js", "", ("shortname",), {"url": ""},
        {"shortname": lambda v: None if re.match(r"^[A-Za-z0-9_-]+$", v) else
         "must be the site's Disqus shortname (letters, digits, '-' and '_')", "url": _web}),
    "isso": Provider("isso", "js/embed.min.js", "", ("url",), {"lang": ""}, {"url": _web}),
    "remark42": Provider(
        "remark42", "web/embed.mjs", "", ("url",), {"site_id": "remark", "locale": ""},
        {"url": _web}),
}


def clean_comments(value: Any, report: Callable[[str, Subtype], None]) -> dict[str, Any]:
    """``docblog_comments`` with every key checked; ``{}`` (no comments) when it cannot work.

    The result has every key of its provider (defaults filled in), ``url`` the address its
    script is loaded from, ending with ``/``."""
    if not isinstance(value, dict) or not value:
        return {}
    provider = PROVIDERS.get(value.get("provider"))  # type: ignore[arg-type]
    if provider is None:
        report(f"docblog_comments['provider'] = {value.get('provider')!r} must be one of "
               f"{', '.join(map(repr, PROVIDERS))}; no comments are shown", Subtype.CONFIG)
        return {}
    known = {**COMMON, **provider.optional, **dict.fromkeys(provider.required, "")}
    cleaned: dict[str, Any] = {**COMMON, **provider.optional, "provider": provider.name}
    for key, given in value.items():
        where = f"docblog_comments[{key!r}]"
        if key == "provider":
            continue
        if key not in known:
            report(f"docblog_comments: unknown key {key!r} for {provider.name} (known: "
                   f"{', '.join(sorted(known))}); ignored", Subtype.CONFIG)
            continue
        if isinstance(known[key], bool):
            if not isinstance(given, bool):
                report(f"{where} = {given!r} must be True or False; using {known[key]!r}",
                       Subtype.CONFIG)
                continue
            cleaned[key] = given
            continue
        text = clean_text(given) if isinstance(given, str) else ""
        problem = ("must be non-empty text" if not text
                   else provider.checks.get(key, lambda _value: None)(text))
        if problem:
            if key in provider.required:
                report(f"{where} = {given!r} {problem}; no comments are shown", Subtype.CONFIG)
                return {}
            report(f"{where} = {given!r} {problem}; ignored", Subtype.CONFIG)
            continue
        cleaned[key] = text
    missing = [key for key in provider.required if key not in cleaned]
    if missing:
        report(f"docblog_comments: {provider.name} needs {', '.join(map(repr, missing))}; no "
               "comments are shown", Subtype.CONFIG)
        return {}
    url = cleaned.get("url") or provider.url or f"https://{cleaned.get('shortname')}.disqus.com/"
    cleaned["url"] = url if url.endswith("/") else url + "/"
    return cleaned


def from_ablog(config: Any) -> dict[str, Any]:
    """ABlog's Disqus settings as ``docblog_comments``, or ``{}`` when it has none."""
    shortname = getattr(config, "disqus_shortname", None)
    if not shortname or not isinstance(shortname, str):
        return {}
    return {"provider": "disqus", "shortname": shortname,
            "drafts": bool(getattr(config, "disqus_drafts", False))}


def shown(settings: dict[str, Any], post: Post, unpublished: bool) -> bool:
    """Whether ``post``'s page has comments: the post's say, else the site's default (none
    for drafts, future and unlisted posts unless ``drafts`` asks for drafts)."""
    if not settings:
        return False
    if post.comments is not None:
        return post.comments
    if post.unlisted or (unpublished and not settings["drafts"]):
        return False
    return bool(settings["default"])


def _search_term(target: str) -> str:
    """What giscus and utterances title a thread by for ``pathname``: the path, no extension."""
    return re.sub(r"\.\w+$", "", target.rstrip("/")) or "index"


def for_post(app: Sphinx, post: Post, unpublished: bool, target: str) -> dict[str, Any] | None:
    """What ``docblog/comments.html`` receives for ``post`` (plain values), or None;
    ``target`` is the post's page in the output (``builder.get_target_uri``)."""
    settings: dict[str, Any] = app.config.docblog_comments
    if not shown(settings, post, unpublished):
        return None
    name = settings["provider"]
    options: dict[str, Any] = {}
    link = ""
    term = post.title if settings.get("mapping", settings.get("issue_term")) in (
        "title", "og:title") else _search_term(target)
    language = (app.config.language or "en").replace("_", "-")
    if name == "giscus":
        options = {"repo": settings["repo"], "repo-id": settings["repo_id"],
                   "category": settings["category"], "category-id": settings["category_id"],
                   "mapping": settings["mapping"],
                   "reactions-enabled": "1" if settings["reactions"] else "0",
                   "emit-metadata": "0", "input-position": settings["input_position"],
                   "lang": settings["lang"] or language}
        link = (f"https://github.com/{settings['repo']}/discussions?discussions_q="
                + quote(f"in:title {term}"))
    elif name == "utterances":
        options = {"repo": settings["repo"], "issue-term": settings["issue_term"]}
        if settings["label"]:
            options["label"] = settings["label"]
        link = f"https://github.com/{settings['repo']}/issues?q=" + quote(f"is:issue in:title {term}")
    elif name == "disqus":
        # ABlog's identifier (and its address, when blog_baseurl is set), so threads carry over.
        page = post.docname.removesuffix("index").strip("/")
        options = {"shortname": settings["shortname"], "identifier": f"/{page}/",
                   "title": post.title}
        baseurl = app.config.blog_baseurl
        if baseurl:
            from urllib.parse import urljoin

            options["url"] = urljoin(baseurl, post.docname).removesuffix("index")
    elif name == "isso":
        options = {"lang": settings["lang"] or language.split("-")[0]}
    elif name == "remark42":
        options = {"site-id": settings["site_id"],
                   "locale": settings["locale"] or language.split("-")[0]}
    return {
        "provider": name,
        "script": settings["url"] + PROVIDERS[name].script,
        "origin": "{0.scheme}://{0.netloc}".format(urlsplit(settings["url"])),
        "host": urlsplit(settings["url"]).netloc,
        "base": settings["url"],
        "options": sorted(options.items()),
        "link": link,
    }


SCRIPT = "docblog-comments.js"
