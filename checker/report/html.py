"""The one jinja2 environment for every HTML report: autoescape on, CSS and JS inlined, text isolated.

Every report extends `_base.html`, so each is a single file that makes no request to any host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson
from markupsafe import Markup

from ..analysis.gap import coverage_percent
from ..dates_ja import shown_date, shown_month
from ..bidi import isolate

if TYPE_CHECKING:
    import jinja2


# Rows a table the scripts draw (check, compare) prints whole, every row its filters select; past it, the rows on
# screen (static/base.js printLimit). Chromium lays out every printed row at once: 3,000 rows of a check printed in
# 14 s at 1.5 GB, 20,000 failed past 10 GB, 4,500 rows of a five-vendor comparison took 78 s and 9 GB. 1,000 rows print
# in a few seconds within about 1 GB, which an office PC of 8 GB has to spare (benchmarks/RESULTS.md, 45).
PRINT_ROWS = 1000


@cache
def _static(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text("utf-8")


def number(x: float) -> str:
    """A number exactly as a committee wrote or summed it, grouped: 1,002,334 and 2.5 and 0.00004 (%g printed
    1.00233e+06, four places 0); ten places drop a sum's float noise only, as bid_view.as_written."""
    return f"{x:,.10f}".rstrip("0").rstrip(".")


def script_json(data: Any) -> Markup:
    """JSON safe to place inside <script type="application/json">: no '</' or '<!--' can end it."""
    s = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")  # a large report's data: orjson is fast
    s = s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    s = s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(s)


_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029]+")
# What could end a CSS string, start an escape in it, or end the <style> element it is in; and the other controls.
_CSS_STRING_UNSAFE = re.compile(r'[\\"\'<>&\x00-\x1f\x7f-\x9f]')


def css_string(text: str) -> Markup:
    """*text* as a quoted CSS string, for a <style> element (a vendor's name may be in it: untrusted): on one line,
    and each character that could end the string or the element written as a hex escape (\\22 for ")."""
    flat = _LINE_BREAKS.sub(" ", text)
    return Markup('"' + _CSS_STRING_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", flat) + '"')


def inline_static(name: str) -> Markup:
    """A bundled CSS/JS file as inline text (ours, so trusted; '</' cannot occur in it)."""
    body = _static(name)
    if "</" in body:
        raise ValueError(f"static/{name} must not contain '</'")
    return Markup(body)


@cache
def content_security_policy() -> str:
    """The reports' CSP: scripts run only if they are one of our bundled files (by sha256), so a script that
    vendor text slipped into the page would not run even if escaping failed. Styles stay inline-allowed: the
    report's JS sets widths in style attributes, and CSS cannot reach the network under default-src 'none'."""
    files = sorted(f.name for f in resources.files(__package__).joinpath("static").iterdir() if f.name.endswith(".js"))
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(_static(n).encode()).digest()).decode()}'" for n in files)
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src {hashes}; img-src data:; connect-src 'none'; "
            "form-action 'none'; base-uri 'none'")


def _shown(value: Any) -> Any:
    """What a template writes of *value*: a text (a vendor's name, a file, sheet or cell) cannot reorder the text
    around it (bidi.isolate); the templates' own markup is left as it is."""
    return isolate(value) if type(value) is str else value


@cache
def environment() -> jinja2.Environment:
    import jinja2  # only when a report is rendered: a JSON-only check need not load it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("checker.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.globals["inline_static"] = inline_static
    env.globals["content_security_policy"] = content_security_policy
    env.globals["PRINT_ROWS"] = PRINT_ROWS
    env.filters["script_json"] = script_json
    env.filters["coverage"] = coverage_percent
    env.filters["number"] = number
    env.filters["css_string"] = css_string
    env.filters["shown_date"] = shown_date  # ISO dates and months of the records as the reports show them
    env.filters["shown_month"] = shown_month
    env.filters["isolate"] = isolate  # each item of a list joined into one text: `| map("isolate") | join("、")`
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
