// Backprop Lab start-up: progress panel, a "ready" flag for tests and
// benchmarks, start-up timings, and the service worker for second visits.
(function () {
  const root = document.documentElement
  const box = document.getElementById('bp-boot')
  const bar = box.querySelector('.bp-boot-progress')
  const step = box.querySelector('.bp-boot-step')
  const timings = (window.bpTimings = {})
  const mark = (name, t) => { if (!(name in timings)) timings[name] = t === undefined ? performance.now() : t }
  root.dataset.bpState = 'loading'
  darkFromAddress()

  function show(text, value) {
    step.textContent = text
    if (value !== undefined) bar.value = value
  }
  show('Starting Python (Pyodide, about 4 MB)…', 1)

  function onMessage(msg, t) {
    if (msg.type === 'status') {
      if (msg.step === -1 || /^Error|Error while/.test(msg.msg) ||
          (root.dataset.bpState === 'loading' && msg.step === undefined && !/pyodide|Executing/i.test(msg.msg))) {
        box.classList.add('bp-failed')
        root.dataset.bpState = 'failed'
        show(msg.msg)
        return
      }
      if (/pyodide/i.test(msg.msg)) { mark('pyodide', t); show('Starting Python (Pyodide, about 4 MB)…', 1) }
      else if (msg.step === 2) { mark('packages', t); show(msg.msg + '…', 2) }
      else if (msg.step === 3) { mark('code', t); show(msg.msg + '…', 3) }
      else if (/Executing/.test(msg.msg)) { show('Building the network…', 3) }
    } else if (msg.type === 'render') {
      mark('render', t)
      show('Drawing…', 4)
    }
  }
  // early-worker.js kept what the worker said before this script ran.
  window.bpBooted = true
  for (const {data, t, handled} of window.bpEarly || []) {
    onMessage(data, t)
    if (!handled && data.type !== 'status') pyodideWorker.onmessage({data})  // never lose one
  }
  pyodideWorker.addEventListener('message', (event) => onMessage(event.data))

  // Panel removes pn-loading from <body> once the live document is embedded.
  const observer = new MutationObserver(() => {
    if (!document.body.classList.contains('pn-loading')) {
      observer.disconnect()
      mark('ready')
      if (window.bpBaked && bpBaked.handover) bpBaked.handover(pyodideWorker.jsdoc, bpCompat.quietly)  // static/baked.js
      bpCompat.dropPatchesForDiscardedModels(pyodideWorker.jsdoc)  // static/panel-compat.js
      bpCompat.forgetPreview(pyodideWorker.jsdoc)
      bpCompat.sendDrawnSizes(pyodideWorker.jsdoc)  // after the hand-over: Python places labels for the plot as drawn
      root.dataset.bpState = 'ready'
      box.hidden = true
      registerServiceWorker()
    }
  })
  observer.observe(document.body, {attributes: true, attributeFilter: ['class']})

  // ?theme=dark, as under panel serve. The worker makes the app's own parts dark (it reads the
  // query, static/early-worker.js); the page around them was written by `panel convert` in the
  // default theme, so its theme stylesheets and Bootstrap's switch are set here.
  function darkFromAddress() {
    if (new URLSearchParams(location.search).get('theme') !== 'dark') return
    root.dataset.bsTheme = 'dark'
    for (const link of document.querySelectorAll('link[rel=stylesheet][href*="/bundled/theme/"]')) {
      link.href = link.href.replace(/\/(bootstrap_)?default\.css/, '/$1dark.css')
    }
  }

  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || location.protocol !== 'http:' && location.protocol !== 'https:') return
    navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('service worker not registered:', e))
  }
})()
