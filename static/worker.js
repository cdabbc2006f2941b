// Backprop Lab's part of the site's worker (build/site/main.js), which runs the app in
// Pyodide. The build (sitebuild/rewrite.py) writes, in order:
//   const BP_SITE = {bundle, integrity, packages, rewrites}   this build's data
//   this file
//   Panel's own worker (`panel convert --to pyodide-worker`), where its install loop, its
//   patch handler and its location handler are replaced by calls into this file:
//   bpInstallPackages(), bpHandlers() with bpApplyPatch() and bpSetLocation(); and its
//   unawaited link of the documents gets a .catch that says in the console if it failed.
// Nothing else is changed in Panel's part, so what this file says is what differs.

// 0. When to start Python. Starting it takes the page's CPU for seconds (compiling Pyodide,
// unpacking packages, importing Panel), and on a machine with few cores that slowed the
// pre-rendered page's own start, which static/baked.js makes answer Next before Python is
// there (first Next answered in 2.2-2.5 s cold here with Python starting beside it, 1.6 s
// without; docs/benchmarks.md). So Python starts when the page says 'go': once the baked page
// answers and its Next button is drawn, at once when the page is not one baked mode serves
// (static/early-worker.js), and in any case after GO_ANYWAY_MS. The downloads start now.
const GO_ANYWAY_MS = 4000
function bpWhenToStart() {
  return new Promise((resolve) => {
    const go = () => { clearTimeout(timer); resolve() }
    const timer = setTimeout(go, GO_ANYWAY_MS)
    self.addEventListener('message', (event) => { if (event.data && event.data.type === 'go') go() })
  })
}
fetch('./pyodide/pyodide.asm.wasm', {priority: 'low'}).catch(() => {})  // into the HTTP cache for loadPyodide

// 1. Panel writes stylesheet URLs on its CDN
// into the documents and patches this worker sends; map them to the site's
// own copies so that no request leaves the site.
const BP_REWRITES = BP_SITE.rewrites;
function bpLocalise(text) {
  for (const [cdn, local] of BP_REWRITES) text = text.split(cdn).join(local)
  return text
}
const bpPostMessage = self.postMessage.bind(self)
self.postMessage = (msg, ...rest) => {
  if (msg && msg.type === 'render') {
    msg = {...msg, docs_json: bpLocalise(msg.docs_json)}
  } else if (msg && msg.type === 'patch' && typeof msg.patch === 'string') {
    // app/panel_compat/worker.py's send_patches_as_json: JSON text, so that None stays null
    msg = {...msg, patch: JSON.parse(bpLocalise(msg.patch))}
  } else if (msg && msg.type === 'patch' && msg.patch) {
    const text = JSON.stringify(msg.patch)
    if (BP_REWRITES.some(([cdn]) => text.includes(cdn))) {
      msg = {...msg, patch: JSON.parse(bpLocalise(text))}
    }
  }
  return bpPostMessage(msg, ...rest)
}

// 2. The pure-Python packages (Panel, Bokeh, the
// simulator and the rest) come as one gzipped file of already-unpacked files.
// bpInstallBundle writes them into site-packages from JavaScript; Pyodide's loadPackage
// would unzip ~20 wheels file by file in Python, about half a second of a cold start.
// The download starts now, beside Pyodide's own (on a slow connection all of it is
// waiting on the network), at low priority so that Pyodide's runtime comes first; it
// is only unzipped once Python has started, because until then the worker's thread is
// the one starting Python. The fetch checks the file against its sha256 (`integrity`).
// Format: sitebuild/bundle.py's write_bundle.
self.bpBundle = fetch(`./pyodide/${BP_SITE.bundle}`, {integrity: BP_SITE.integrity, priority: 'low'}).then((response) => {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
  return response.blob()
}).catch((e) => {
  throw new Error(`the site's packages (pyodide/${BP_SITE.bundle}) could not be loaded (${e.message}). ` +
    'Either the connection failed, or the file is not the one this build of the page expects ' +
    '(its sha256 differs: a partial or mixed upload?); publishing build/site/ again mends that.')
})
self.bpBundle.catch(() => {})  // reported where it is awaited

