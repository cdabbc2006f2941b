// Backprop Lab's page-side help for keyboards and screen readers (loaded by app/a11y.py).
// Panel's widgets live in shadow roots, so everything here looks through them.
// Keys (whenever focus is not in a text field): ← → back/next, Home End first/last,
// Space play/pause, A apply the update. Tab headers get tab semantics. A step button that
// disables itself hands focus to its neighbour instead of letting it fall to <body>.

// while enhance() runs, every element of the page (through shadow roots) is listed once and
// each selector filters that list: walking the page once per selector, a dozen times each
// second, took ~60 ms a second and cost the training heatmap frames
let everyone = null
function listEveryone(root = document, found = []) {
  for (const el of root.querySelectorAll("*")) {
    found.push(el)
    if (el.shadowRoot) listEveryone(el.shadowRoot, found)
  }
  return found
}

function deepAll(selector, root = document, found = []) {
  if (everyone && root === document) return everyone.filter(el => el.matches(selector))
  for (const el of root.querySelectorAll("*")) {
    if (el.matches(selector)) found.push(el)
    if (el.shadowRoot) deepAll(selector, el.shadowRoot, found)
  }
  return found
}

function control(cls) {  // the <button> inside the widget whose host has this CSS class
  const host = deepAll("." + cls)[0]
  return host && host.shadowRoot ? host.shadowRoot.querySelector("button") : null
}

function deepActive() {
  let el = document.activeElement
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement
  return el
}

const TYPING = new Set(["text", "number", "search", "email", "url", "tel", "password"])
function typing(el) {
  if (!el) return false
  if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true
  return el.tagName === "INPUT" && TYPING.has((el.type || "text").toLowerCase())
}

const KEYS = {ArrowRight: "step-next", ArrowLeft: "step-back", Home: "step-first", End: "step-last",
              " ": "step-player", a: "apply-update", A: "apply-update"}

function onKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return
  const target = event.composedPath()[0]
  if (typing(target)) return
  if (target && target.getAttribute && target.getAttribute("role") === "tab") return tabKey(event, target)
  if (target && target.closest && target.closest("[role=slider], .noUi-target")) return  // sliders own their arrows
  if (target && target.classList && target.classList.contains("bp-wide") && event.key.startsWith("Arrow")) return  // it scrolls
  const cls = KEYS[event.key]
  if (!cls) return
  // Space on a focused button presses that button, as browsers do
  if (event.key === " " && target && target.tagName === "BUTTON") return
  const button = control(cls)
  if (button && !button.disabled) {
    event.preventDefault()
    button.click()
  }
}

// the Bokeh tab headers listen to clicks only: give them tab roles and keys
function tabKey(event, tab) {
  const tabs = [...tab.parentElement.querySelectorAll("[role=tab]")]
  const k = tabs.indexOf(tab)
  let next = null
  if (event.key === "ArrowRight" || event.key === "ArrowDown") next = tabs[(k + 1) % tabs.length]
  else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = tabs[(k - 1 + tabs.length) % tabs.length]
  else if (event.key === "Home") next = tabs[0]
  else if (event.key === "End") next = tabs[tabs.length - 1]
  else if (event.key === "Enter" || event.key === " ") {
    event.preventDefault()
    tab.click()
    setTimeout(() => { enhance(); const again = tab.parentElement && tab.parentElement.querySelectorAll("[role=tab]")[k]; if (again) again.focus() }, 0)
    return
  }
  if (next) {
    event.preventDefault()
    next.focus()
  }
}

// every control shows where focus is: one rule adopted by every shadow root on the page
const RING = new CSSStyleSheet()
RING.replaceSync(`:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #ffffff !important; }`)
function ringAll() {
  for (const el of everyone || listEveryone()) {
    const shadow = el.shadowRoot
    if (shadow && !shadow.adoptedStyleSheets.includes(RING)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, RING]
  }
}

