// Backprop Lab (inserted by build.py): the pure-Python packages (Panel, Bokeh, the
// simulator and the rest) come as one gzipped file of already-unpacked files.
// bpInstallBundle writes them into site-packages from JavaScript; Pyodide's loadPackage
// would unzip ~20 wheels file by file in Python, about half a second of a cold start.
// The download starts now, beside Pyodide's own (on a slow connection all of it is
// waiting on the network), at low priority so that Pyodide's runtime comes first; it
// is only unzipped once Python has started, because until then the worker's thread is
// the one starting Python. The fetch checks the file against its sha256 (`integrity`).
// Format: build.py's write_bundle.
self.bpBundle = fetch('./pyodide/__BUNDLE__', {integrity: '__INTEGRITY__', priority: 'low'}).then((response) => {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`)
  return response.blob()
}).catch((e) => {
  throw new Error(`the site's packages (pyodide/__BUNDLE__) could not be loaded (${e.message}). ` +
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
