# A personal blog of notebooks and Markdown posts on pydata-sphinx-theme, as such blogs are
# written for ABlog + MyST-NB: posts found by `blogpost: true` and `post` directives (no
# blog_post_pattern), MyST authors objects, notebook metadata from Jupyter and Jupytext, keys
# for other tools (Jekyll's permalink, Jupyter Book's hide_input) and undated drafts.
project = "Notes"
author = "Chris"
extensions = ["myst_nb", "ablog", "sphinx.ext.intersphinx"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {"navigation_with_keys": False}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nb_execution_mode = "off"
myst_enable_extensions = ["colon_fence", "deflist"]
intersphinx_mapping = {}

blog_title = "Notes"
blog_path = "blog"
blog_baseurl = "https://notes.example.org/"
blog_authors = {"chris": ("Chris Holdgraf", "https://notes.example.org/about")}
post_date_format = "%b %d, %Y"
html_sidebars = {"blog/**": ["ablog/tagcloud.html", "ablog/archives.html"],
                 "posts/**": ["ablog/postcard.html", "ablog/recentposts.html"]}
