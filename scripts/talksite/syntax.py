"""The Markdown line syntax our own scanners read, stated once."""

import re

# A section heading with its explicit id: `## Title {#id}` (### too; other attributes allowed).
HEADING = re.compile(r"^(?P<hashes>#{2,3})\s+(?P<title>.+?)\s*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
# Any ##/### heading, with or without an id (the check wants every one to have an id).
ANY_HEADING = re.compile(r"^ {0,3}(#{2,3})\s+(.*?)\s*$")
# A line that opens or closes fenced code, inside which nothing is a heading, quote or link.
FENCE = re.compile(r"^\s*(```|~~~)")
