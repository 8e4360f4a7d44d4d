# An existing ABlog blog, written in ABlog's documented styles, that adds "docblog".
extensions = ["ablog", "myst_parser", "docblog"]
project = "Legacy blog"
html_theme = "alabaster"
blog_title = "Legacy Blog"
blog_baseurl = "https://legacy.example.org/"
blog_authors = {"Ada": ("Ada Lovelace", None)}
post_date_format = "%d %B %Y"
exclude_patterns = ["_build"]
