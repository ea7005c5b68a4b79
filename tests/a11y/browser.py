"""Shared pieces of the accessibility browser tests: Debian's chromium through Playwright, axe-core
from node_modules, and the demo data on the live server.

Nothing here downloads a browser: the executable is /usr/bin/chromium (``apt-get install
chromium``). The tests skip when chromium, Playwright or ``node_modules/axe-core`` (``npm ci``) is
missing.
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# WCAG 2.1 level A and AA, the project's measurable target (site_rules.md §7).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def allow_orm_between_browser_steps(monkeypatch) -> None:
    """Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    ordinary synchronous code between browser steps. Set for the test only (monkeypatch), never
    process-wide: ``manage.py check --deploy`` run by other tests refuses the variable."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def skip_unless_browser_available():
    """pytest marks: skip when chromium or Playwright is missing."""
    return [
        pytest.mark.browser,
        pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    ]


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; the serious and critical WCAG 2.1 AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html,
                                          summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v["impact"] in BLOCKING_IMPACTS]


def describe(label: str, url: str, violations: list[dict]) -> str:
    """A readable report of one page's violations."""
    lines = [f"{label} ({url}): {len(violations)} serious/critical violation(s)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"      {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      at {node['target']}: {node['html'][:160]}")
            for summary_line in (node["summary"] or "").splitlines()[:3]:
                lines.append(f"        {summary_line.strip()}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more element(s)")
    return "\n".join(lines)