// Bokeh's slider handles and checkboxes carry no name of their own: a screen reader said
// "slider 0.40". Each gets the words its widget shows beside it (the value is said apart).
function nameControls() {
  for (const handle of deepAll("[role=slider]:not([aria-label])")) {
    const title = handle.getRootNode().querySelector(".bk-slider-title")
    if (!title) continue
    const value = title.querySelector(".bk-slider-value")
    let words = title.textContent
    if (value) words = words.slice(0, words.length - value.textContent.length)
    words = words.trim().replace(/:$/, "")
    if (words) handle.setAttribute("aria-label", words)
  }
  for (const box of deepAll("input[type=checkbox]:not([aria-label])")) {
    const label = box.nextElementSibling
    if (label && label.classList.contains("bk-label") && label.textContent.trim()) {
      box.setAttribute("aria-label", label.textContent.trim())
    }
  }
  for (const input of deepAll("input[type=file]:not([aria-label])")) {
    const host = input.getRootNode().host
    const cls = host && [...host.classList].find(c => c in fileNames)
    if (cls) input.setAttribute("aria-label", fileNames[cls])
  }
  for (const button of deepAll("button.copybtn:not([aria-label])")) button.setAttribute("aria-label", "Copy the code")
  nameFormulas()
  // the template's sidebar is a <ul> holding Panel's <div>, not list items: it is no list
  for (const list of document.querySelectorAll("ul.nav:not([role])")) {
    if (![...list.children].some(child => child.tagName === "LI")) list.setAttribute("role", "none")
  }
}

// MathJax draws a formula as an SVG with role="img" and no name: name it with its LaTeX in words
function speak(latex) {
  let text = latex.replace(/^\s*\$\$|\$\$\s*$/g, "")
  for (const [pattern, words] of latexWords) text = text.replace(new RegExp(pattern, "g"), words)
  return text.trim()
}

function nameFormulas() {
  for (const doc of (window.Bokeh ? Bokeh.documents : [])) {
    for (const model of doc.all_models) {
      if (typeof model.text !== "string" || !model.text.includes("$$")) continue
      let view = null
      try { view = Bokeh.index.find_one(model) } catch (e) { view = null }
      const root = view && view.shadow_el
      if (!root) continue
      for (const svg of root.querySelectorAll("mjx-container svg[role=img]:not([aria-label])")) {
        svg.setAttribute("aria-label", speak(model.text))
      }
    }
  }
}

function enhance() {
  everyone = listEveryone()
  try { enhanceNow() } finally { everyone = null }
}

function enhanceNow() {
  if (!document.adoptedStyleSheets.includes(RING)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, RING]
  ringAll()
  for (const host of deepAll(".lab-tabs")) {
    const root = host.shadowRoot
    if (!root) continue
    const header = root.querySelector(".bk-header")
    const list = header && (header.querySelector(".bk-tab") || {}).parentElement
    if (!list) continue
    list.setAttribute("role", "tablist")
    list.setAttribute("aria-label", "Views")
    for (const tab of list.querySelectorAll(".bk-tab")) {
      const active = tab.classList.contains("bk-active")
      tab.setAttribute("role", "tab")
      tab.setAttribute("aria-selected", active ? "true" : "false")
      tab.tabIndex = active ? 0 : -1
    }
  }
  nameControls()
  markWide()
  for (const host of deepAll(".lab-live")) {
    if (!host.getAttribute("aria-live")) { host.setAttribute("role", "status"); host.setAttribute("aria-live", "polite") }
  }
  for (const doc of (window.Bokeh ? Bokeh.documents : [])) {
    // every diagram on the page (the Practice tab draws its own): get_model_by_name throws when
    // a name is used twice, so look through the document's models
    for (const fig of doc.all_models) {
      if (fig.name !== "network-diagram") continue
      // find_one, not get_one: a document the page shows no view of (the static site's preview,
      // replaced once Python has drawn) has no view, and get_one throws for it
      let view = null
      try { view = Bokeh.index.find_one(fig) } catch (e) { view = null }
      if (view && !view.el.getAttribute("role")) {
        view.el.setAttribute("role", "img")
        view.el.setAttribute("aria-label", "Network diagram; its numbers are in the table under it")
      }
    }
  }
  for (const [cls, next] of [["step-first", "step-next"], ["step-back", "step-next"],
                             ["step-next", "step-back"], ["step-last", "step-back"]]) {
    const button = control(cls)
    if (button && !button.bpWatched) {
      button.bpWatched = true
      // Python disables First/Back at step 0 and Next/Last at the end: keep focus on the page
      new MutationObserver(() => {
        if (button.disabled && (focused === button || deepActive() === document.body)) {
          const other = control(next)
          if (other) other.focus()
        }
      }).observe(button, {attributes: true, attributeFilter: ["disabled"]})
    }
  }
}

