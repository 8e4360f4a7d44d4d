# A blog long enough to paginate (3 cards a page), for the browser tests in test_browser.py.
extensions = ["docblog"]
project = "Browser blog"
html_theme = "furo"
language = "en"
blog_title = "Browser Blog"
blog_baseurl = "https://blog.example.org/"
docblog_posts_per_page = 3
exclude_patterns = ["_build"]
