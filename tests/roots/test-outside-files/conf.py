# A blog whose posts try to publish files from outside the project (see test_confinement.py,
# which builds it as docs/ inside a project folder with a .git folder, next to outside files).
extensions = ["docblog"]
project = "Outside files"
html_theme = "furo"
blog_baseurl = "https://outside.example.org/"
blog_feed_fulltext = True
exclude_patterns = ["_build"]
