# A community blog that previews strangers' posts: docblog_untrusted_posts. The notebook
# would be executed for every build (nb_execution_mode = "force") if it were not a post.
extensions = ["myst_nb", "docblog"]
project = "Community"
html_theme = "furo"
blog_baseurl = "https://community.example.org/"
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nb_execution_mode = "force"
docblog_untrusted_posts = True
