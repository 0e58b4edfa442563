"""Declared data: what front matter, mkdocs.yml's `extra` and the redirect maps may hold.

Every value our code reads from YAML is checked here first, so nothing downstream meets a number
where it expects a list. A problem names the YAML line of the offending value, the type expected,
and for an unknown key in one of our namespaces the closest known key. Adding a key is one line in
a table below (for example ``"case": Text`` in FRONT_MATTER).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import yaml

from .errors import Problem
from .rules import Rule, rule

FRONT_MATTER_RULE = rule("front-matter", "front matter that is not valid YAML, or a key or value the site does not know",
                         "fix the value to the type named, or remove the key")
CONFIG_RULE = rule("config", "a setting in mkdocs.yml that is missing, of the wrong type, unknown in extra, or "
                   "one the build cannot use (module or async scripts in extra_javascript)",
                   "set it as the message says")


@dataclass(frozen=True)
class Type:
    name: str  # what the message says is expected
    test: object  # value -> bool
    items: "Type | None" = None  # for lists and maps: the type of each item

    def __call__(self, value) -> bool:
        return self.test(value)


Text = Type("a line of text", lambda v: isinstance(v, str) and bool(v.strip()))
Minutes = Type("a whole number of minutes above 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0)
Flag = Type("true or false", lambda v: isinstance(v, bool))
Anything = Type("any value", lambda v: True)
Mapping = Type("a mapping", lambda v: isinstance(v, dict))


def ListOf(item: Type) -> Type:  # noqa: N802 (reads like a type)
    return Type(f"a list of {item.name.removeprefix('a ').removeprefix('an ')}s", lambda v: isinstance(v, list), item)


def MapOf(item: Type) -> Type:  # noqa: N802
    return Type(f"a mapping of names to {item.name.removeprefix('a ').removeprefix('an ')}s",
                lambda v: isinstance(v, dict), item)


# Page front matter: ours, then what MkDocs and Material read. An unknown key is an error.
FRONT_MATTER: dict[str, Type] = {
    "description": Text,  # one line: home page map, search results, link previews
    "objectives": ListOf(Text),
    "section_questions": ListOf(Text),  # what the section answers, shown before its objectives
    "takeaways": ListOf(Text),
    "questions": ListOf(Text),
    "summaries": MapOf(Text),  # heading id -> one-line summary (talksite.sections)
    "paper_summaries": MapOf(Text),  # heading id -> the summary as the trainers' page prints it on paper
    "plans": MapOf(Mapping),  # session plans: each checked against PLAN and PLAN_STEP below
    # A section's teaching parts; their inner shape is teaching.data_problems' (rule teaching-shape).
    "case": Mapping,  # title, story, questions, model_answer
    "self_check": ListOf(Mapping),  # question, assesses, answer (1-based), options (text, why)
    "facilitator": Mapping,  # listen_for, misconceptions
    # MkDocs and Material for MkDocs:
    "title": Text, "template": Text, "hide": ListOf(Text), "icon": Text, "status": Text, "subtitle": Text,
    "tags": ListOf(Text), "search": Mapping, "social": Mapping, "comments": Flag,
}

# A session plan (talksite.teaching) and each of its steps.
Count = Type("a whole number (0 or more)", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
Number = Type("a whole number from 1", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1)
PLAN: dict[str, Type] = {"length": Minutes, "steps": ListOf(Mapping)}
PLAN_STEP: dict[str, Type] = {"activity": Text, "page": Text, "minutes": Minutes, "questions": Count,
                             "part": Text, "link": Text,  # part: a teaching part id; link: page.md#id an activity uses
                             "points": ListOf(Text),  # talking points for the step, ours
                             "materials": ListOf(Text),  # what it hands out: names in printing.MATERIALS
                             # What a step practises, by number on its page (teaching.practised):
                             "items": ListOf(Number),  # a self-check step's items
                             "case_questions": ListOf(Number),  # a case step's questions ('questions' counts discussion)
                             "practises": ListOf(Number)}  # objectives practised by an activity without an item

# mkdocs.yml `extra`: ours, then Material's.
EXTRA: dict[str, Type] = {
    "fragment_redirects": MapOf(Text),  # page.md#old: page.md#new (talksite.links)
    "generator": Flag, "social": Anything, "analytics": Anything, "consent": Anything, "alternate": Anything,
    "version": Anything, "homepage": Text, "status": Anything, "tags": Anything, "annotate": Anything,
    "polyfills": Anything, "scope": Text,
}

# Top-level settings the site needs, with their type.
CONFIG: dict[str, Type] = {
    "site_url": Type("an https:// address ending in /", lambda v: isinstance(v, str) and v.startswith(("https://", "http://"))),
    "site_name": Text,
    "nav": Type("a list of pages", lambda v: isinstance(v, list)),
    "extra": Mapping,
    "exclude_docs": Type("lines of patterns (a text block)", lambda v: v is None or isinstance(v, str)),
    "not_in_nav": Type("lines of patterns (a text block)", lambda v: v is None or isinstance(v, str)),
    "extra_css": Type("a list of files", lambda v: v is None or isinstance(v, list)),
    "extra_javascript": Type("a list of files", lambda v: v is None or isinstance(v, list)),
}
REQUIRED_CONFIG = ("site_url", "nav")
REDIRECT_MAPS = MapOf(Text)  # old-page.md: new-page.md


def node_at(node, path: tuple) -> yaml.Node | None:
    """The YAML node at a path of keys (str) or indexes (int); a str key in a list finds the item holding it."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if key < len(node.value) else None
        elif isinstance(node, yaml.SequenceNode):
            holder = next((item for item in node.value if isinstance(item, yaml.MappingNode)
                           and any(getattr(k, "value", None) == key for k, _ in item.value)), None)
            node = node_at(holder, (key,)) if holder is not None else None
        else:
            return None
        if node is None:
            return None
    return node


