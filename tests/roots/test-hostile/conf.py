extensions = ["docblog"]
project = "Hostile"
html_theme = "furo"
blog_baseurl = "https://hostile.example.org/"
exclude_patterns = ["_build"]
