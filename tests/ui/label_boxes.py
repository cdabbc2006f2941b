"""Every label the diagram draws, as a box in the plot's own pixels, measured in the page.

Positions and texts are read from the page's data sources and ranges, at the plot's drawn size
(BokehJS's inner_width and inner_height), and each line of text is measured with the canvas font
BokehJS draws it in. So the boxes are what a learner sees, not what app/labels.py assumes.
"""
from __future__ import annotations

from app.plot_scale import Box
from app.unit_labels import segment_meets_box

JS_LABEL_BOXES = """() => {
  let plot = null;
  for (const d of Bokeh.documents) { plot = plot || d.get_model_by_name('network-diagram'); }
  if (plot == null || !plot.inner_width) return null;
  const doc = plot.document;
  const W = plot.inner_width, H = plot.inner_height;
  const xr = plot.x_range, yr = plot.y_range;
  const sx = (x) => (x - xr.start) / (xr.end - xr.start) * W;
  const sy = (y) => (yr.end - y) / (yr.end - yr.start) * H;
  const ctx = document.createElement('canvas').getContext('2d');
  const constant = (v) => (v != null && typeof v === 'object' && 'value' in v) ? v.value : v;
  const labelSet = (name) => doc.get_model_by_name(name);
  function measure(text, font_px, style, family, line_height) {
    ctx.font = `${style === 'normal' ? '' : style + ' '}${font_px}px ${family}`;
    const lines = String(text).split('\\n');
    const width = Math.max(...lines.map(l => ctx.measureText(l).width));
    const m = ctx.measureText('ÅŚg|');
    const height = m.fontBoundingBoxAscent + m.fontBoundingBoxDescent;
    return [width, height * (1 + (lines.length - 1) * line_height)];
  }
  const boxes = [];
  function add(kind, id, x, y, text, size, style, dx, dy, align, baseline, set) {
    if (text == null || text === '') return;
    const font_px = parseFloat(size);
    const [w, h] = measure(text, font_px, style, constant(set.text_font), constant(set.text_line_height));
    const px = sx(x) + dx, py = sy(y) - dy;  // a positive y offset is up
    const left = align === 'left' ? px : align === 'right' ? px - w : px - w / 2;
    const top = baseline === 'top' ? py : baseline === 'bottom' ? py - h : py - h / 2;
    boxes.push({kind, id, text: String(text), x0: left, y0: top, x1: left + w, y1: top + h, align});
  }
  function column(set, source, prop, k, fallback) {
    const value = set[prop];
    if (value != null && typeof value === 'object' && 'field' in value) return source.data[value.field][k];
    if (value != null && typeof value === 'object' && 'value' in value) return value.value;
    return value == null ? fallback : value;
  }
  for (const name of ['edge-labels', 'bias-labels', 'target-labels', 'value-labels', 'delta-labels', 'learner-labels']) {
    const set = labelSet(name);
    if (set == null || !set.visible) continue;
    const source = set.source, n = source.get_length();
    for (let k = 0; k < n; k++) {
      const text = column(set, source, 'text', k, null);
      add(name, (source.data.id || [])[k], column(set, source, 'x', k), column(set, source, 'y', k), text,
          column(set, source, 'text_font_size', k), column(set, source, 'text_font_style', k, 'normal'),
          column(set, source, 'x_offset', k, 0), column(set, source, 'y_offset', k, 0),
          column(set, source, 'text_align', k, 'left'), column(set, source, 'text_baseline', k, 'bottom'), set);
    }
  }
  const units = [];
  const nodes = doc.get_model_by_name('nodes');
  const glyph = doc.get_model_by_name('node-glyph').glyph;
  const r = constant(glyph.size) / 2;
  for (let k = 0; k < nodes.get_length(); k++) {
    units.push({kind: 'unit', id: nodes.data.id[k], cx: sx(nodes.data.x[k]), cy: sy(nodes.data.y[k]), r});
  }
  const biases = doc.get_model_by_name('biases');
  const bias_glyph = doc.get_model_by_name('bias-glyph').glyph;
  const half = constant(bias_glyph.size) / 2;
  for (let k = 0; k < biases.get_length(); k++) {
    const cx = sx(biases.data.x[k]), cy = sy(biases.data.y[k]);
    units.push({kind: 'bias', id: biases.data.id[k], cx, cy, r: half, square: true});
  }
  const lines = [];
  const edges = doc.get_model_by_name('edges');
  for (let k = 0; k < edges.get_length(); k++) {
    const e = edges.data;
    lines.push({id: e.id[k], ax: sx(e.x0[k]), ay: sy(e.y0[k]), bx: sx(e.x1[k]), by: sy(e.y1[k]), half: e.width[k] / 2});
  }
  return {width: W, height: H, boxes, units, lines};
}"""

TOUCH_PX = 1.0  # anti-aliasing: boxes that share less than this in both directions do not overlap


def read(page) -> dict | None:
    """The plot's size, every drawn label's box and every unit (centre, radius), in plot pixels."""
    return page.evaluate(JS_LABEL_BOXES)


def _overlap(a: dict, b: dict) -> bool:
    return (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > TOUCH_PX
            and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > TOUCH_PX)


def _covers(box: dict, unit: dict) -> bool:
    """Does a label's box cover part of a unit (a circle) or a bias (a square)?"""
    nx = min(max(unit["cx"], box["x0"]), box["x1"])
    ny = min(max(unit["cy"], box["y0"]), box["y1"])
    if unit.get("square"):
        return (abs(nx - unit["cx"]) < unit["r"] - TOUCH_PX) and (abs(ny - unit["cy"]) < unit["r"] - TOUCH_PX)
    return (nx - unit["cx"]) ** 2 + (ny - unit["cy"]) ** 2 < (unit["r"] - TOUCH_PX) ** 2


def _crosses(box: dict, line: dict) -> bool:
    """Does an edge's line, as thick as drawn, pass through the box?"""
    grow = line["half"] - TOUCH_PX
    grown = Box(box["x0"] - grow, box["y0"] - grow, box["x1"] + grow, box["y1"] + grow)
    return segment_meets_box((line["ax"], line["ay"]), (line["bx"], line["by"]), grown)


BESIDE_UNIT = ("value-labels", "delta-labels")  # a unit's labels beside it; under and over it (centred) they sit across its edges


def collisions(drawn: dict) -> list[str]:
    """Each label that overlaps another label, covers a unit or a bias, or runs past the plot's
    edge; and each unit label beside its unit that an edge's line runs through."""
    found = []
    boxes, units = drawn["boxes"], drawn["units"]
    for k, a in enumerate(boxes):
        name = f"{a['kind']} {a['id']} {a['text']!r}"
        if a["x0"] < -TOUCH_PX or a["y0"] < -TOUCH_PX or a["x1"] > drawn["width"] + TOUCH_PX or a["y1"] > drawn["height"] + TOUCH_PX:
            found.append(f"{name} runs past the plot's edge ({a['x0']:.0f}..{a['x1']:.0f} of {drawn['width']}, "
                         f"{a['y0']:.0f}..{a['y1']:.0f} of {drawn['height']})")
        for b in boxes[k + 1:]:
            if _overlap(a, b):
                found.append(f"{name} overlaps {b['kind']} {b['id']} {b['text']!r}")
        for u in units:
            # a unit's own labels sit beside it by construction; any other label must not cover it
            if _covers(a, u):
                found.append(f"{name} covers {u['kind']} {u['id']}")
        if a["kind"] in BESIDE_UNIT and a["align"] != "center":
            found += [f"{name} is crossed by edge {line['id']}" for line in drawn["lines"] if _crosses(a, line)]
    return found
