"""The JavaScript the UI driver runs in the page, one function per read.

Each read is one ``evaluate_all`` over the elements a locator matches, so reading every
switcher entry with its marker, colour and box costs one round trip, not dozens.

Visible means: a non-empty box, neither ``display: none`` nor ``visibility: hidden``, and not
made invisible by ``opacity: 0`` or a hidden ancestor (``checkVisibility``).
"""

from __future__ import annotations

_HELPERS = r"""
  const collapse = (s) => (s || "").replace(/\s+/g, " ").trim();
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return false;
    const cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility !== "visible") return false;
    if (el.checkVisibility
        && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    return true;
  };
  const text = (el) => collapse(el.innerText !== undefined ? el.innerText : el.textContent);
  const name = (el) => {
    const label = collapse(el.getAttribute("aria-label"));
    if (label) return label;
    const by = el.getAttribute("aria-labelledby");
    if (by) {
      const named = collapse(by.split(/\s+/).map((id) => document.getElementById(id))
        .filter(Boolean).map((node) => text(node)).join(" "));
      if (named) return named;
    }
    for (const attribute of ["alt", "title"]) {
      const value = collapse(el.getAttribute(attribute));
      if (value) return value;
    }
    const svgTitle = el.querySelector(":scope > title");
    if (svgTitle && collapse(svgTitle.textContent)) return collapse(svgTitle.textContent);
    return text(el);
  };
  const record = (el, colourProperty) => {
    const visible = shown(el);
    const r = el.getBoundingClientRect();
    let colour = null;
    if (colourProperty) {
      const cs = getComputedStyle(el);
      colour = cs.getPropertyValue(colourProperty).trim();
      if (colour.toLowerCase() === "currentcolor") colour = cs.color;
    }
    return {text: text(el), name: name(el), html: el.outerHTML.slice(0, 2000),
            box: visible ? [r.x, r.y, r.width, r.height] : null, colour: colour};
  };
"""

READ_ELEMENTS = "(elements) => {" + _HELPERS + """
  return elements.map((el) => record(el, null));
}"""
"""Every matched element's record (text, name, outer HTML, box)."""

READ_ENTRIES = "(elements, o) => {" + _HELPERS + """
  const inViewport = (el) => {
    const r = el.getBoundingClientRect();
    return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  };
  const found = [];
  for (let position = 0; position < elements.length; position++) {
    const el = elements[position];
    if (!shown(el)) continue;
    let markers;
    try {
      markers = Array.from(el.querySelectorAll(o.marker));
      if (el.matches(o.marker)) markers.unshift(el);
    } catch (error) {
      return {error: String(error && error.message || error), entries: []};
    }
    found.push([position, el, markers.filter(shown).slice(0, o.most)]);
  }
  for (const [, , markers] of found) {
    for (const marker of markers) {
      if (!inViewport(marker)) marker.scrollIntoView({block: "nearest", inline: "nearest"});
    }
  }
  const entries = found.map(([position, el, markers]) => ({
    position: position, record: record(el, null),
    account_id: o.attribute ? el.getAttribute(o.attribute) : null,
    markers: markers.map((marker) => record(marker, o.colour))}));
  return {error: null, entries: entries,
          viewport: [document.documentElement.clientWidth, document.documentElement.clientHeight]};
}"""
"""The visible entries: position among the matches, record, account id, and the records of
its first ``o.most`` visible markers, each scrolled into view first when it is not wholly in
the viewport (their boxes are then where a screenshot finds them); and the viewport's size
without scrollbars."""

LAST_SEEN = "(elements) => {" + _HELPERS + """
  return {count: elements.length, visible: elements.filter(shown).length,
          first: elements.length ? elements[0].outerHTML.slice(0, 300) : null};
}"""
"""How many elements match, how many are visible, and the first one's outer HTML."""
