  // Backprop Lab (inserted by build.py): the pure-Python packages from the bundle
  // (static/worker-bundle.js), and one loadPackage call for the Pyodide-built ones
  // (NumPy), resolved from the site's own pyodide-lock.json, which checks each file's
  // sha256; no micropip, no package index, no request off the site.
  self.postMessage({type: 'status', msg: 'Loading packages (NumPy, Bokeh, Panel, the simulator)', step: 2})
  try {
    const wanted = __PACKAGES__
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
