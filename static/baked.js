// Backprop Lab before Python has started: First, Back, Next, Last, Play, the preset selector and
// the lesson's Start, Next page, Previous page and Start over replay what the build baked
// (app/baked.py, baked.json; its format and the hand-over: docs/static-build.md, "Before Python
// has started") into the pre-rendered document, computing nothing; anything else waits for
// Python, as the corner box says. The address follows the page, so that Python opens where the
// learner is (boot.js calls handover()). Only an address with no keys but lesson, preset, step.
window.bpBaked = (function () {
  const root = document.documentElement
  // `lesson`: the lesson page shown (from 1), 0 while exploring freely
  const me = {active: false, preset: null, step: 0, lesson: 0, data: null, waiting: new Map(), handedOver: false}
  let doc = null
  let timer = null
  let replaying = 0

  const query = new URLSearchParams(location.search)
  if (!window.bpMayBeBaked || !window.bpMayBeBaked(location.search)) return me  // static/early-worker.js

  const version = window.bpBuildId ? `?v=${window.bpBuildId}` : ''
  const loaded = fetch(`./baked.json${version}`).then((r) => (r.ok ? r.json() : null)).catch(() => null)

  // which model is which (static/model-keys.js); the preview's found once: no model joins it
  const keyed = window.bpModelKeys
  let docKeys = null
  const keysOf = (d) => (d === doc ? docKeys || (docKeys = keyed(d)) : keyed(d))

  const walkOf = (preset, lesson, data = me.data) => (lesson ? data.lessons[lesson - 1] : data.presets[preset])  // a preset's, or a page's

  // the replayed properties there, the labels placed for the plot's width: app/baked.py's state_at
  function stateAt(preset, step, lesson, out = replayed(me.data, preset, step, lesson)) {
    const narrow = me.data.narrow[placedFor()]
    for (const [key, props] of Object.entries(narrow ? replayed(narrow, preset, step, lesson) : {})) Object.assign(out[key] ??= {}, props)
    return out
  }
  function replayed(data, preset, step, lesson) {
    const out = {}
    for (const [key, props] of Object.entries(data.base)) out[key] = {...props}
    const p = walkOf(preset, lesson, data)
    for (const change of [p.enter, ...p.next.slice(0, step)]) {
      for (const [key, props] of Object.entries(change)) {
        for (let [prop, value] of Object.entries(props)) {
          if (value && value.merge) {
            const cols = new Map(out[key][prop].entries)
            for (const [col, v] of value.merge) cols.set(col, v)
            value = {type: 'map', entries: [...cols]}
          }
          out[key][prop] = value
        }
      }
    }
    return out
  }

  // the widest width baked that the plot as drawn has: app/plot_scale.py's placement_width on most phones
  function placedFor() {
    const plot = doc && keysOf(doc).get('name:network-diagram')
    const drawn = plot && !plot.properties.inner_width.is_unset ? plot.inner_width : Infinity
    const widths = [...Object.keys(me.data.narrow).map(Number), me.data.width].sort((a, b) => a - b)
    return widths.filter((w) => w <= drawn).pop() ?? widths[0]
  }

  // one patch, decoded by BokehJS as it decodes the worker's
  function put(d, state, shown) {
    const keys = keysOf(d)
    const events = []
    for (const [key, props] of Object.entries(state)) {
      const model = keys.get(key)
      if (!model) continue
      for (const [prop, value] of Object.entries(props)) {
        const text = JSON.stringify(value)
        if (shown && shown.get(`${key} ${prop}`) === text) continue
        if (shown) shown.set(`${key} ${prop}`, text)
        events.push({kind: 'ModelChanged', model: {id: model.id}, attr: prop, new: value})
      }
    }
    if (events.length) d.apply_json_patch({events}, new Map())
  }

  const shown = new Map()
  function show(preset, step, how, lesson = 0) {
    const p = walkOf(preset, lesson)
    step = Math.max(0, Math.min(step, p.steps))
    const changed = preset !== me.preset || step !== me.step || lesson !== me.lesson
    me.preset = preset
    me.step = step
    me.lesson = lesson
    replaying += 1
    try {
      put(doc, stateAt(preset, step, lesson), shown)
      // the parts a preset's own models replace (its sliders) wait for Python
      const keys = keysOf(doc)
      const waiting = new Set(p.waiting)
      for (const key of new Set([...waiting, ...me.waiting.keys()])) {
        const model = keys.get(key)
        if (!model) continue
        if (!me.waiting.has(key)) me.waiting.set(key, model.visible)
        doc.apply_json_patch({events: [{kind: 'ModelChanged', model: {id: model.id}, attr: 'visible',
                                        new: waiting.has(key) ? false : me.waiting.get(key)}]}, new Map())
      }
    } finally {
      replaying -= 1
    }
    if (changed && how) {
      const search = (lesson ? `?lesson=${lesson}&` : '?') + `preset=${encodeURIComponent(preset)}&step=${step}`
      if (how === 'push') history.pushState(null, '', search)
      else history.replaceState(null, '', search)
    }
    say(p.waiting.length ? `This network's sliders appear then.` : '')
    root.dataset.bpBaked = `${preset} ${step}` + (lesson ? ` lesson ${lesson}` : '')
  }

  // the corner box (static/landing.html) says what works now and what waits
  let note = null
  function say(extra) {
    if (!note) {
      const box = document.getElementById('bp-boot')
      if (!box) return
      note = document.createElement('div')
      note.className = 'bp-baked-note'
      box.insertBefore(note, box.querySelector('.bp-boot-progress'))
    }
    note.textContent = 'Steps, Play and the preset work now; sliders, typing and training wait for ' +
      'Python, still starting. ' + (extra || '')
  }

  function press(what) {
    const p = walkOf(me.preset, me.lesson)
    if (what === 'first') show(me.preset, 0, 'replace', me.lesson)
    else if (what === 'back') show(me.preset, me.step - 1, 'replace', me.lesson)
    else if (what === 'next') show(me.preset, me.step + 1, 'replace', me.lesson)
    else if (what === 'last') show(me.preset, p.steps, 'replace', me.lesson)
  }

  // a lesson page at the step it opens at (app/lesson.py open_page): a new history entry as
  // Python makes, the same one for Start over (only the step changes)
  function openPage(number, how) {
    const page = me.data.lessons[number - 1]
    if (page) show(page.preset, page.start, how, number)
  }

  function play(on) {
    const keys = keysOf(doc)
    const toggle = keys.get('class:step-player')
    if (timer) { clearInterval(timer); timer = null }
    if (on) {
      const steps = walkOf(me.preset, me.lesson).steps
      if (me.step >= steps) show(me.preset, 0, 'replace', me.lesson)
      timer = setInterval(() => {
        show(me.preset, me.step + 1, 'replace', me.lesson)
        if (me.step >= steps) play(false)
      }, me.data.interval_ms)
    }
    if (toggle) {
      replaying += 1
      try { toggle.setv({active: Boolean(on), label: on ? me.data.pause : me.data.play}) } finally { replaying -= 1 }
    }
  }

  // what the learner changes in the pre-rendered page, kept to hand to Python
  const pending = []
  let answered = null  // start(): Python may start once what the learner did is on screen
  function heard(event) {
    if (replaying || !me.active) return
    if (event.attr === 'inner_width') return show(me.preset, me.step, null, me.lesson)  // drawn, or resized
    if (answered) { answered(); answered = null }
    const model = event.model
    const keys = keysOf(doc)
    const key = [...keys].find(([, m]) => m === model)?.[0]
    if (event.attr === undefined) {  // a model event: a button pressed
      const name = event.msg_data?.event_name ?? event.event?.event_name
      const origin = event.msg_data?.origin ?? event.event?.origin ?? model
      const okey = [...keys].find(([, m]) => m === origin)?.[0]
      if (name !== 'button_click' || !okey) return
      const step = /^class:step-(first|back|next|last)$/.exec(okey)
      if (step) return press(step[1])
      // the lesson's own buttons, unless a change waits for Python, who would apply it first and
      // Start over would undo it (Leave keeps the page for Python, who knows where to go back to)
      if (!pending.length && !timer) {
        if (okey === 'class:lesson-start') return openPage(1, 'push')
        if (okey === 'class:lesson-next' && me.lesson) return openPage(me.lesson + 1, 'push')
        if (okey === 'class:lesson-back' && me.lesson) return openPage(me.lesson - 1, 'push')
        if (okey === 'class:lesson-restart' && me.lesson) return openPage(me.lesson, 'replace')
      }
      pending.push({key: okey, click: true})
      return say(`Your press of "${origin.label}" will count once it has started.`)
    }
    // on a lesson page the preset keeps the page on screen, over a network no page is baked for
    if (key === 'class:preset-select' && event.attr === 'value' && !me.lesson) {
      if (event.value in me.data.presets) return show(event.value, 0, 'push')
      return say('A custom network needs Python.')
    }
    if (key === 'class:step-player' && event.attr === 'active') return play(event.value)
    if (!key || !['value', 'value_input', 'active', 'value_throttled'].includes(event.attr)) return
    const i = pending.findIndex((c) => c.key === key && c.attr === event.attr)
    if (i >= 0) pending.splice(i, 1)
    pending.push({key, attr: event.attr, value: event.value})
    say('Your change will be applied as soon as Python is ready.')
  }

  // Back and Forward while baked: show what the address holds
  window.addEventListener('popstate', () => {
    if (!me.active) return
    const where = baked(new URLSearchParams(location.search))
    if (where) show(where.preset, where.step, null, where.lesson)
  })

  // what an address shows, if it is baked: {preset, step, lesson}, else null
  function baked(q) {
    if (!q.has('lesson')) {
      const preset = q.get('preset') || me.data.default
      return preset in me.data.presets ? {preset, step: Number(q.get('step')) || 0, lesson: 0} : null
    }
    const lesson = Number(q.get('lesson'))
    const page = Number.isInteger(lesson) ? me.data.lessons[lesson - 1] : null
    if (!page || (q.has('preset') && q.get('preset') !== page.preset)) return null
    return {preset: page.preset, step: q.has('step') ? Number(q.get('step')) || 0 : page.start, lesson}
  }

  function previewDoc() {  // the pre-rendered document, once BokehJS has drawn a root of it
    const B = window.Bokeh
    return B && B.index && Array.isArray(B.documents) && B.documents.length && (B.index.roots || []).length ? B.documents[0] : null
  }

  // BokehJS draws in long tasks and says nothing when a root is drawn: look every 20 ms
  async function until(ready) {
    while (!ready() && !me.handedOver) await new Promise((resolve) => setTimeout(resolve, 20))
    return !me.handedOver
  }

  // Python starts once the page answers (static/worker.js bpWhenToStart), or now if it never will
  let went = false
  function go() {
    if (!went && window.bpWorker) window.bpWorker.postMessage({type: 'go'})
    went = true
  }

  async function start() {
    me.data = await loaded
    mark('baked data')
    if (!me.data || me.data.version !== 3 || !await until(() => (doc = previewDoc()))) return go()
    mark('preview')
    const where = baked(query)
    if (!where) return go()  // Python names what it cannot open
    doc.on_change(heard, false)
    // the preview shows the base state already: only what differs from it is replayed (~0.15 s)
    for (const [key, props] of Object.entries(me.data.base)) {
      for (const [prop, value] of Object.entries(props)) shown.set(`${key} ${prop}`, JSON.stringify(value))
    }
    me.active = true
    root.classList.add('bp-baked')
    show(where.preset, where.step, null, where.lesson)
    mark('baked')
    // Python's start takes the second core for seconds: not before Next is drawn, nor while a press
    // made at once is answered, but once that step is painted or the page is next idle (each made
    // the first Next sooner: docs/benchmarks.md)
    const next = typeof Bokeh.index.find_one === 'function' ? keysOf(doc).get('class:step-next') : null
    if (next) await until(() => Bokeh.index.find_one(next))
    mark('next drawn')
    await new Promise((resolve) => {
      answered = () => requestAnimationFrame(() => setTimeout(resolve, 0))
      if (window.requestIdleCallback) requestIdleCallback(resolve, {timeout: 400})
      else setTimeout(resolve, 0)
    })
    mark('go')
    go()
  }
  // beside boot.js's start-up timings: when the baked steps came, the preview was there, and they answered
  function mark(name) {
    const t = window.bpBakedTimings || (window.bpBakedTimings = {}); if (!(name in t)) t[name] = performance.now()
  }
  start()

  // boot.js: the live document is on the page and not yet painted; Python has been sent the address
  me.handover = function (live, quietly) {
    me.handedOver = true
    if (!me.active) return
    me.active = false
    const playing = timer !== null
    if (timer) { clearInterval(timer); timer = null }
    root.classList.remove('bp-baked')
    quietly(() => put(live, stateAt(me.preset, me.step, me.lesson), null))
    const keys = keyed(live)
    for (const change of pending) {
      const model = keys.get(change.key)
      if (!model) continue
      try {  // one change Python cannot take must not stop the rest of the hand-over
        if (change.click) model.trigger_event(new (Bokeh.require('core/bokeh_events').ButtonClick)())
        else model.setv({[change.attr]: change.value})
      } catch (e) {
        console.warn(`Backprop Lab: a change made before Python was ready was not passed on (${e})`)
      }
    }
    if (playing) keys.get('class:step-player')?.setv({active: true})
    if (note) note.remove()
    delete root.dataset.bpBaked
  }
  me.stateAt = (preset, step, lesson = 0) => stateAt(preset, step, lesson)
  me.go = (preset, step, lesson = 0) => show(preset, step, 'replace', lesson)  // tests and benchmarks
  me.keyed = keyed
  return me
})()
