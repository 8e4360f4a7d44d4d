# An ABlog site whose pages list posts with ABlog's postlist directive, in many variants.
extensions = ["ablog", "myst_parser"]
project = "Postlist"
html_theme = "alabaster"
blog_title = "Postlist Blog"
blog_baseurl = "https://postlist.example.org/"
blog_authors = {"ada": ("Ada Lovelace", None), "bob": ("Bob Builder", "https://bob.example.org/")}
blog_default_author = "ada"
blog_locations = {"paris": ("Paris, France", None)}
blog_languages = {"en": ("English", None), "fr": ("French", None)}
exclude_patterns = ["_build"]
