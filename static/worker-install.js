  // Backprop Lab (inserted by build.py): the pure-Python packages from the bundle
  // (static/worker-bundle.js), and one loadPackage call for the Pyodide-built ones
  // (NumPy), resolved from the site's own pyodide-lock.json, which checks each file's
  // sha256; no micropip, no package index, no request off the site.
  self.postMessage({type: 'status', msg: 'Loading packages (NumPy, Bokeh, Panel, the simulator)', step: 2})
  try {
    const binary = self.pyodide.loadPackage(__PACKAGES__, {
      messageCallback: () => {},
      errorCallback: (m) => console.error(m),
    })
    await bpInstallBundle(self.pyodide)
    await binary
    self.pyodide.runPython('import importlib; importlib.invalidate_caches()')
  } catch (e) {
    self.postMessage({type: 'status', msg: `Error while loading packages: ${e}`, step: -1})
    throw e
  }
  self.postMessage({type: 'status', msg: 'Starting the simulator', step: 3})
  console.log("Packages loaded!");
