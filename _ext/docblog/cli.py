"""``docblog new`` starts a post; ``docblog check`` validates every post without a build."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import fnmatch
import glob
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from . import frontmatter
from .collection import Blog, read_directory, read_labels
from .config import DEFAULT_POST_PATTERN, DocblogConfig, from_conf_values, lists_ablog, read_conf_file
from .diagnostics import Subtype
from .post_reader import POST_KEYS, PostReader, check_encoding, truthy
from .posts import Post
from .slugs import slugify

#: What ``docblog --help`` says: plain text for a terminal (the module docstring is reST).
HELP = "docblog new starts a post; docblog check validates every post without a build."
#: Posts ``docblog check`` reads: MyST Markdown and Jupyter notebooks (metadata and the first
#: cell's front matter; a notebook's ``post`` directive is only seen by a build).
POST_SUFFIXES = (".md", ".ipynb")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_POST_DIRECTIVE = re.compile(r"^(?:```+\{post\}|\.\. post::)[ \t]*(.*)$", re.MULTILINE)


def notebook_markdown(source: str) -> str:
    """The Markdown and raw cells of a notebook, joined (where its title and directives are)."""
    import json

    try:
        cells = json.loads(source).get("cells", [])
    except (ValueError, AttributeError):
        return ""
    texts = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") in ("markdown", "raw"):
            body = cell.get("source", "")
            texts.append("".join(body) if isinstance(body, list) else str(body))
    return "\n\n".join(texts)


class Project:
    """A Sphinx project's conf.py values, read the way sphinx-build reads them."""

    def __init__(self, source_dir: Path) -> None:
        self.source_dir = source_dir
        self.messages: list[str] = []
        #: Advice (shared titles, undated drafts, keys for other tools): errors only with --strict.
        self.notes: list[str] = []
        if not (source_dir / "conf.py").is_file():
            raise SystemExit(f"docblog: no conf.py in {source_dir}")
        values = read_conf_file(source_dir / "conf.py")
        self.values: dict[str, Any] = values
        self.config: DocblogConfig = from_conf_values(values, self.report)
        patterns = values.get("blog_post_pattern") or (
            [] if lists_ablog(values.get("extensions")) else [DEFAULT_POST_PATTERN])
        self.patterns = [patterns] if isinstance(patterns, str) else list(patterns)
        self.author_labels = frozenset(self.config.authors) | frozenset(values.get("blog_authors") or {})
        self.post_date_format = values.get("post_date_format", "%d %B %Y")
        self.paths: dict[str, Path] = {}

    def where(self, location: Any) -> str:
        if not isinstance(location, tuple):
            return "conf.py"
        docname, line = location
        path = self.paths.get(docname, Path(docname))
        return f"{path.relative_to(self.source_dir) if path.is_absolute() else path}:{line}"

    def report(self, message: str, subtype: Subtype, location: Any) -> None:
        self.messages.append(f"{self.where(location)}: WARNING: {message} [docblog.{subtype.value}]")

    def advise(self, message: str, subtype: Subtype, location: Any) -> None:
        self.notes.append(f"{self.where(location)}: NOTE: {message} [docblog.{subtype.value}]")

    def post_files(self) -> list[Path]:
        """The files ``blog_post_pattern`` matches; without one (ABlog's default), every
        Markdown or notebook source, of which those with a ``post`` directive or
        ``blogpost: true`` are posts (:meth:`is_post`)."""
        found: set[Path] = set()
        for pattern in self.patterns or ["**/*"]:
            for match in glob.glob(str(self.source_dir / pattern), recursive=True):
                path = Path(match)
                if path.is_file() and path.suffix in POST_SUFFIXES:
                    found.add(path)
        excluded = [*self.values.get("exclude_patterns", []), "_build/**", ".*/**", "**/.*/**"]
        return sorted(
            p for p in found
            if not any(fnmatch.fnmatch(p.relative_to(self.source_dir).as_posix(), e) for e in excluded)
        )

    def is_post(self, parsed: frontmatter.FrontMatter | None, has_directive: bool) -> bool:
        return bool(self.patterns) or has_directive or bool(
            parsed is not None and truthy(parsed.data.get("blogpost", False)))

    def post_folder(self) -> Path:
        folder = os.path.dirname((self.patterns or [DEFAULT_POST_PATTERN])[0].split("*", 1)[0]) or "posts"
        return self.source_dir / folder


