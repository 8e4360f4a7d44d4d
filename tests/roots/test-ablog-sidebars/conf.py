# An ABlog site as ABlog's docs set one up: every ABlog sidebar template, a placeholder page
# at blog_path in the toctree. No mention of docblog: tests add it to `extensions`.
extensions = ["ablog", "myst_parser"]
project = "Sidebar site"
html_theme = "alabaster"
blog_title = "News"
blog_baseurl = "https://news.example.org/"
blog_authors = {"Ada": ("Ada Lovelace", "https://ada.example.org/")}
blog_locations = {"Paris": ("Paris, France", None)}
blog_languages = {"en": ("English", None)}
post_date_format = "%d %B %Y"
html_sidebars = {
    "posts/**": [
        "ablog/postcard.html", "ablog/recentposts.html", "ablog/tagcloud.html",
        "ablog/categories.html", "ablog/archives.html", "ablog/authors.html",
        "ablog/languages.html", "ablog/locations.html",
    ],
    "index": ["ablog/recentposts.html"],
    "about": ["ablog/categories.html"],
    "plain": ["searchbox.html"],
}
exclude_patterns = ["_build"]
