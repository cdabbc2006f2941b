// Backprop Lab in the page: run by Bokeh on the document's own events (app/page.py reads this file), the same
// under `panel serve` and in the static site. `when` is "ready" or "lost".
//  - ready: upload boxes refuse a file over their limit before reading it. Bokeh's FileInput
//    reads the whole file and sends it to Python in one message; a file over the server's
//    websocket limit (20 MB) closes the connection and every control goes dead. The box's
//    limit is its CSS class upload-limit-<bytes>; instead of the file the page sends its name,
//    its size and a MIME type that says it was kept back (app/uploads.py words the message).
//  - lost (panel serve only): the connection to the server closed. Say so, make the page inert
//    (its controls would change nothing), and offer a reload once the server answers again:
//    the page's address holds the whole state.
const bp = window.backpropLab || (window.backpropLab = {})

if (when === "ready" && !bp.uploadLimit) {
  const model = Bokeh.Models.get("FileInput")
  const view = model && model.prototype.default_view
  if (view) {
    bp.uploadLimit = true
    const load_files = view.prototype.load_files
    view.prototype.load_files = async function (files) {
      const cls = (this.model.css_classes || []).find((c) => c.startsWith("upload-limit-"))
      const limit = cls ? Number(cls.slice("upload-limit-".length)) : Infinity
      const big = Array.from(files).find((file) => file.size > limit)
      if (big === undefined) return load_files.call(this, files)
      this.input_el.value = ""  // the browser lets go of the file; nothing of it is read
      // the MIME type first: in the static site each property reaches Python as its own event,
      // and Python reads the file when its value changes
      this.model.setv({filename: big.name, mime_type: "application/x-backprop-lab-too-large"})
      this.model.setv({value: btoa(String(big.size))})
    }
  }
}

if (when === "lost" && !bp.lost) {
  bp.lost = true
  const notice = document.createElement("div")
  notice.className = "bp-connection-lost"
  notice.setAttribute("role", "alert")
  notice.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2000;padding:0.8rem 1.2rem;" +
    "background:#FFF4E5;color:#1A1A1A;border-bottom:3px solid #D55E00;font:16px/1.4 system-ui,sans-serif"
  const text = document.createElement("span")
  text.textContent = "Connection to the server lost: the controls on this page no longer do anything. " +
    "Reload the page once the server is back; its address holds your network, weights and step."
  const reload = document.createElement("button")
  reload.textContent = "Reload the page"
  reload.style.cssText = "margin-left:1rem;font:inherit;padding:0.2rem 0.8rem"
  reload.addEventListener("click", () => location.reload())
  notice.append(text, reload)
  for (const child of document.body.children) child.inert = true  // marked inactive: no clicks, no focus
  document.documentElement.classList.add("bp-disconnected")
  document.body.append(notice)
  reload.focus()
  // offer the reload as soon as the server answers again
  const poll = setInterval(async () => {
    try {
      const response = await fetch(location.href, {method: "HEAD", cache: "no-store"})
      if (!response.ok) return
    } catch (e) {
      return  // still down
    }
    clearInterval(poll)
    text.textContent = "The server is back. Reload the page to carry on: its address holds your network, " +
      "weights and step."
    notice.style.borderBottomColor = "#009E73"
  }, 2000)
}
