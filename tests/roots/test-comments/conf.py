# A blog with giscus comments: a post with them (the site's default), posts that say
# `comments: false` or ABlog's `:nocomments:`, drafts (with and without `comments: true`)
# and an unlisted post.
extensions = ["docblog"]
project = "Comments blog"
html_theme = "furo"
blog_title = "Comments Blog"
blog_baseurl = "https://comments.example.org/"
exclude_patterns = ["_build"]
docblog_publish_drafts = True
docblog_comments = {
    "provider": "giscus",
    "repo": "example/comments-blog",
    "repo_id": "R_kgDOExample",
    "category": 'Q&A "Blog" <comments>',
    "category_id": "DIC_kwDOExample",
}
