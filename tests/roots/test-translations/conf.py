# A Spanish community site shaped like the one of issue 19: ABlog posts by directive with
# ABlog's :language:, English versions next to the Spanish ones (memorial / memorial-en), and
# MyST front-matter posts linked by translation_key / translation_of.
project = "Drop-in"
author = "La comunidad"
language = "es"
extensions = ["ablog", "myst_parser", "docblog"]
html_theme = "sphinx_book_theme"
html_title = "Drop-in"
exclude_patterns = ["_build"]

blog_title = "Blog de Drop-in"
blog_path = "blog"
blog_baseurl = "https://dropin.example.org/"
blog_languages = {"es": ("Español", None), "en": ("English", None), "fr": ("Français", None),
                  "de": ("Deutsch", None)}
blog_default_language = "es"
post_date_format = "%d %b %Y"
