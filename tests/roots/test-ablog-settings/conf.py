# An ABlog site whose conf.py sets only ABlog settings that docblog honours (or replaces
# without loss), written as `ablog start` writes them: commented-out defaults first.
extensions = ["ablog", "docblog"]
project = "Settings blog"
html_theme = "alabaster"
exclude_patterns = ["_build"]
html_static_path = ["_static"]

# disqus_shortname = None
# fontawesome_link_cdn = None
# post_always_section = False

blog_title = "Settings Blog"
blog_path = "blog"
blog_baseurl = "https://settings.example.org/"
blog_post_pattern = "posts/*"
blog_authors = {"Ada": ("Ada Lovelace", "https://example.org/ada")}
blog_archive_titles = True
post_date_format = "%d %B %Y"
post_date_format_short = "%d %b"
post_auto_orphan = True
post_show_prev_next = True
post_always_section = False
disqus_shortname = None
fontawesome_included = False
fontawesome_css_file = "fontawesome/all.css"
skip_injecting_base_ablog_templates = False

# ABlog's own post sidebars, which read the same settings from the `ablog` template variable.
html_sidebars = {"posts/*": ["ablog/postcard.html", "ablog/postnavy.html"]}
