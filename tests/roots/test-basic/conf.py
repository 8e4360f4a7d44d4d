extensions = ["docblog"]
project = "Basic blog"
html_theme = "furo"
blog_title = "Test Blog"
blog_baseurl = "https://blog.example.org/"
exclude_patterns = ["_build"]
