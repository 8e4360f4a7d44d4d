"""One import: where each post goes, what its links and images become, and which old
addresses forward to it; then the report, and the files written only when none exists."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..slugs import slugify
from . import markup
from .common import iso
from .model import OldSite, Problem, SourcePost

IMAGE_FOLDER = "images"
_PAGE_PART = re.compile(r"[\w.-]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_POST_SUFFIXES = (".md", ".markdown", ".mdx", ".mkd", ".html")

BodyConverter = Callable[[SourcePost, str, "Import"], str]


def quote(value: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(value, ensure_ascii=False)


def normal_address(path: str) -> str:
    """``/2017/03/22/dask-glm-1/`` and ``/2017/03/22/dask-glm-1/index.html`` alike."""
    path = unquote(path).strip().strip("/")
    for suffix in ("/index.html", "/index.htm", "index.html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return path.removesuffix(".html").removesuffix(".htm").strip("/")


def redirect_page(address: str) -> str | None:
    """The page name that answers at an old address: a directory-style address
    (``/a/b/``) is answered by ``a/b/index.html``, ``/a/b.html`` by ``a/b.html``."""
    path = unquote(address).split("#", 1)[0].split("?", 1)[0].strip()
    if path.endswith((".html", ".htm")):
        page = path.strip("/").rsplit(".", 1)[0]
    else:
        page = normal_address(path)
        page = f"{page}/index" if page else ""
    parts = page.split("/")
    if not page or any(p in ("", ".", "..") or not _PAGE_PART.fullmatch(p) for p in parts):
        return None
    return page


class Import:
    """Converts an :class:`OldSite`'s posts into docblog posts in ``folder``."""

    def __init__(self, site: OldSite, source_dir: Path, folder: Path, convert_body: BodyConverter):
        self.site = site
        self.source_dir = source_dir
        self.folder = folder
        self.convert_body = convert_body
        self.problems: list[Problem] = list(site.problems)
        self.copies: dict[str, Path] = {}  # destination (relative to the folder) → old file
        self.outputs: dict[str, str] = {}  # post file name → converted text
        self.redirects: list[tuple[str, str, SourcePost]] = []  # (old address, page, post)
        self._cursor: dict[tuple[int, str], int] = {}
        self.assign_targets()
        self.unify_names()
        self.targets = {p.target for p in site.posts}
        self.by_address: dict[str, SourcePost] = {}
        self.by_source: dict[Path, SourcePost] = {}
        for post in site.posts:
            self.by_source[post.path.resolve()] = post
            if post.bundle is not None:
                self.by_source[post.bundle.resolve()] = post
            for address in post.addresses:
                self.by_address.setdefault(normal_address(address), post)
                self.by_address.setdefault(normal_address(address).lower(), post)

    # where posts go ---------------------------------------------------------------------------

    def assign_targets(self) -> None:
        taken: set[str] = set()
        # Originals first: a translation is named after its original, ``<name>-<language>``
        # (the file-name convention docblog also reads: see docblog.translations).
        for post in sorted(self.site.posts, key=lambda p: (p.translation_of is not None, p.draft, p.rel)):
            base = post.slug if _PAGE_PART.fullmatch(post.slug or "") else slugify(post.slug or "")
            base = base or slugify(post.title) or "post"
            if post.translation_of is not None:
                base = f"{Path(post.translation_of.target).stem}-{slugify(post.language) or 'translation'}"
            candidates = [base]
            if post.date is not None:
                candidates.append(f"{iso(post.date)[:10]}-{base}")
            candidates += [f"{base}-{n}" for n in range(2, 100)]
            name = next(c for c in candidates if c.lower() not in taken)
            taken.add(name.lower())
            post.target = name + ".md"

    def unify_names(self) -> None:
        """One spelling per category, tag and author (``python`` and ``Python`` are one tag for
        docblog, which warns about the difference): the most used one, the first on a tie."""
        for attribute in ("categories", "tags", "authors"):
            counts: dict[str, Counter[str]] = {}
            for post in self.site.posts:
                for name in getattr(post, attribute):
                    counts.setdefault(" ".join(name.casefold().split()), Counter())[name] += 1
            for post in self.site.posts:
                names: list[str] = []
                for name in getattr(post, attribute):
                    chosen = counts[" ".join(name.casefold().split())].most_common(1)[0][0]
                    if chosen not in names:
                        names.append(chosen)
                setattr(post, attribute, names)

    # report -----------------------------------------------------------------------------------

    def problem(self, post: SourcePost, snippet: str, what: str) -> None:
        key = (id(post), snippet)
        start = self._cursor.get(key, 0)
        line = post.line_of(snippet, start)
        found = post.text.find(snippet, start) if snippet else -1
        if found >= 0:
            self._cursor[key] = found + len(snippet)
        shown = " ".join(snippet.split())
        shown = shown if len(shown) <= 70 else shown[:67] + "..."
        self.problems.append(Problem(post.rel, line, shown, what))

    # links and images -------------------------------------------------------------------------

    def site_path(self, url: str) -> str | None:
        """The path of an address on the old site (``/2017/03/22/x/``), or None for another site."""
        if url.startswith("//"):
            url = "https:" + url
        if _SCHEME.match(url):
            if not self.site.url:
                return None
            parts, old = urlsplit(url), urlsplit(self.site.url)
            host = parts.netloc.lower().removeprefix("www.")
            if not parts.scheme.startswith("http") or host != old.netloc.lower().removeprefix("www."):
                return None
            url = parts.path or "/"
            if parts.fragment:
                url += "#" + parts.fragment
        if not url.startswith("/"):
            return None
        prefix = "/".join(p for p in (urlsplit(self.site.url).path.strip("/"), self.site.baseurl.strip("/")) if p)
        base = "/" + prefix if prefix else ""
        if base and (url == base or url.startswith(base + "/")):
            url = url[len(base):] or "/"
        return url

    def post_at(self, path: str) -> SourcePost | None:
        key = normal_address(path.split("#", 1)[0].split("?", 1)[0])
        return self.by_address.get(key) or self.by_address.get(key.lower())

    def post_file(self, post: SourcePost, ref: str) -> SourcePost | None:
        """The post a file reference names, relative to ``post`` (``../other.md``, ``./x/``)."""
        ref = unquote(ref.split("#", 1)[0].split("?", 1)[0])
        if not ref:
            return None
        for candidate in (post.path.parent / ref, self.site.root / ref.lstrip("/")):
            found = self.post_file_at(candidate)
            if found is not None:
                return found
        return None

    def post_file_at(self, candidate: Path) -> SourcePost | None:
        """The post whose file (or page bundle) is ``candidate``, its suffix optional."""
        for path in (candidate, *(candidate.with_name(candidate.name + s) for s in _POST_SUFFIXES),
                     candidate / "index.md", candidate / "index.mdx"):
            found = self.by_source.get(path.resolve())
            if found is not None:
                return found
        return None

    def link_to(self, post: SourcePost, target: SourcePost, url: str) -> str:
        if "#" in url:
            self.problem(post, url, f"link to a part of another post: now links to {target.target} "
                                    "(the part's anchor is not kept)")
        return target.target

    def link(self, post: SourcePost, url: str) -> str:
        if not url.strip():
            self.problem(post, "]()", "link without a target: its text kept")
            return markup.UNRESOLVED
        if url.startswith(markup.UNRESOLVED) or url.startswith(("#", "mailto:", "tel:", "data:")):
            return url
        if url.split("#", 1)[0] in self.targets:  # already converted ({% post_url %}, ref)
            return url.split("#", 1)[0]
        path = self.site_path(url)
        if path is not None:
            target = self.post_at(path)
            if target is not None:
                return self.link_to(post, target, path)
            local = self.find_file(post, path)
            if local is not None and not self.is_page(local):
                return self.copy(post, local)
            if self.site.url:
                if _SCHEME.match(url):
                    return url  # already the page's address on the old site
                new = self.old_base() + path
                self.problem(post, url, f"link to a page of the old site that is not a post: now {new}")
                return new
            self.problem(post, url, "link to a page of the old site that is not a post (the old site's "
                                    "address is not known): the link was removed, its text kept")
            return markup.UNRESOLVED + url
        if _SCHEME.match(url) or url.startswith("//"):
            return url
        target = self.post_file(post, url)
        if target is not None:
            return self.link_to(post, target, url)
        if post.addresses:  # a relative address on the old site: ../other-post/
            own = post.addresses[0]
            folder = own if own.endswith("/") else posixpath.dirname(own)
            joined = posixpath.normpath(posixpath.join(folder, url.split("#", 1)[0]))
            target = self.post_at(joined)
            if target is not None:
                return self.link_to(post, target, url)
        local = self.find_file(post, url)
        if local is not None and not self.is_page(local):
            return self.copy(post, local)
        address = self.site.page_address(local) if local is not None and self.site.page_address else None
        if address is not None and self.site.url:
            fragment = "#" + url.split("#", 1)[1] if "#" in url else ""
            new = self.old_base() + "/" + address.lstrip("/") + fragment
            self.problem(post, url, f"link to a page of the old site that is not a post: now {new}")
            return new
        self.problem(post, url, "link to something that is not a converted post or a file of the "
                                "old site: the link was removed, its text kept")
        return markup.UNRESOLVED + url

    def old_base(self) -> str:
        """The old site's address, without a final slash (``https://example.org/blog``)."""
        base = self.site.url.rstrip("/")
        if self.site.baseurl.strip("/") and not base.endswith("/" + self.site.baseurl.strip("/")):
            base += "/" + self.site.baseurl.strip("/")
        return base

    @staticmethod
    def is_page(file: Path) -> bool:
        """A page or template of the old site (not a file to copy): its address is on the old site."""
        if file.suffix.lower() in (*_POST_SUFFIXES, ".htm", ".xml", ".liquid"):
            return True
        with file.open("rb") as handle:
            return handle.read(4) in (b"---\n", b"---\r", b"+++\n")

    def candidates(self, post: SourcePost, ref: str) -> list[Path]:
        """Where a file reference of ``post`` may point, symlinks resolved."""
        ref = unquote(ref.split("#", 1)[0].split("?", 1)[0]).strip().replace("\\", "/")
        if not ref:
            return []
        if ref.startswith("@site/"):
            found = [self.site.root / ref.removeprefix("@site/")]
        elif ref.startswith("/"):
            found = [root / ref.lstrip("/") for root in self.site.asset_roots]
        else:
            found = [post.path.parent / ref]
            if post.bundle is not None:
                found.append(post.bundle / ref)
        return [candidate.resolve() for candidate in found]

    def find_file(self, post: SourcePost, ref: str) -> Path | None:
        root = self.site.root.resolve()
        return next((c for c in self.candidates(post, ref) if c.is_file() and c.is_relative_to(root)),
                    None)

    def outside_site(self, post: SourcePost, ref: str) -> bool:
        """Whether a reference points outside the old site (where a post may not read)."""
        root = self.site.root.resolve()
        found = self.candidates(post, ref)
        return bool(found) and not any(c.is_relative_to(root) for c in found)

    def copy(self, post: SourcePost, file: Path) -> str:
        """Plan copying ``file`` into the post folder; its new path, relative to the posts."""
        stem = Path(post.target).stem
        if post.bundle is not None and file.is_relative_to(post.bundle.resolve()):
            rel = f"{stem}/{file.relative_to(post.bundle.resolve()).as_posix()}"
        else:
            rel = next((file.relative_to(r.resolve()).as_posix() for r in self.site.asset_roots
                        if file.is_relative_to(r.resolve())), "")
            rel = rel or file.relative_to(self.site.root.resolve()).as_posix()
        dest = f"{IMAGE_FOLDER}/{rel}"
        n = 2
        while dest in self.copies and self.copies[dest] != file:
            dest = f"{IMAGE_FOLDER}/{Path(rel).with_stem(f'{Path(rel).stem}-{n}').as_posix()}"
            n += 1
        self.copies[dest] = file
        return dest

    def image(self, post: SourcePost, src: str) -> str:
        if src.startswith(("data:", markup.UNRESOLVED)):
            return src
        path = self.site_path(src)
        local = self.find_file(post, path if path is not None else src)
        if local is not None:
            return self.copy(post, local)
        if _SCHEME.match(src) and path is None:
            self.problem(post, src, "image on another site: not copied, the page loads it from there")
            return src
        if self.outside_site(post, path if path is not None else src):
            self.problem(post, src, "image outside the old site: removed, its alt text kept (a "
                                    "post reads no file from outside its site)")
            return markup.UNRESOLVED + src
        self.problem(post, src, "image not found in the old site: left as it is (the build will "
                                "warn that it cannot read it)")
        return src

    # conversion -------------------------------------------------------------------------------

    def convert(self, post: SourcePost) -> str:
        body = self.moved_elsewhere(post, self.convert_body(post, post.body, self))
        body = markup.fence_languages(markup.first_separator(body, post.separator))
        body = markup.html_images(body)
        body = markup.rewrite_links(body, lambda u: self.link(post, u), lambda s: self.image(post, s))
        body = markup.image_directives(body, lambda s: self.image(post, s))
        body = markup.plain_code_when_unlexable(body, lambda snippet, what: self.problem(post, snippet, what))
        from .common import title_from_name
        body = markup.outside_code(body, lambda chunk: re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", chunk))
        body, title = markup.headings(body, post.title or "")
        if not title:
            title = title_from_name(Path(post.target).stem)
            body, title = markup.headings(body, title)
        body = markup.local_anchors(body, slugify(Path(post.target).stem) or "post",
                                    lambda snippet, what: self.problem(post, snippet, what))
        post.title = title
        return self.front_matter(post) + "\n" + body

    def moved_elsewhere(self, post: SourcePost, body: str) -> str:
        """A post whose body is an HTML refresh to another address (a post that moved
        elsewhere) becomes an ``external_link`` post that links there."""
        refresh = re.search(r"^[ \t]*<meta\s+http-equiv=[\"']?refresh[\"']?\s+content=[\"'][^\"']*?url=['\"]?"
                            r"([^'\">\s]+)['\"]?[\"']\s*/?>[ \t]*$", body, re.IGNORECASE | re.MULTILINE)
        if refresh is None or not refresh[1].startswith(("http://", "https://")):
            return body
        post.external_link = refresh[1]
        rest = (body[:refresh.start()] + body[refresh.end():]).strip()
        return (rest + "\n\n" if rest else "") + f"This post is at <{refresh[1]}>.\n"

    def front_matter(self, post: SourcePost) -> str:
        # (no ``title`` key: the H1 is the title, so the page, its <title>, cards and feeds
        # show the same text, typographic quotes and dashes included)
        lines = ["---"]
        if post.date is not None:
            lines.append(f"date: {quote(iso(post.date))}")
        if post.updated is not None:
            lines.append(f"updated: {quote(iso(post.updated))}")
        for key, values in (("category", post.categories), ("tags", post.tags), ("author", post.authors)):
            if values:
                lines.append(f"{key}: [{', '.join(quote(v) for v in values)}]")
        if post.summary:
            lines.append(f"summary: {quote(post.summary)}")
        if post.image:
            lines.append(f"image: {quote(self.image(post, post.image))}")
        if post.external_link:
            lines.append(f"external_link: {quote(post.external_link)}")
        if post.draft:
            lines.append("draft: true")
        if post.language and (post.translated or post.translation_of is not None):
            lines.append(f"language: {quote(post.language)}")
        if post.translation_of is not None:
            lines.append(f"translation_of: {quote(Path(post.translation_of.target).stem)}")
        pages: list[str] = []
        if not post.draft:
            own = Path(post.target).stem
            folder = self.folder.relative_to(self.source_dir).as_posix()
            for address in post.addresses:
                page = redirect_page(address)
                if page is None:
                    self.problem(post, "", f"old address {address} cannot be a page name: no redirect")
                    continue
                if page in pages or page in (f"{folder}/{own}", f"{folder}/{own}/index"):
                    continue
                pages.append(page)
                self.redirects.append((address, page, post))
        if pages:
            lines.append(f"redirect: [{', '.join(quote(p) for p in pages)}]")
        lines.append("---")
        return "\n".join(lines) + "\n"

    def run(self, dry_run: bool, out: Callable[[str], None] = print) -> int:
        for post in sorted(self.site.posts, key=lambda p: p.rel):
            self.outputs[post.target] = self.convert(post)
        self.same_titles()
        avatars = self.plan_avatars()
        conflicts = self.conflicts(avatars)
        if conflicts and not dry_run:
            for path in conflicts:
                print(f"docblog: {path} exists already; nothing was imported (docblog import "
                      "never overwrites a file)", file=sys.stderr)
            return 1
        self.report(out, dry_run, avatars, conflicts)
        if dry_run:
            return 0
        for name, text in self.outputs.items():
            written = self.folder / name
            written.parent.mkdir(parents=True, exist_ok=True)
            written.write_text(text, encoding="utf-8")
        for dest, file in [*((self.folder / d, f) for d, f in self.copies.items()),
                           *((self.source_dir / d, f) for d, f in avatars.items())]:
            if dest.exists():
                continue  # the same bytes (anything else is a conflict)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, dest)
        return 0

    def same_titles(self) -> None:
        """Posts that share a title (normal for a run of "Development log" posts, and not a build
        warning; `docblog check` notes it): reported, in case a title should be made distinct."""
        seen: dict[str, SourcePost] = {}
        for post in sorted(self.site.posts, key=lambda p: (iso(p.date) if p.date else "", p.rel)):
            key = " ".join(post.title.casefold().split())
            if key in seen and seen[key] in (post.translation_of, *(
                    p for p in self.site.posts if p.translation_of is not None
                    and p.translation_of in (post, post.translation_of))):
                continue  # versions of one post in several languages: sharing a title is normal
            if key in seen:
                title = post.meta.get("title")
                self.problem(post, title if isinstance(title, str) else "",
                             f"same title as {seen[key].rel}: fine if meant, else give one a distinct title")
            else:
                seen[key] = post

    def plan_avatars(self) -> dict[str, Path]:
        avatars: dict[str, Path] = {}
        for author in self.site.authors.values():
            if author.avatar_file is not None:
                name = f"_static/authors/{slugify(author.key) or 'author'}{author.avatar_file.suffix.lower()}"
                avatars[name] = author.avatar_file
                author.avatar = name
        return avatars

    def conflicts(self, avatars: dict[str, Path]) -> list[str]:
        found = []
        for name in self.outputs:
            if (self.folder / name).exists():
                found.append((self.folder / name).relative_to(self.source_dir).as_posix())
        for dest, file in [*((self.folder / d, f) for d, f in self.copies.items()),
                           *((self.source_dir / d, f) for d, f in avatars.items())]:
            if dest.exists() and (not dest.is_file() or dest.read_bytes() != file.read_bytes()):
                found.append(dest.relative_to(self.source_dir).as_posix())
        return found

    def report(self, out: Callable[[str], None], dry_run: bool, avatars: dict[str, Path],
               conflicts: list[str]) -> None:
        folder = self.folder.relative_to(self.source_dir).as_posix()
        posts = sorted(self.site.posts, key=lambda p: (p.date is None, iso(p.date) if p.date else "", p.rel))
        published = [p for p in posts if not p.draft]
        drafts = [p for p in posts if p.draft]
        verb = "would be written" if dry_run else "written"
        out(f"docblog import {self.site.generator} {self.site.root}: {len(posts)} posts "
            f"({len(published)} published, {len(drafts)} draft{'s' * (len(drafts) != 1)}) {verb} to {folder}/"
            + (" (dry run: nothing written)" if dry_run else ""))
        out("")
        out(f"Posts converted ({len(published)}):")
        for post in published:
            out(f"  {folder}/{post.target}  <-  {post.rel}")
        out("")
        out(f"Drafts ({len(drafts)}):")
        for post in drafts:
            out(f"  {folder}/{post.target}  <-  {post.rel}")
        out("")
        out(f"Redirects from old addresses ({len(self.redirects)}):")
        for address, page, post in self.redirects:
            out(f"  {address}  ->  {folder}/{Path(post.target).stem}  (page {page}.html)")
        if self.redirects:
            out("  (each forwards after post_redirect_refresh seconds, 5 unless conf.py sets it; "
                "post_redirect_refresh = 0 forwards at once)")
        out("")
        out(f"Images and files copied ({len(self.copies)}):")
        for dest, file in sorted(self.copies.items()):
            out(f"  {folder}/{dest}  <-  {file.relative_to(self.site.root.resolve()).as_posix()}")
        dropped = Counter(k for p in posts for k in p.dropped_keys)
        if dropped:
            out("")
            out("Front matter keys of the old generator, dropped: "
                + ", ".join(f"{k} ({n})" for k, n in sorted(dropped.items())))
        out("")
        out(f"Not converted ({len(self.problems)}):")
        for problem in sorted(self.problems, key=lambda p: (p.source, p.line)):
            out(f"  {problem}")
        if self.site.authors:
            out("")
            out("Authors: add to conf.py")
            entries: dict[str, dict[str, object]] = {}
            for author in self.site.authors.values():
                entry: dict[str, object] = {"name": author.name}
                if author.avatar:
                    entry["avatar"] = author.avatar
                if author.bio:
                    entry["bio"] = author.bio
                if author.links:
                    entry["links"] = dict(author.links)
                entries[author.key] = entry
            out("docblog_authors = " + json.dumps(entries, indent=4, ensure_ascii=False))
            for dest in avatars:
                out(f"# avatar copied to {dest}: list '_static' in html_static_path")
        if conflicts:
            out("")
            for path in conflicts:
                out(f"Exists already (an import would stop here): {path}")

