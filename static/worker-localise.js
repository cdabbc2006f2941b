// Backprop Lab (inserted by build.py): Panel writes stylesheet URLs on its CDN
// into the documents and patches this worker sends; map them to the site's
// own copies so that no request leaves the site.
const BP_REWRITES = __REWRITES__;
function bpLocalise(text) {
  for (const [cdn, local] of BP_REWRITES) text = text.split(cdn).join(local)
  return text
}
const bpPostMessage = self.postMessage.bind(self)
self.postMessage = (msg, ...rest) => {
  if (msg && msg.type === 'render') {
    msg = {...msg, docs_json: bpLocalise(msg.docs_json)}
  } else if (msg && msg.type === 'patch' && msg.patch) {
    const text = JSON.stringify(msg.patch)
    if (BP_REWRITES.some(([cdn]) => text.includes(cdn))) {
      msg = {...msg, patch: JSON.parse(bpLocalise(text))}
    }
  }
  return bpPostMessage(msg, ...rest)
}