async function bpInstallBundle(pyodide) {
  const gzipped = await self.bpBundle
  const buffer = await new Response(gzipped.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
  const n = new DataView(buffer).getUint32(0, true)
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, n)))
  const root = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')") + '/'
  const made = new Set()
  for (const [path, offset, size] of header.files) {
    const file = root + path
    const dir = file.slice(0, file.lastIndexOf('/'))
    if (!made.has(dir)) {
      pyodide.FS.mkdirTree(dir)
      made.add(dir)
    }
    pyodide.FS.writeFile(file, new Uint8Array(buffer, 4 + n + offset, size))
  }
}

// 3. Hand the page's messages to Python in the order they
// come. Panel's worker stores each in a global and runs async code that reads the global
// after an await, so two messages in quick succession lost the first and applied the
// second twice (one click on "One epoch" trained two). Here each patch is converted at
// once and applied in a task on Pyodide's loop; tasks run in the order they are made.
let bpApplyPatch = null
let bpSetLocation = null
function bpHandlers() {
  if (bpApplyPatch === null) {
    // app/panel_compat/worker.py's worker_handlers (it needs one of Panel's private functions)
    const handlers = self.pyodide.runPython('from app.panel_compat import worker_handlers; worker_handlers()')
    bpApplyPatch = handlers.get(0)
    bpSetLocation = handlers.get(1)
    handlers.destroy()
  }
}

// 4. Called where Panel's worker would install its requirements with micropip.
// First, in Python: CPython 3.12's zipimporter.invalidate_caches() reads its archive's whole
// directory again at once (python/cpython#103200; 3.13 defers that to the next import). Pyodide's
// standard library is one zip behind 16 zipimporters, and importlib.invalidate_caches(), which
// loadPackage calls after installing and this worker after writing the bundle, made each of them
// read it again: 50-90 ms of the start each time. That zip never changes, so its importers keep
// what they read; any other zip, and every directory, is invalidated as before.
const BP_STDLIB_ZIP_KEPT = `
def _keep_stdlib_zip():
    import sys, zipimport
    stdlib_zip = next((p for p in sys.path if p.endswith(".zip")), None)
    invalidate = zipimport.zipimporter.invalidate_caches
    def invalidate_caches(self):
        if self.archive != stdlib_zip:
            invalidate(self)
    zipimport.zipimporter.invalidate_caches = invalidate_caches
_keep_stdlib_zip()
del _keep_stdlib_zip
`
async function bpInstallPackages() {
  // The pure-Python packages from the bundle
  // (bpInstallBundle above), and one loadPackage call for the Pyodide-built ones
  // (NumPy), resolved from the site's own pyodide-lock.json, which checks each file's
  // sha256; no micropip, no package index, no request off the site.
  self.postMessage({type: 'status', msg: 'Loading packages (NumPy, Bokeh, Panel, the simulator)', step: 2})
  try {
    self.pyodide.runPython(BP_STDLIB_ZIP_KEPT)
    const wanted = BP_SITE.packages
    const failed = []
    const binary = self.pyodide.loadPackage(wanted, {
      messageCallback: () => {},
      errorCallback: (m) => { failed.push(m); console.error(m) },
    })
    await Promise.all([binary, bpInstallBundle(self.pyodide)])
    // Pyodide 0.27's loadPackage reports a file it cannot load or verify only through
    // errorCallback and resolves anyway; without this the app would fail later, on import
    const missing = wanted.filter((name) => !(name in self.pyodide.loadedPackages))
    if (missing.length) {
      throw new Error(`${missing.join(', ')} could not be loaded from pyodide/ (${failed.join('; ') || 'no reason given'}). ` +
        'If the site was just published, a partial or mixed upload is the likely cause; publishing build/site/ again mends that.')
    }
    self.pyodide.runPython('import importlib; importlib.invalidate_caches()')
  } catch (e) {
    self.postMessage({type: 'status', msg: `Error while loading packages: ${e.message || e}`, step: -1})
    throw e
  }
  self.postMessage({type: 'status', msg: 'Starting the simulator', step: 3})
  console.log("Packages loaded!");
}
