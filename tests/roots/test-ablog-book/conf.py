# A Jupyter-Book-looking site with a blog, as ABlog's documentation describes it:
# ABlog + nbsphinx for notebook posts + MyST-Parser for Markdown posts.
project = "Lightcurves"
author = "The Lightcurves team"
extensions = ["ablog", "nbsphinx", "myst_parser"]
html_theme = "sphinx_book_theme"
html_title = "Lightcurves"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

nbsphinx_execute = "never"
nbsphinx_prolog = r"""
{% set docname = env.doc2path(env.docname, False) %}

.. raw:: html

    <div class="admonition note">
      This page was generated from
      <a class="reference external" href="https://example.org/src/{{ docname }}">{{ docname }}</a>.
    </div>
"""

blog_title = "Lightcurves blog"
blog_baseurl = "https://lightcurves.example.org/"
blog_authors = {"Grace": ("Grace Hopper", None), "Alan": ("Alan Turing", None)}
post_date_format = "%d %b %Y"
post_auto_excerpt = 2

html_sidebars = {
    "**": [
        "navbar-logo.html",
        "search-field.html",
        "sbt-sidebar-nav.html",
        "ablog/recentposts.html",
        "ablog/categories.html",
        "ablog/archives.html",
    ]
}
