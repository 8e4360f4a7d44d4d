"""Directives for docblog's own documentation.

``docblog-config-table`` writes the table of ``docblog_*`` options from
:class:`docblog.config.DocblogConfig`, so the documented names, defaults, rebuild kinds and
help texts are the ones the code declares.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

HEADERS = ("Option", "Type", "Default", "Rebuild", "Description")
WIDTHS = (22, 12, 14, 8, 44)


def _default(option: dataclasses.Field[Any]) -> Any:
    if option.default_factory is not dataclasses.MISSING:
        return option.default_factory()
    return option.default


def _type_name(option: dataclasses.Field[Any]) -> str:
    # The module uses ``from __future__ import annotations``: types are already strings.
    return option.type if isinstance(option.type, str) else getattr(option.type, "__name__", str(option.type))


class ConfigTableDirective(SphinxDirective):
    """``docblog-config-table``: one row per field of ``DocblogConfig``."""

    has_content = False

    def _cell(self, *children: nodes.Node) -> nodes.entry:
        return nodes.entry("", *children)

    def _literal_cell(self, text: str) -> nodes.entry:
        return self._cell(nodes.paragraph("", "", nodes.literal(text, text)))

    def _help_cell(self, text: str) -> tuple[nodes.entry, list[nodes.Node]]:
        inline, messages = self.state.inline_text(text, self.lineno)
        return self._cell(nodes.paragraph("", "", *inline)), messages

    def run(self) -> list[nodes.Node]:
        from docblog import config as docblog_config

        # Rebuild this page when the options change.
        self.env.note_dependency(inspect.getfile(docblog_config))

        table = nodes.table(classes=["docblog-config-table"])
        group = nodes.tgroup(cols=len(HEADERS))
        table += group
        for width in WIDTHS:
            group += nodes.colspec(colwidth=width)
        head_row = nodes.row()
        for header in HEADERS:
            head_row += self._cell(nodes.paragraph(header, header))
        group += nodes.thead("", head_row)
        body = nodes.tbody()
        group += body
        problems: list[nodes.Node] = []
        for option in dataclasses.fields(docblog_config.DocblogConfig):
            row = nodes.row()
            name = f"docblog_{option.name}"
            row += self._cell(nodes.paragraph(
                "", "", nodes.literal(name, name, ids=[nodes.make_id(name)])
            ))
            row += self._literal_cell(_type_name(option))
            row += self._literal_cell(repr(_default(option)))
            row += self._literal_cell(option.metadata.get("rebuild", ""))
            cell, messages = self._help_cell(option.metadata.get("help", ""))
            row += cell
            problems.extend(messages)
            body += row
        self.set_source_info(table)
        return [table, *problems]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("docblog-config-table", ConfigTableDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