def has_body(text: str, heading: re.Match[str] | None) -> bool:
    """Whether a post's source has words besides its front matter, title and ``post`` directive
    (what a build sees as an empty body, read without one)."""
    block = frontmatter.BLOCK.match(text.lstrip("\ufeff"))
    body = text.lstrip("\ufeff")[block.end():] if block else text
    if heading:
        body = body.replace(heading[0], "", 1)
    body = re.sub(r"^(?:```+\{post\}.*?^```+[ \t]*$|\.\. post::.*?(?:\n[ \t]*\n|\Z))", "", body,
                  count=1, flags=re.MULTILINE | re.DOTALL)
    return re.search(r"\w", body) is not None


def _with_directive_fields(parsed: frontmatter.FrontMatter | None, directive: re.Match[str],
                           text: str) -> frontmatter.FrontMatter:
    """The front matter of a post given by ABlog's ``post`` directive, as a build reads it: the
    directive's date argument is the post's date, and its ``:language:`` option tells which
    posts are versions of one another."""
    fields = dict(parsed.data) if parsed is not None else {}
    if directive[1] and "date" not in fields:
        fields["date"] = directive[1].strip()
    for line in text[directive.end():].lstrip("\n").split("\n"):
        option = re.match(r"^[ \t]*:(\w+):[ \t]*(.*)$", line)
        if option is None:
            break
        if option[1] == "language" and option[2].strip() and "language" not in fields:
            fields["language"] = option[2].strip()
    return (dataclasses.replace(parsed, data=fields) if parsed is not None
            else frontmatter.FrontMatter(data=fields))


def check(source_dir: Path, strict: bool = False) -> int:
    """Read every post as a build does and print what is wrong (warnings, which fail) and what
    is worth a look (notes: undated drafts, shared titles, keys docblog does not read), which
    fail only with ``strict``."""
    started = time.perf_counter()
    project = Project(source_dir)
    records: dict[str, Post] = {}
    for path in project.post_files():
        docname = path.relative_to(source_dir).with_suffix("").as_posix()
        project.paths[docname] = path
        raw = path.read_bytes()
        check_encoding(raw, docname, project.report)
        text = raw.decode("utf-8-sig", "replace").replace("\r\n", "\n")
        if path.suffix == ".ipynb":
            parsed, _rewritten = frontmatter.from_notebook(text, POST_KEYS)
            text = notebook_markdown(text)
        else:
            parsed = frontmatter.parse(text)
        directive = _POST_DIRECTIVE.search(text)
        if not project.is_post(parsed, directive is not None):
            continue
        if directive:
            parsed = _with_directive_fields(parsed, directive, text)
        if parsed is not None and parsed.problem:
            project.report(f"front matter is not valid YAML: {parsed.problem}",
                           Subtype.FRONT_MATTER, (docname, parsed.problem_line))
        heading = _HEADING.search(text)
        records[docname] = PostReader(
            project.config, docname, parsed, post_date_format=project.post_date_format,
            heading=heading[1] if heading else "", report=project.report, advise=project.advise,
            author_labels=project.author_labels,
        ).read()
        if not has_body(text, heading):
            project.advise("post body is empty", Subtype.BODY, (docname, 1))
    language = project.values.get("language")
    defaults = {"language": read_labels(project.values.get("blog_default_language"))}
    directories = {"language": read_directory(project.values.get("blog_languages"))}
    blog = Blog(project.config, records, language=language if isinstance(language, str) else None,
                defaults=defaults, directories=directories, advice=True)
    for finding in blog.findings:
        (project.advise if finding.note else project.report)(finding.message, finding.subtype,
                                                             finding.location)
    for message in [*project.messages, *project.notes]:
        print(message)
    elapsed = time.perf_counter() - started
    problems, notes = len(project.messages), len(project.notes)
    print(f"docblog check: {len(records)} posts, {problems} problem{'s' * (problems != 1)}, "
          f"{notes} note{'s' * (notes != 1)}{' (--strict: notes fail)' if strict and notes else ''} "
          f"({elapsed:.2f} s)", file=sys.stderr)
    return 1 if problems or (strict and notes) else 0


