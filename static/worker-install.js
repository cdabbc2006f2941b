  // Backprop Lab (inserted by build.py): one loadPackage call resolves every
  // package from the site's own pyodide-lock.json and fetches them in
  // parallel; no micropip, no package index, no request off the site.
  self.postMessage({type: 'status', msg: 'Loading packages (NumPy, Bokeh, Panel, the simulator)', step: 2})
  try {
    await self.pyodide.loadPackage(__PACKAGES__, {
      messageCallback: () => {},
      errorCallback: (m) => console.error(m),
    })
  } catch (e) {
    self.postMessage({type: 'status', msg: `Error while loading packages: ${e}`, step: -1})
    throw e
  }
  self.postMessage({type: 'status', msg: 'Starting the simulator', step: 3})
  console.log("Packages loaded!");
