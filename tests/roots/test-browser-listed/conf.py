# A site whose own page at blog_path is in its toctree (as an ABlog site keeps blog.rst):
# its entry links to the blog index, and docblog adds none of its own.
extensions = ["docblog"]
project = "Listed blog"
html_theme = "furo"
language = "en"
blog_title = "Listed Blog"
exclude_patterns = ["_build"]
blog_baseurl = "https://listed.example.org/"
