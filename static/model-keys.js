// Which model of a Bokeh document is which, in the pre-rendered page and in Python's live one:
// the same rule as app/page_snapshot.py's model_keys, by which the build bakes the steps
// (app/baked.py) and static/baked.js replays them. A key is `name:N` for a name no other model
// has (and not one made up from a counter), else `class:C` for its first CSS class no other
// model has; a model with neither has no key.
window.bpModelKeys = (function () {
  function ownName(model) {
    const name = model.name
    return typeof name === 'string' && name && !/\d{5}/.test(name) ? name : null
  }
  function keyed(d) {
    const names = new Map()
    const classes = new Map()
    const add = (map, k, m) => map.set(k, (map.get(k) || 0) + 1)
    for (const m of d.all_models) {
      const n = ownName(m)
      if (n) add(names, n, m)
      for (const c of m.css_classes || []) add(classes, c, m)
    }
    const out = new Map()
    for (const m of d.all_models) {
      const n = ownName(m)
      if (n && names.get(n) === 1) { out.set(`name:${n}`, m); continue }
      for (const c of m.css_classes || []) {
        if (classes.get(c) === 1) { out.set(`class:${c}`, m); break }
      }
    }
    return out
  }
  return keyed
})()
