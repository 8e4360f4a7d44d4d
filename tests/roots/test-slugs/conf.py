extensions = ["docblog"]
project = "Slugs"
html_theme = "furo"
blog_baseurl = "https://slugs.example.org/"
exclude_patterns = ["_build"]
