// Backprop Lab (inlined at the top of <head> by build.py): start the Python
// worker before the page parses BokehJS and draws the preview, so that the two
// run side by side.  Messages that arrive before boot.js listens are kept.
// The page's query string goes with it: Python reads ?theme=dark from it before the first render.
window.bpWorker = new Worker('./main.js' + location.search)
// The worker starts Python when told to (static/worker.js, bpWhenToStart): static/baked.js says
// so once the pre-rendered page answers; a page opened with other keys than preset and step is
// not baked, so its Python starts at once.
if (![...new URLSearchParams(location.search).keys()].every((k) => k === 'preset' || k === 'step')) {
  window.bpWorker.postMessage({type: 'go'})
}
window.bpEarly = []
window.bpWorker.addEventListener('message', (event) => {
  if (!window.bpBooted) {
    const handled = Boolean(window.bpWorker.onmessage)  // Panel's handler saw it
    window.bpEarly.push({data: event.data, t: performance.now(), handled})
  }
})
