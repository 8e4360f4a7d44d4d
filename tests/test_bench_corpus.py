"""The benchmark's corpus: a stable prefix for any size, series and authors as people.

The figures of runs made months apart are only comparable when the corpus stays the same,
so these check what the benchmark relies on without building anything: the first N posts
of a 2N corpus are the N-post corpus, a share of the posts are series parts, the docblog
setup describes its authors with local avatars, and the edited and added posts are not
series parts.
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's bench/

from bench import corpus  # noqa: E402

N = 40


@pytest.fixture(scope="module")
def posts() -> list[corpus.Post]:
    """The 200-post corpus (every series whole: 200 is a multiple of the series block)."""
    return corpus.generate_posts(200)


def test_prefix_of_a_larger_corpus_is_the_smaller_corpus(posts: list[corpus.Post]) -> None:
    small = corpus.generate_posts(N)
    assert [p.render() for p in small] == [p.render() for p in posts[:N]]
    assert [p.path for p in small] == [p.path for p in posts[:N]]
    # the same seed gives the same corpus; another seed another one
    assert [p.render() for p in corpus.generate_posts(N)] == [p.render() for p in small]
    assert corpus.generate_posts(3, seed=1)[0].render() != small[0].render()


def test_about_one_post_in_eight_is_a_series_part(posts: list[corpus.Post]) -> None:
    parts = [p for p in posts if p.series]
    assert 0.08 <= len(parts) / len(posts) <= 0.2
    sizes = Counter(p.series for p in parts)
    assert all(2 <= size <= 6 for size in sizes.values()), sizes
    numbered = {p.series for p in parts if p.series_order is not None}
    assert numbered and numbered != set(sizes)  # some series number their parts, some not
    for name in sizes:
        by_date = sorted((p for p in parts if p.series == name), key=lambda p: p.date)
        orders = [p.series_order for p in by_date]
        assert orders == [None] * len(orders) or orders == list(range(1, len(orders) + 1))
        assert (by_date[-1].date - by_date[0].date).days < 5 * 365 // 2  # nearby dates
        text = by_date[0].render()
        assert f'\nseries: "{name}"\n' in text.split("\n---\n")[0] + "\n"


def test_series_parts_only_add_front_matter(posts: list[corpus.Post]) -> None:
    part = next(p for p in posts if p.series and p.series_order)
    plain = corpus.Post(**{**vars(part), "series": None, "series_order": None}).render()
    added = [line for line in part.render().split("\n") if line not in plain.split("\n")]
    assert added == [f'series: "{part.series}"', f"series_order: {part.series_order}"]


def test_edited_and_added_posts_are_not_series_parts(posts: list[corpus.Post]) -> None:
    for size in (30, 50, 200):
        subset = posts[:size]
        assert corpus.edit_target(subset).series is None
        assert corpus.new_post(subset).series is None
    # the post edited before the corpus had series is still the one edited
    assert corpus.edit_target(posts).index == 55
    # when the median post is a part, the nearest post by date that is not one is edited
    by_date = sorted(posts, key=lambda p: (p.date, p.index))
    median = by_date[len(by_date) // 2]
    forced = [corpus.Post(**{**vars(p), "series": "X"}) if p is median else p for p in posts]
    target = corpus.edit_target(forced)
    assert target.series is None and target is not median
    assert abs(by_date.index(target) - len(by_date) // 2) == 1


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking its chunks' CRCs and its pixel data."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, size = 8, [], (0, 0)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        if kind == b"IDAT":
            assert len(zlib.decompress(body)) == size[1] * (1 + 3 * size[0])
        chunks.append(kind)
        position += 12 + length
    assert chunks == [b"IHDR", b"IDAT", b"IEND"]
    return size


def test_docblog_setup_has_authors_as_people(tmp_path: Path, posts: list[corpus.Post]) -> None:
    folder = corpus.write_project(tmp_path / "docblog", posts[:5], "docblog")
    namespace: dict[str, object] = {}
    exec((folder / "conf.py").read_text(encoding="utf-8"), namespace)
    authors = namespace["docblog_authors"]
    assert isinstance(authors, dict) and set(authors) == set(corpus.AUTHORS)
    assert namespace["html_static_path"] == ["_static"]
    avatars = set()
    for entry in authors.values():
        assert entry["name"] and entry["bio"] and entry["links"]
        assert all(url.startswith("https://") for url in entry["links"].values())
        avatar = folder / entry["avatar"]
        assert _png_size(avatar.read_bytes()) == (40, 40)
        avatars.add(avatar.read_bytes())
    assert len(avatars) == len(corpus.AUTHORS)  # one picture per author
    again = corpus.write_project(tmp_path / "again", posts[:5], "docblog")
    for entry in authors.values():
        assert (again / entry["avatar"]).read_bytes() == (folder / entry["avatar"]).read_bytes()


@pytest.mark.parametrize("setup", ["floor", "docblog-plain", "ablog-orphan", "ablog-toctree", "pst-ablog"])
def test_other_setups_have_the_same_posts_and_no_avatars(
    tmp_path: Path, posts: list[corpus.Post], setup: str
) -> None:
    sample = posts[:N]
    assert any(p.series for p in sample)
    docblog = corpus.write_project(tmp_path / "docblog", sample, "docblog")
    other = corpus.write_project(tmp_path / setup, sample, setup)
    for post in sample:
        assert (other / post.path).read_bytes() == (docblog / post.path).read_bytes()
    assert not (other / "_static").exists()
    conf = (other / "conf.py").read_text(encoding="utf-8")
    assert "docblog_authors" not in conf
    namespace: dict[str, object] = {}
    exec(conf, namespace)
    if setup in ("floor", "docblog-plain"):
        assert "blog_authors" not in namespace
    else:
        assert namespace["blog_authors"] == {
            name: (name, f"https://{corpus.author_slug(name)}.example.org/")
            for name in corpus.AUTHORS
        }
