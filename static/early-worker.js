// Backprop Lab (inlined at the top of <head> by build.py): start the Python
// worker before the page parses BokehJS and draws the preview, so that the two
// run side by side.  Messages that arrive before boot.js listens are kept.
// The page's query string goes with it: Python reads ?theme=dark from it before the first render.
window.bpWorker = new Worker('./main.js' + location.search)
// Which addresses the baked steps may serve (static/baked.js): none with other keys than these.
window.bpMayBeBaked = (search) => [...new URLSearchParams(search).keys()].every((k) => ['lesson', 'preset', 'step'].includes(k))
// The worker starts Python when told to (static/worker.js, bpWhenToStart): static/baked.js says
// so once the pre-rendered page answers; a page the baked steps cannot serve starts it at once.
if (!window.bpMayBeBaked(location.search)) window.bpWorker.postMessage({type: 'go'})
window.bpEarly = []
window.bpWorker.addEventListener('message', (event) => {
  if (!window.bpBooted) {
    const handled = Boolean(window.bpWorker.onmessage)  // Panel's handler saw it
    window.bpEarly.push({data: event.data, t: performance.now(), handled})
  }
})
