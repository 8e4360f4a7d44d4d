extensions = ["docblog"]
project = "People blog"
html_theme = "furo"
html_static_path = ["_static"]
blog_title = "People Blog"
blog_baseurl = "https://people.example.org/"
exclude_patterns = ["_build"]
docblog_posts_per_page = 4
docblog_authors = {
    "ana": {
        "name": "Ana Souza",
        "avatar": "_static/ana.svg",
        "bio": "Writes the build tooling.",
        "links": {"GitHub": "https://github.com/ana-example", "Website": "https://ana.example.org/"},
    },
    "ben": {"name": "Ben Okoro", "avatar": "_static/ben.svg"},
}
blog_authors = {"cy": ("Cy Park", "https://cy.example.org/")}
