# A realistic existing docs project (Furo, its own toctree) that adds a blog in blog/.
import os

project = "Acme Docs"
html_theme = "furo"
extensions = ["myst_parser"]
exclude_patterns = ["_build"]

if os.environ.get("ACME_WITHOUT_BLOG") == "1":
    exclude_patterns += ["blog", "guide/news.md"]  # the docs as they were before the blog
else:
    # What adding the blog takes: one extension and two settings.
    extensions.append("docblog")
    blog_post_pattern = "blog/posts/*"
    blog_baseurl = "https://docs.acme.example/"
