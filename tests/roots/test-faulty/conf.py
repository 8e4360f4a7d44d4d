extensions = ["docblog"]
project = "Faulty"
html_theme = "furo"
blog_baseurl = "https://faulty.example.org/"
docblog_categories = {"Python": "Snakes and code."}
exclude_patterns = ["_build"]
