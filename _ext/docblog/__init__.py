"""docblog: a categorized, dated blog of MyST posts inside a Sphinx docs build."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

#: Bump when the shape of the records stored in the environment changes.
ENV_VERSION = 4


def setup(app: Any) -> dict[str, Any]:
    from . import (
        ablog_compat,
        ablog_context,
        ablog_nodes,
        ablog_references,
        ablog_settings,
        ablog_sidebars,
        build_state,
        config,
        confinement,
        directives,
        encoding,
        fingerprints,
        i18n,
        index_page,
        memory,
        navigation,
        pages,
        post_page,
        posts,
        privacy,
        reading,
        staleness,
        theme,
        untrusted,
    )

    i18n.setup(app)
    config.setup(app)
    build_state.setup(app)
    ablog_compat.setup(app)
    ablog_settings.setup(app)
    encoding.setup(app)
    posts.setup(app)
    privacy.setup(app)
    reading.setup(app)
    confinement.setup(app)
    untrusted.setup(app)
    fingerprints.setup(app)
    theme.setup(app)
    post_page.setup(app)
    pages.setup(app)
    navigation.setup(app)
    directives.setup(app)
    ablog_nodes.setup(app)
    ablog_context.setup(app)
    ablog_references.setup(app)
    ablog_sidebars.setup(app)
    index_page.setup(app)
    staleness.setup(app)
    memory.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
