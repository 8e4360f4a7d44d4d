"""The typed ``docblog_*`` configuration, declared once, and the ABlog defaults docblog sets."""

from __future__ import annotations

import dataclasses
import os
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from .ablog_settings import _conf_location
from .authors import clean_authors
from .build_state import get_build
from .comments import clean_comments, from_ablog
from .diagnostics import Subtype, edit_distance, warn

if TYPE_CHECKING:  # only for annotations: `docblog check` runs without loading Sphinx's app
    from sphinx.application import Sphinx
    from sphinx.config import Config


SHOW_DRAFTS_ENV_VAR = "DOCBLOG_SHOW_DRAFTS"


#: A field's validator: why a value is not acceptable, or None when it is.
Validator = Callable[[Any], "str | None"]


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _whole(minimum: int, below: str) -> Validator:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        return None if value >= minimum else below
    return check


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) else "must be a string"


def _heading(value: Any) -> str | None:
    return _text(value) or (None if value.strip() else "must not be empty")


def _one_of(*choices: str) -> Validator:
    def check(value: Any) -> str | None:
        return None if value in choices else "must be one of " + ", ".join(map(repr, choices))
    return check


def _time_zone(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be a string"
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return "is not a known IANA time zone (such as 'UTC' or 'Europe/Paris')"
    return None


def _descriptions(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be a dict of category name to description"
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return "must map category names (strings) to descriptions (strings)"
    return None


def _people(value: Any) -> str | None:
    """The dict itself; each entry is checked field by field (:mod:`docblog.authors`)."""
    return None if isinstance(value, dict) else (
        "must be a dict of author label to {'name', 'avatar', 'bio', 'links'}")


def _comments(value: Any) -> str | None:
    """The dict itself; each key is checked on its own (:mod:`docblog.comments`)."""
    return None if isinstance(value, dict) else (
        "must be a dict such as {'provider': 'giscus', 'repo': 'owner/name', …}")


def _option(default: Any, help: str, validate: Validator, rebuild: str = "env",
            types: frozenset[type] | None = None, **kwargs: Any) -> Any:
    metadata = {"help": help, "rebuild": rebuild, "validate": validate,
                "types": types or frozenset({type(default)})}
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata, **kwargs)
    return field(default=default, metadata=metadata, **kwargs)


@dataclass(frozen=True)
class DocblogConfig:
    """All ``docblog_<name>`` options. The docs' option table is generated from this class."""

    timezone: str = _option(
        "UTC",
        "IANA time zone in which naive post dates and times are read, and dates are shown.",
        _time_zone,
    )
    words_per_minute: int = _option(
        238,
        "Reading speed for words (238 is the average silent reading rate for non-fiction).",
        _whole(1, "must be at least 1"),
    )
    cjk_characters_per_minute: int = _option(
        500,
        "Reading speed for Chinese, Japanese and Korean text, in characters per minute.",
        _whole(1, "must be at least 1"),
    )
    date_format: str = _option(
        "%B %-d, %Y",
        "How dates are shown (strftime-style codes, localised with Babel by Sphinx). Left at "
        "this default, a site in another language than English shows its language's own long "
        "date (``16 mars 2026``, ``2026年3月16日``).",
        _text,
        rebuild="html",
    )
    posts_per_page: int = _option(
        25,
        "Cards per listing page; longer listings get pages 2, 3, … with previous/next links.",
        _whole(1, "must be at least 1"),
        rebuild="html",
    )
    show_drafts: bool = _option(
        False,
        "List drafts and future posts like published ones (also set by "
        f"the environment variable ``{SHOW_DRAFTS_ENV_VAR}=1``).",
        _boolean,
        rebuild="html",
    )
    categories: dict[str, str] = _option(
        {},
        "Category name → description shown on its page. When set, it is also an allow-list: "
        "a post in another category gets a warning.",
        _descriptions,
    )
    nav_entry: bool = _option(
        True,
        "Add one entry for the blog (titled ``blog_title``) to the end of the site navigation.",
        _boolean,
        rebuild="html",
    )
    index_title: str = _option(
        "All posts",
        "Heading of the blog index (a site's own page at ``blog_path`` gives its title instead).",
        _heading,
        rebuild="html",
    )
    index_document_body: bool = _option(
        False,
        "When the site has its own page at ``blog_path`` (as ABlog sites do), show that page's "
        "text above the index's cards; by default only its title is kept, as with ABlog.",
        _boolean,
        rebuild="html",
    )
    authors: dict[str, Any] = _option(
        {},
        "Author label (as front matter names it) → ``{\"name\": …, \"avatar\": …, \"bio\": …, "
        "\"links\": {label: URL}}``: display name, a local image shown on cards, post headers "
        "and the author's page, a one-line bio and http(s) links. ABlog's ``blog_authors`` "
        "(label → (name, link)) is read too.",
        _people,
        rebuild="html",
    )
    related_posts: int = _option(
        3,
        "How many related posts (shared tags, then category, then nearest date) end each "
        "post; 0 turns them off.",
        _whole(0, "must be 0 (off) or more"),
        rebuild="html",
    )
    comments: dict[str, Any] = _option(
        {},
        "Comments under posts, loaded only when a reader presses \"Show comments\": "
        "``{\"provider\": \"giscus\" | \"utterances\" | \"disqus\" | \"isso\" | "
        "\"remark42\", …}`` with the provider's keys (see :doc:`comments`), ``\"default\"`` "
        "(posts have comments unless they say ``comments: false``; default ``True``) and "
        "``\"drafts\"`` (drafts too). Empty: none, unless ABlog's ``disqus_shortname`` is set.",
        _comments,
        rebuild="html",
    )

    files_root: str = _option(
        "",
        "The folder posts may read files from (images, downloads, ``include``, "
        "``literalinclude``, ``raw`` and ``csv-table`` files), relative to ``conf.py``. Empty: "
        "the repository that holds the sources (the nearest folder with ``.git``), else the "
        "source folder. A file outside is not read; a ``docblog.file`` warning names it.",
        _text,
    )
    confine_files: str = _option(
        "posts",
        "Which documents ``docblog_files_root`` confines: ``\"posts\"`` (posts only; other "
        "pages keep Sphinx's behaviour) or ``\"all\"`` (every document of the site).",
        _one_of("posts", "all"),
    )
    publish_drafts: bool | None = _option(
        None,
        "Build the pages of drafts (``draft: true``, or no date) and list them on the drafts "
        "page. Default: ``True`` on a site that lists ``\"ablog\"`` in ``extensions`` (ABlog "
        "builds its drafts), ``False`` otherwise: a draft leaves no trace in the site. A post "
        "dated in the future is never built before its date, unless drafts are shown "
        "(``docblog_show_drafts``, ``docblog serve --drafts``).",
        lambda value: None if value is None or isinstance(value, bool) else "must be True, False or None",
        rebuild="env",
        types=frozenset({bool, type(None)}),
    )
    untrusted_posts: bool = _option(
        False,
        "Posts come from people the site does not know (pull-request previews of a community "
        "blog): besides reading files only from ``docblog_files_root``, a post's raw HTML, "
        "``raw`` directives and ``{eval-rst}`` blocks are left out, and notebook posts are "
        "not executed (stored outputs only); each is named in a ``docblog.untrusted`` warning.",
        _boolean,
    )

    @classmethod
    def from_sphinx(cls, config: Config) -> DocblogConfig:
        return cls(**{f.name: getattr(config, f"docblog_{f.name}") for f in dataclasses.fields(cls)})

    @cached_property  # (asked for each post; the config is made once per build)
    def drafts_shown(self) -> bool:
        return self.show_drafts or os.environ.get(SHOW_DRAFTS_ENV_VAR, "") not in ("", "0")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def _default(option: dataclasses.Field[Any]) -> Any:
    if option.default_factory is not dataclasses.MISSING:
        return option.default_factory()
    return option.default


def checked(option: dataclasses.Field[Any], value: Any, report: Callable[[str], None]) -> Any:
    """``value`` when the option's validator accepts it, else its default, the problem named."""
    problem = option.metadata["validate"](value)
    if problem is None:
        return value
    default = _default(option)
    report(f"docblog_{option.name} = {value!r} {problem}; using the default {default!r}")
    return default


def _reporter(location: str | None) -> Callable[[str, Subtype], None]:
    def report(message: str, subtype: Subtype) -> None:
        warn(message, subtype, location)

    return report


def validate(app: Sphinx, config: Config) -> None:
    """Check every ``docblog_*`` value; a bad one is named in a warning and reset to its default.

    ``docblog_authors`` is checked field by field (:mod:`docblog.authors`): a bad field is
    named and left out, and the rest of the entry kept."""
    for option in dataclasses.fields(DocblogConfig):
        name = f"docblog_{option.name}"
        value = checked(option, getattr(config, name), lambda message: warn(message, Subtype.CONFIG))
        if option.name == "authors":
            value = clean_authors(value, _reporter(_conf_location(app, name)), confdir=str(app.confdir))
        if option.name == "comments":
            report = _reporter(_conf_location(app, name))
            value = clean_comments(value, report) or clean_comments(from_ablog(config), report)
        if option.name == "publish_drafts" and value is None:
            value = lists_ablog(config.extensions)  # ABlog builds its drafts; docblog keeps them private
        setattr(config, name, value)


def _closest(name: str, known: set[str], most: int) -> str | None:
    """The known name ``name`` is a near miss of (at most ``most`` edits), or None."""
    found = sorted((edit_distance(name.lower(), option), option) for option in known)
    return found[0][1] if found and found[0][0] <= most else None


def warn_unknown_options(app: Sphinx, config: Config) -> None:
    """``config-inited``: a ``docblog_*`` name in conf.py that docblog does not define, and a
    ``blog_*`` / ``post_*`` name one or two letters from one of ABlog's, are named at their
    line (Sphinx ignores unknown names without a word, so a misspelt option did nothing)."""
    raw = getattr(config, "_raw_config", {}) or {}
    ours = {f"docblog_{option.name}" for option in dataclasses.fields(DocblogConfig)}
    registered = {value.name for value in config}
    ablogs = {name for name in registered if name.startswith(("blog_", "post_"))}
    for name in sorted(raw):
        if name.startswith("docblog_") and name not in ours:
            guess = _closest(name, ours, max(2, len(name) // 4))
            hint = f" (did you mean {guess}?)" if guess else f"; docblog's options: {', '.join(sorted(ours))}"
            warn(f"{name} is not a docblog option, so it does nothing{hint}", Subtype.CONFIG,
                 _conf_location(app, name))
        elif name.startswith(("blog_", "post_")) and name not in registered:
            guess = _closest(name, ablogs, 2)
            if guess:
                warn(f"{name} is not an ABlog setting, so it does nothing (did you mean {guess}?)",
                     Subtype.CONFIG, _conf_location(app, name))


def read_conf_file(path: Any) -> dict[str, Any]:
    """A ``conf.py``'s values, read as ``sphinx-build`` reads them (for the command line).

    Sphinx 8.1 takes the file's path as a string (it encodes it), later releases as a ``Path``
    (they change into its folder)."""
    import sphinx
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return eval_config_file(str(path) if sphinx.version_info < (8, 2) else path, Tags())  # type: ignore[arg-type]


def from_conf_values(values: dict[str, Any], report: Any = warn) -> DocblogConfig:
    """The options as a conf.py namespace sets them (for the command line, with no build)."""
    chosen: dict[str, Any] = {}
    for option in dataclasses.fields(DocblogConfig):
        value = checked(option, values.get(f"docblog_{option.name}", _default(option)),
                        lambda message: report(message, Subtype.CONFIG, None))
        if option.name == "authors":
            value = clean_authors(value, lambda message, subtype: report(message, subtype, None))
        if option.name == "comments":
            value = clean_comments(value, lambda message, subtype: report(message, subtype, None))
        if option.name == "publish_drafts" and value is None:
            value = lists_ablog(values.get("extensions"))
        chosen[option.name] = value
    return DocblogConfig(**chosen)


#: Where a site written for docblog keeps its posts, unless ``blog_post_pattern`` says otherwise.
DEFAULT_POST_PATTERN = "posts/*"


def lists_ablog(extensions: Any) -> bool:
    """Whether conf.py names ABlog itself: an ABlog site, which keeps ABlog's defaults."""
    return any(name in ("ablog", "ablog.post", "ablog.blog") for name in extensions or ())


def apply_ablog_defaults(app: Sphinx, config: Config) -> None:
    """Defaults for the ABlog settings docblog relies on, where the project set none.

    ``blog_post_pattern``: a site written for docblog (``extensions = ["docblog"]``) gets
    ``posts/*``; a site that lists "ablog" keeps ABlog's default, no pattern (posts are the
    documents with a ``post`` directive or ``blogpost: true``), so pages under its
    ``blog_path`` stay pages."""
    if not config.blog_post_pattern and not lists_ablog(config.extensions):
        config.blog_post_pattern = [DEFAULT_POST_PATTERN]
    if not isinstance(config.blog_path, str):
        # ABlog keeps one global collection of posts, so docblog builds one blog per site.
        raise ConfigError(
            f"blog_path = {config.blog_path!r}: docblog builds one blog per site, so blog_path "
            "must be one folder name such as 'blog'. To show several streams of posts, give "
            "them categories and show each with the docblog-posts directive"
        )
    if not config.blog_path.strip("/"):
        config.blog_path = "blog"
    config.blog_path = config.blog_path.strip("/")


def get_config(app: Sphinx) -> DocblogConfig:
    """The options of this build, validated at ``config-inited`` and made once per build."""
    if getattr(app, "builder", None) is None:
        return DocblogConfig.from_sphinx(app.config)
    build = get_build(app)
    if build.config is None:
        build.config = DocblogConfig.from_sphinx(app.config)
    return build.config


def setup(app: Sphinx) -> None:
    for option in dataclasses.fields(DocblogConfig):
        default = _default(option)
        app.add_config_value(
            f"docblog_{option.name}",
            default,
            option.metadata["rebuild"],
            types=option.metadata["types"],
            description=option.metadata["help"],
        )
    # Before ABlog's own config-inited handler (priority 500), which globs the post pattern.
    app.connect("config-inited", apply_ablog_defaults, priority=400)
    app.connect("config-inited", validate, priority=400)
    app.connect("config-inited", warn_unknown_options, priority=400)
