# An ABlog site with every archive ABlog writes: years, categories, tags, authors,
# locations, languages, drafts, redirects, and a feed per collection for two feed templates.
extensions = ["ablog", "myst_parser"]
project = "Archives"
html_theme = "alabaster"
exclude_patterns = ["_build"]
blog_title = "Archive Blog"
blog_baseurl = "https://archives.example.org/"
blog_feed_archives = True
blog_feed_templates = {
    "atom": {},
    "social": {
        "title": "{{ title }} ({{ post.author | join(', ') }})",
        "content": "{{ title }}{% for tag in post.tags %} #{{ tag.name | trim | replace(' ', '') }}{% endfor %}",
    },
}
blog_authors = {"Ada": ("Ada Lovelace", "https://example.org/ada")}
blog_locations = {"PAR": ("Paris", "https://example.org/paris")}
blog_languages = {"en": ("English", None)}
blog_default_language = "en"
post_date_format = "%d %B %Y"
