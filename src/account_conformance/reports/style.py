"""The inline stylesheet of the HTML reports (conformance.html, article.html).

Readable on screen and on paper. Verdicts are colour-coded and always spelled out too (badges,
the article's ``[S04 · fail]`` labels), so a black-and-white print loses nothing.
"""

from __future__ import annotations

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 2px solid #ccc; margin-top: 2rem; }
h3 { margin: 0 0 .4rem; font-size: 1.15rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
table.head th { width: 12rem; background: #f4f4f4; }
table.head td { word-break: break-all; }
table.scen, table.rules { font-size: 12.5px; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: 4px solid #888;
  background: #f7f7f7; font-style: italic; }
code { font-size: 12px; }
.cls { font-weight: normal; color: #555; font-size: .9rem; margin-left: .6rem; }
.msg { color: #8a1c1c; font-size: 12px; margin-top: .2rem; word-break: break-word; }
img.shot { display: block; max-width: 420px; border: 1px solid #ccc; margin-top: .3rem; }
details.elements table { font-size: 11.5px; }
.stmt { border: 1px solid #ddd; border-radius: 4px; padding: .7rem 1rem; margin: 1rem 0; }
.v, .s { display: inline-block; padding: 0 .45rem; border-radius: 3px; font-weight: 600;
  font-size: .85rem; border: 1px solid transparent; }
.v-pass, .s-passed { background: #dff3e1; color: #14532d; border-color: #5aa469; }
.v-fail, .s-failed, .v-unexpected_pass { background: #fde2e1; color: #7f1d1d;
  border-color: #d9534f; }
.v-error, .s-error { background: #ffe8cc; color: #7a3e00; border-color: #e08a1e; }
.v-expected_fail { background: #fff4c2; color: #5c4a00; border-color: #c9a400; }
.v-not_run, .s-skipped { background: #eee; color: #444; border-color: #aaa; }
.v-not_testable { background: #e6eefb; color: #1e3a6e; border-color: #7d9bd1; }
[hidden] { display: none !important; }
nav { margin: .3rem 0 1rem; }
form.filters { position: sticky; top: 0; background: #fff; padding: .4rem 0;
  border-bottom: 1px solid #ddd; z-index: 1; }
form.filters label { margin-right: 1rem; }
ol.failures > li { margin: .6rem 0; padding: .4rem .6rem; border-left: 4px solid #d9534f;
  background: #fffafa; }
details.evidence pre { white-space: pre-wrap; word-break: break-word; font-size: 11.5px;
  background: #f7f7f7; padding: .5rem; max-height: 30rem; overflow: auto; }
figure { margin: .4rem 0; } figcaption { font-size: 11.5px; color: #555; }
.article p { white-space: pre-line; }
mark.hl { padding: .1rem .15rem; border-bottom: 2px solid; color: inherit; }
mark.hl-pass { background: #e7f6e9; border-color: #5aa469; }
mark.hl-fail, mark.hl-unexpected_pass { background: #fde2e1; border-color: #d9534f; }
mark.hl-error { background: #ffe8cc; border-color: #e08a1e; }
mark.hl-expected_fail { background: #fff4c2; border-color: #c9a400; }
mark.hl-not_run { background: #eee; border-color: #aaa; }
mark.hl-not_testable { background: #e6eefb; border-color: #7d9bd1; }
a.lbl { font-size: .75rem; text-decoration: none; font-style: normal; }
@media print {
  form.filters, nav { display: none; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .stmt h3, blockquote, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 1.5cm; }
"""