def key_node_at(node, path: tuple) -> yaml.Node | None:
    """The node of the last key of path itself (where an unknown key is written)."""
    parent = node_at(node, path[:-1])
    if isinstance(parent, yaml.MappingNode):
        return next((k for k, _ in parent.value if getattr(k, "value", None) == path[-1]), None)
    return None


def compose(text: str):
    try:
        return yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError:
        return None


class _Composer(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_Composer.add_multi_constructor("!", lambda loader, suffix, node: None)


def check_mapping(data: dict, table: dict[str, Type], root_node, path: tuple, file: str, first_line: int,
                  what: str, code: Rule) -> list[Problem]:
    """Problems of a mapping against its table: unknown keys (with 'did you mean') and mistyped values."""
    found = []

    def line_of(sub: tuple, key: bool = False) -> int:
        tree = root_node() if callable(root_node) else root_node  # composed only when a problem needs a line
        node = (key_node_at if key else node_at)(tree, path + sub) if tree is not None else None
        return first_line + node.start_mark.line if node is not None else first_line

    for key, value in data.items():
        if key not in table:
            close = difflib.get_close_matches(str(key), list(table), n=1, cutoff=0.6)
            found.append(Problem(file, line_of((key,), key=True), 1, "error", f"unknown {what} key '{key}'", code,
                                 f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(table)}"))
            continue
        expected = table[key]
        if not expected(value):  # at the key: a block list or mapping starts on the line after it
            found.append(Problem(file, line_of((key,), key=True), 1, "error",
                                 f"{what} '{key}' must be {expected.name}, not {_describe(value)}", code,
                                 f"write '{key}' as {expected.name}"))
        elif expected.items is not None:
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for index, item in items:
                if not expected.items(item):
                    found.append(Problem(file, line_of((key, index)), 1, "error",
                                         f"{what} '{key}' item {index!r} must be {expected.items.name}, "
                                         f"not {_describe(item)}", code, f"write it as {expected.items.name}"))
    return found


def _describe(value) -> str:
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing"
    shown = repr(value) if not isinstance(value, (list, dict)) else ""
    return kinds.get(type(value), type(value).__name__) + (f" ({shown[:40]})" if shown else "")


def front_matter(page, file: str) -> list[Problem]:
    """A page's front matter against FRONT_MATTER (lines in the page file)."""
    if not page.meta_ok or not page.meta:
        return []
    text = page.text.removeprefix("\ufeff")
    block = text.split("\n---", 1)[0].removeprefix("---").removeprefix("\n")
    first = 2 + (len(block) - len(block.lstrip("\n")))
    composed: list = []

    def tree():
        if not composed:
            composed.append(compose(block.lstrip("\n")))
        return composed[0]

    code = FRONT_MATTER_RULE  # every front matter problem's rule
    found = check_mapping(page.meta, FRONT_MATTER, tree, (), file, first, "front matter", code)
    plans = page.meta.get("plans")
    for name, plan in (plans.items() if isinstance(plans, dict) else []):
        if not isinstance(plan, dict):
            continue
        found += check_mapping(plan, PLAN, tree, ("plans", name), file, first, f"plan '{name}'", code)
        steps = plan.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                found += check_mapping(step, PLAN_STEP, tree, ("plans", name, "steps", index), file, first,
                                       f"plan '{name}' step {index + 1}", code)
    return found


def config(site) -> list[Problem]:
    """mkdocs.yml's settings the site reads: required ones, their types, `extra` and the redirect maps."""
    root = site.config_tree
    found = []
    for key in REQUIRED_CONFIG:
        if not site.config.get(key):
            found.append(Problem("mkdocs.yml", 1, 1, "error", f"mkdocs.yml has no '{key}'", CONFIG_RULE,
                                 f"add '{key}:' ({CONFIG[key].name})"))
    for key, expected in CONFIG.items():
        if key in site.config and site.config[key] is not None and not expected(site.config[key]):
            node = key_node_at(root, (key,))
            found.append(Problem("mkdocs.yml", node.start_mark.line + 1 if node is not None else 1, 1, "error",
                                 f"'{key}' must be {expected.name}, not {_describe(site.config[key])}",
                                 CONFIG_RULE, f"write '{key}' as {expected.name}"))
    extra = site.config.get("extra")
    if isinstance(extra, dict):
        found += check_mapping(extra, EXTRA, root, ("extra",), "mkdocs.yml", 1, "extra", CONFIG_RULE)
    maps = redirect_maps(site.config)
    if maps is not None and not isinstance(maps, dict):
        node = key_node_at(root, ("plugins", "redirects", "redirect_maps"))
        found.append(Problem("mkdocs.yml", node.start_mark.line + 1 if node is not None else 1, 1, "error",
                             f"redirect_maps must be {REDIRECT_MAPS.name}, not {_describe(maps)}", CONFIG_RULE,
                             "write one 'old-page.md: new-page.md' per line"))
    elif maps:
        for old, new in maps.items():
            if not (isinstance(old, str) and isinstance(new, str) and new.strip()):
                node = node_at(root, ("plugins", "redirects", "redirect_maps", old))
                found.append(Problem("mkdocs.yml", node.start_mark.line + 1 if node is not None else 1, 1, "error",
                                     f"redirect '{old}' must map a page to a page (text), not {_describe(new)}",
                                     CONFIG_RULE, "write 'old-page.md: new-page.md'"))
    return found


def redirect_maps(config: dict):
    """The redirects plugin's redirect_maps as written (None when the plugin is not configured)."""
    for plugin in config.get("plugins") or [] if isinstance(config.get("plugins"), list) else []:
        if isinstance(plugin, dict) and "redirects" in plugin:
            options = plugin["redirects"] or {}
            return options.get("redirect_maps") if isinstance(options, dict) else options
    return None
