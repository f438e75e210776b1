"""The HTML report's filters: by verdict, statement and feature, in a few lines of plain JS.

Filterable elements carry ``data-filter`` and any of ``data-verdict``, ``data-statement``,
``data-feature`` (values ``|a|b|``, see ``html_scenarios.tokens``). An element lacking one of
those attributes is not filtered by it. The form starts ``hidden`` and the script reveals it,
so with JavaScript off nothing is hidden and the form does not pretend to work.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .facts import VERDICT_LABELS

SCRIPT = """
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  function apply() {
    var keys = ["verdict", "statement", "feature"];
    document.querySelectorAll("[data-filter]").forEach(function (el) {
      el.hidden = !keys.every(function (key) {
        var want = form.elements[key].value, have = el.getAttribute("data-" + key);
        return !want || have === null || have.indexOf("|" + want + "|") >= 0;
      });
    });
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
})();
"""


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    choices = "".join(f'<option value="{escape(value, quote=True)}">{escape(text)}</option>'
                      for value, text in options)
    return (f'<label>{escape(label)} <select name="{name}"><option value="">all</option>'
            f"{choices}</select></label>")


def render_filters(results: dict[str, Any]) -> str:
    """The filter form (hidden until the script runs) and its script."""
    rows = results.get("statements", [])
    verdicts = sorted({str(r.get("verdict")) for r in rows})
    features = sorted({str(s.get("feature", "")) for s in results.get("scenarios", [])})
    form = ('<form id="filters" class="filters" hidden>'
            + _select("verdict", "Verdict", [(v, VERDICT_LABELS.get(v, v)) for v in verdicts])
            + _select("statement", "Statement", [(str(r["id"]), str(r["id"])) for r in rows])
            + _select("feature", "Feature", [(f, f) for f in features])
            + '<button type="reset">Show all</button></form>')
    return form + f"<script>{SCRIPT}</script>"
