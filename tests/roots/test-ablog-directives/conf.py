# A Spanish-language community site on sphinx-book-theme, as such sites are written for ABlog:
# posts marked only by `post` directives in several folders (no blog_post_pattern), placeholder
# pages under blog_path for the navigation, English versions of some posts next to the Spanish
# ones (same title, ABlog's :language:), built with dirhtml and -W.
project = "Comunidad Python"
author = "Comunidad Python"
language = "es"
extensions = ["ablog", "myst_parser"]
html_theme = "sphinx_book_theme"
html_title = "Comunidad Python"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]

blog_title = "Noticias"
blog_path = "posts"
blog_baseurl = "https://comunidad.example.org/"
blog_languages = {"es": ("Español", None), "en": ("English", None)}
blog_default_language = "es"
post_date_format = "%d/%m/%Y"
