# A PyData-themed project blog as ABlog's documentation describes it: ABlog + MyST-NB.
project = "Stellar"
author = "The Stellar team"
extensions = ["ablog", "myst_nb", "sphinx.ext.intersphinx"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {"navigation_with_keys": False}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

nb_execution_mode = "off"
intersphinx_mapping = {}

blog_title = "Stellar blog"
blog_path = "blog"
blog_post_pattern = "posts/*"
blog_baseurl = "https://stellar.example.org/"
blog_feed_archives = True
blog_authors = {
    "Ada": ("Ada Lovelace", "https://example.org/ada"),
    "Grace": ("Grace Hopper", None),
}
fontawesome_included = True
post_date_format = "%d %B %Y"
post_auto_image = 1

_blog_sidebar = [
    "ablog/postcard.html",
    "ablog/recentposts.html",
    "ablog/tagcloud.html",
    "ablog/categories.html",
    "ablog/archives.html",
    "ablog/authors.html",
]
html_sidebars = {
    "posts/**": _blog_sidebar,
    "blog": _blog_sidebar,
    "blog/**": _blog_sidebar,
    "docs/**": _blog_sidebar,
}