def new(source_dir: Path, title: str, categories: list[str], tags: list[str], authors: list[str],
        draft: bool) -> int:
    project = Project(source_dir)
    slug = slugify(title)
    if not slug:
        print("docblog: the title needs at least one letter or digit", file=sys.stderr)
        return 2
    path = project.post_folder() / f"{slug}.md"
    if path.exists():
        print(f"docblog: {path.relative_to(source_dir)} exists already; not overwritten",
              file=sys.stderr)
        return 1
    today = dt.datetime.now(project.config.zone).date()

    def yaml_list(values: list[str]) -> str:
        return "[" + ", ".join(_quote(v) for v in values) + "]"

    lines = ["---", f"date: {today.isoformat()}"]
    if categories:
        lines.append(f"category: {_quote(categories[0]) if len(categories) == 1 else yaml_list(categories)}")
    if tags:
        lines.append(f"tags: {yaml_list(tags)}")
    if authors:
        lines.append(f"author: {_quote(authors[0]) if len(authors) == 1 else yaml_list(authors)}")
    lines.append('summary: "One paragraph for the card, the feed and the page description."')
    if draft:
        lines.append("draft: true")
    lines += ["---", "", f"# {title}", "", "Write the post here.", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(path.relative_to(source_dir))
    return 0


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docblog", description=HELP)
    commands = parser.add_subparsers(dest="command", required=True)
    new_parser = commands.add_parser("new", help="start a post with its front matter filled in")
    new_parser.add_argument("title")
    new_parser.add_argument("--category", action="append", default=[])
    new_parser.add_argument("--tag", action="append", default=[])
    new_parser.add_argument("--author", action="append", default=[])
    new_parser.add_argument("--draft", action="store_true", help="mark the post as a draft")
    new_parser.add_argument("--source-dir", type=Path, default=Path("."),
                            help="the Sphinx source folder (with conf.py); default: here")
    check_parser = commands.add_parser(
        "check", help="validate every post's front matter without a build (exit 1 on problems)")
    check_parser.add_argument("source_dir", nargs="?", type=Path, default=Path("."))
    check_parser.add_argument("--strict", action="store_true",
                              help="fail on notes too (undated drafts, shared titles, keys docblog does not read)")
    from . import serve

    serve.add_arguments(commands.add_parser(
        "serve", help="serve the site with live reload, rebuilding in a warm Sphinx application"))
    import_parser = commands.add_parser(
        "import", help="convert a Jekyll, Hugo, Docusaurus or Material for MkDocs blog into posts")
    import_parser.add_argument("generator", choices=("jekyll", "hugo", "docusaurus", "mkdocs"))
    import_parser.add_argument("old_site", type=Path, help="the old site's folder (only read)")
    import_parser.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    import_parser.add_argument("--source-dir", type=Path, default=Path("."),
                               help="the Sphinx source folder (with conf.py); default: here")
    args = parser.parse_args(argv)
    if args.command == "import":
        from . import importers

        # Posts go to the folder of the project's first ``blog_post_pattern``.
        source_dir = args.source_dir.resolve()
        return importers.run(args.generator, args.old_site, source_dir,
                             Project(source_dir).post_folder(), args.dry_run)
    if args.command == "serve":
        return serve.run(args)
    if args.command == "new":
        return new(args.source_dir.resolve(), args.title, args.category, args.tag, args.author,
                   args.draft)
    return check(args.source_dir.resolve(), strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