// the template's parts as landmarks (its header is a <nav> already), and its title as the page's
// heading, so that a screen reader can jump between them (Panel's Bootstrap template has plain divs and a link)
function landmarks() {
  const roles = [["#sidebar", "complementary", "Network, sample and weights"], ["#main", "main", null]]
  for (const [selector, role, label] of roles) {
    const el = document.querySelector(selector)
    if (el && !el.getAttribute("role")) {
      el.setAttribute("role", role)
      if (label) el.setAttribute("aria-label", label)
    }
  }
  const title = document.querySelector("#header .app-header")
  if (title && !title.getAttribute("role")) {
    title.setAttribute("role", "heading")
    title.setAttribute("aria-level", "1")
  }
}

// a formula wider than its pane scrolls sideways, and says so: only the page knows its typeset
// width, so the page marks the pane (a shade at its edge, app/stepper.py) and shows the hint;
// a marked pane takes focus, so that the keyboard can scroll it too
const WIDE = [".step-formula", ".step-numbers"]
const wideSeen = new WeakSet()
let wideFrame = 0
function markWideSoon() {
  if (!wideFrame) wideFrame = requestAnimationFrame(() => { wideFrame = 0; markWide() })
}
function markWide() {
  const panes = deepAll(WIDE.join(", "))
  let any = false
  for (const pane of panes) {
    const wide = pane.scrollWidth > pane.clientWidth + 1
    any = any || wide
    if (pane.classList.contains("bp-wide") !== wide) {
      pane.classList.toggle("bp-wide", wide)
      const words = pane.classList.contains("step-numbers") ? "with the numbers" : "in symbols"
      if (wide) {
        pane.tabIndex = 0
        pane.setAttribute("role", "group")
        pane.setAttribute("aria-label", `The formula ${words}, wider than its pane: scroll sideways`)
      } else for (const name of ["tabindex", "role", "aria-label"]) pane.removeAttribute(name)
    }
    // MathJax typesets after the pane has its text, and a window resize changes the pane:
    // measure again on either, once per frame
    if (pane.shadowRoot && !wideSeen.has(pane)) {
      wideSeen.add(pane)
      new MutationObserver(markWideSoon).observe(pane.shadowRoot, {childList: true, subtree: true, characterData: true})
      new ResizeObserver(markWideSoon).observe(pane)
    }
  }
  for (const hint of deepAll(".step-wide-hint")) {
    if (hint.classList.contains("bp-shown") !== any) hint.classList.toggle("bp-shown", any)
  }
}

let focused = null
function onFocus(event) { focused = event.composedPath()[0] }

let fileNames = {}
let latexWords = []

export function render({ model, el }) {
  fileNames = model.file_names || {}
  latexWords = model.latex_words || []
  if (!window.bpPage) {  // one set of listeners per page, however often this is rendered
    window.bpPage = true
    landmarks()
    document.addEventListener("keydown", onKey)
    document.addEventListener("focusin", onFocus, true)
    document.addEventListener("click", () => setTimeout(enhance, 0), true)
    setInterval(enhance, 1000)
    // a phone or a tablet opens with the sidebar (a drawer there, app/page.css) closed
    if (window.matchMedia("(max-width: 820px)").matches) {
      const sidebar = document.getElementById("sidebar")
      const toggle = document.getElementById("sidebar-toggle")
      if (sidebar && sidebar.classList.contains("show")) {
        sidebar.classList.remove("show")
        sidebar.classList.add("collapse")
        if (toggle) toggle.setAttribute("aria-expanded", "false")
      }
    }
  }
  enhance()
  const hint = document.createElement("p")
  hint.className = "lab-keys"
  hint.innerHTML = "<b>Keys:</b> ← → back and next · Home End first and last · Space play or pause · A apply the update"
  el.appendChild(hint)
}
