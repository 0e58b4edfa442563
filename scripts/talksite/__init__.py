"""Build-time logic for the Leadership vs Management site, independent of the renderer.

`project` loads the site as data, `glossary` and `talk` own the two content sources that pages
refer to, and `render` turns page Markdown and HTML into what readers see. The MkDocs hooks in
scripts/mkdocs_hooks.py only forward to `render`.
"""
