"""Reading sources whose bytes are not all UTF-8, instead of stopping the whole build.

Sphinx reads every source with ``source_encoding`` and strict errors: one post saved in
Latin-1 raises ``UnicodeDecodeError`` and the whole site fails to build. docblog registers
a codec that decodes UTF-8 (with or without a byte-order mark) and replaces undecodable
bytes with U+FFFD, and reads with it where the project kept the UTF-8 default (set on the
environment's reader settings, not on ``source_encoding``, which Sphinx 9 warns about when
it is not UTF-8); the post itself
gets a ``docblog.encoding`` warning naming the line (see :func:`docblog.post_reader.check_encoding`).
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

CODEC_NAME = "docblog-utf-8-sig"
_LOOKUP_NAME = "docblog_utf_8_sig"
_UTF8_NAMES = {"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"}


class _ReplacingDecoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _decode(data: Any, errors: str = "strict") -> tuple[str, int]:
    return encodings.utf_8_sig.decode(data, "replace")


def _search(name: str) -> codecs.CodecInfo | None:
    if name != _LOOKUP_NAME:
        return None
    base = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=CODEC_NAME,
        encode=base.encode,
        decode=_decode,
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=_ReplacingDecoder,
        streamreader=base.streamreader,
        streamwriter=base.streamwriter,
    )


codecs.register(_search)


def use_tolerant_utf8(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if str(env.settings.get("input_encoding", "")).lower() in _UTF8_NAMES:
        env.settings["input_encoding"] = CODEC_NAME


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", use_tolerant_utf8)
