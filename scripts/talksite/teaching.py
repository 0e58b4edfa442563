"""Teaching aids gathered across pages: the Key points page and the facilitator's session plans.

Both are built from each section page's front matter (``minutes``, ``takeaways``, ``questions``) and
its title, so nothing a page says is written twice. A session plan's *structure* is front matter of
the page that shows it::

    plans:
      plan-45:
        length: 45                      # the steps' minutes must add up to this
        steps:
          - activity: Welcome, and the question the talk answers
            minutes: 3
          - page: definitions.md         # title, link and questions come from the page
            minutes: 5                   # optional: defaults to the page's own minutes
            questions: 1                 # optional: how many of its questions (default all)

and ``<!-- talksite:session-plan plan-45 -->`` places it.
"""

from __future__ import annotations

from .errors import SiteError
from .markup import inline
from .project import Page, Site
from .sections import group_id


def key_points(current: Page, site: Site, link) -> list[str]:
    """Every section page's takeaways, in reading order, under a heading linking to the page."""
    out: list[str] = []
    for page in site.pages:
        takeaways = page.meta.get("takeaways")
        if page.src == current.src or not takeaways:
            continue
        title = inline(page.title)
        out += [f"## {title} {{#{group_id(page)}}}", "", f"From [{title}]({link(current, page)}):", ""]
        out += [f"- {inline(item)}" for item in takeaways]
        out.append("")
    if not out:
        raise SiteError(site.rel(site.docs_dir / current.src), 1, "no page has takeaways to gather",
                        "add a 'takeaways:' list to section pages' front matter", rule="directive-data")
    return out


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def session_plan(plan_id: str, current: Page, site: Site, link, file: str, line: int) -> list[str]:
    """A timed plan: one numbered step per activity or section, with start and end time."""
    plans = current.meta.get("plans") or {}
    plan = plans.get(plan_id) if isinstance(plans, dict) else None
    if not isinstance(plan, dict) or not isinstance(plan.get("steps"), list):
        raise SiteError(file, line, f"no session plan '{plan_id}' in the front matter",
                        f"add plans: {{{plan_id}: {{length: 45, steps: [...]}}}} to the front matter", rule="directive-data")
    out: list[str] = []
    start = 0
    for number, step in enumerate(plan["steps"], 1):
        if not isinstance(step, dict):
            raise SiteError(file, line, f"plan '{plan_id}', step {number} is not a mapping",
                            "write '- page: name.md' or '- activity: ...' with 'minutes:'", rule="directive-data")
        if "page" in step:
            page = site.by_src(str(step["page"]))
            if page is None:
                raise SiteError(file, line, f"plan '{plan_id}', step {number}: {step['page']} is not in the nav",
                                "name a page listed in mkdocs.yml nav", rule="directive-data")
            minutes = step.get("minutes", page.meta.get("minutes"))
            questions = page.meta.get("questions") or []
            count = step.get("questions", len(questions))
            lines = [f"[{inline(page.title)}]({link(current, page)}): {inline(page.description)}"]
            chosen = questions[:count]
        elif "activity" in step:
            minutes = step.get("minutes")
            lines, chosen = [inline(step["activity"])], []
        else:
            raise SiteError(file, line, f"plan '{plan_id}', step {number} has neither 'page' nor 'activity'", rule="directive-data")
        if not isinstance(minutes, int) or minutes <= 0:
            raise SiteError(file, line, f"plan '{plan_id}', step {number} has no time",
                            "give the step 'minutes:' (or the page 'minutes:' in its front matter)", rule="directive-data")
        end = start + minutes
        out.append(f"{number}. **{_clock(start)}–{_clock(end)}** ({minutes} min) · {lines[0]}")
        if chosen:
            out += ["", "    Discuss:", ""]
            out += [f"    - {inline(question)}" for question in chosen]
            out.append("")
        start = end
    length = plan.get("length")
    if length != start:
        raise SiteError(file, line, f"plan '{plan_id}' takes {start} minutes but its length is {length}",
                        "make the steps' minutes add up to 'length'", rule="directive-data")
    return [*out, ""]
