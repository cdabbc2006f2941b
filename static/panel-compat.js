// Backprop Lab's workarounds for BokehJS on the page (the Python side: app/panel_compat/).
// Verified with Bokeh 3.7.3 and Panel 1.7.5 (`panel convert --to pyodide-worker`); nothing
// else in static/ touches a Bokeh document's methods. boot.js calls dropPatchesForDiscardedModels,
// forgetPreview and sendDrawnSizes once the live document is on the page. Each says what it
// fixes, where upstream stands and which test fails without it.
window.bpCompat = (function () {
  // The worker holds document events until the page has rendered, then sends
  // them one by one.  A model that the app created and replaced in that window
  // is in neither document any more, yet its own held events (a stylesheet
  // change) still come, and Bokeh rejects them: "reference ... isn't known".
  // Dropping events for models the page has never seen loses nothing: a model
  // that joins the page later arrives whole, serialised when it is sent.
  // Upstream: no BokehJS issue found for a worker's held events (bokeh/bokeh#9978 is the
  // server-side "Cannot apply patch ... not in the document"). Without it:
  // tests/ui/test_static_site.py::test_the_site_starts_offline_with_no_console_error.
  function dropPatchesForDiscardedModels(jsdoc) {
    if (!jsdoc) return
    const apply = jsdoc.apply_json_patch.bind(jsdoc)
    jsdoc.apply_json_patch = (patch, buffers) => {
      const events = patch.events.filter((e) => !(e.kind === 'ModelChanged' && e.model &&
                                                  jsdoc.get_model_by_id(e.model.id) == null))
      if (events.length < patch.events.length) {
        console.debug(`Backprop Lab: dropped ${patch.events.length - events.length} event(s) for discarded models`)
        if (!events.length) return
      }
      return apply({...patch, events}, buffers)
    }
  }

  // Panel removes the preview's views but Bokeh still lists its document;
  // keep only the live one, so that scripts (and tests) reading
  // Bokeh.documents see what the learner sees.
  // Upstream: none found. Without it: the static-site tests that read Bokeh.documents[0]
  // (tests/ui/test_static_site.py::test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values).
  function forgetPreview(jsdoc) {
    if (!jsdoc || !window.Bokeh || !Array.isArray(Bokeh.documents)) return
    const live = Bokeh.documents.filter((doc) => doc === jsdoc)
    Bokeh.documents.splice(0, Bokeh.documents.length, ...live)
  }

  // Run `change` on the live document without sending what it changes to Python: Panel's page
  // script skips its change listener while its own top-level `patching` counter is above 0
  // (a classic script's `let`, visible to the page's other scripts). static/baked.js puts the
  // reached step's baked values into the live document this way; Python reaches the same
  // state from the address. Upstream: Panel has no hook for a page-side change Python must
  // not hear. Without it: tests/ui/test_baked_static.py, where Python would hear the preset
  // selector "change" and start that preset over at step 0.
  function quietly(change) {
    patching += 1  // eslint-disable-line no-undef
    try { change() } finally { patching -= 1 }  // eslint-disable-line no-undef
  }

  // A Markdown or HTML pane hides its content (`visibility: hidden`) until every <link>
  // stylesheet it watches has loaded. When the worker's document replaces a pane's stylesheets
  // (the preview's relative URLs become absolute ones), Bokeh recreates the <link> elements and
  // the pane keeps waiting for the discarded ones: it stays invisible for good, its text right
  // in the DOM (the stepper's "Step 2 of 10" line, one page load in three with a core busy).
  // This is holoviz/panel#8696, fixed by holoviz/panel#8700 (Panel 1.10): re-arm the watch when
  // the stylesheets change, and count a stylesheet that fails to load as settled. Without it:
  // tests/ui/test_links_static.py, whose wait for the visible step line times out.
  function revealMarkupWhenStylesheetsChange() {
    const HTML = window.Bokeh && Bokeh.Models.get('panel.models.markup.HTML')
    const markup = HTML && Object.getPrototypeOf(HTML.prototype.default_view.prototype)  // PanelMarkupView
    if (!markup || !markup.watch_stylesheets || markup.bpRearmed) return
    markup.bpRearmed = true
    markup.watch_stylesheets = function () {
      if (this.bpWatcher) this.bpWatcher.abort()
      const {signal} = this.bpWatcher = new AbortController()
      const waiting = new Set()
      for (const stylesheet of this._applied_stylesheets) {
        const link = stylesheet.el
        if (!(link instanceof HTMLLinkElement) || link.sheet) continue  // a loaded sheet has its rules
        waiting.add(link)
        const settled = () => {
          waiting.delete(link)
          if (!waiting.size) requestAnimationFrame(() => this.style_redraw())
        }
        link.addEventListener('load', settled, {signal})
        link.addEventListener('error', settled, {signal})
      }
      if (!waiting.size) this.style_redraw()
    }
    const update = markup._update_stylesheets
    markup._update_stylesheets = function () {
      update.call(this)
      if (this.container != null) this.watch_stylesheets()  // not from super.render(): no container yet
    }
  }
  revealMarkupWhenStylesheetsChange()

  // BokehJS draws a document's roots one after the other without leaving the task
  // (embed/standalone.ts's add_document_standalone awaits only promises already resolved), so
  // the page answers nothing until its last root is drawn: the pre-rendered page's sidebar
  // (60 models), drawn after the main column, kept the drawn Next button from taking a press.
  // Once the root holding the step buttons is drawn, the page paints it and runs what waits (a
  // press) before it draws the next root: the lesson's diagram and steps are on screen before
  // the sidebar is drawn (a press made while the sidebar is being drawn still waits for it).
  // The live document is drawn in one go as before (boot.js hands over before its first paint,
  // so the learner never sees it half drawn). Upstream: no BokehJS option or issue found for
  // yielding between roots. Without it: tests/ui/test_baked_static.py's
  // test_the_preview_draws_its_step_buttons_and_paints_before_its_sidebar.
  function drawPreviewRootsInTurn() {
    let views = null
    try { views = Bokeh.require('core/view_manager').ViewManager } catch (e) { return }  // another BokehJS
    const manager = views && views.prototype
    if (!manager || typeof manager.build_view !== 'function' || manager.bpInTurn) return
    manager.bpInTurn = true
    const build = manager.build_view
    let preview = null  // the first document drawn: the pre-rendered one
    let next = null  // its Next button's model
    // after the next frame is painted, then behind the tasks already waiting (a press among them);
    // a tab in the background paints no frame, and nobody presses there: no wait, or not long,
    // so that the preview is whole long before Python's document replaces it
    const nextPaint = () => new Promise((resolve) => {
      if (document.hidden) return resolve()
      requestAnimationFrame(() => setTimeout(resolve, 0))
      setTimeout(resolve, 100)
    })
    manager.build_view = async function (model, ...rest) {
      if (preview === null) {
        preview = model.document
        next = preview ? [...preview.all_models].find((m) => (m.css_classes || []).includes('step-next')) : null
      }
      if (next && model.document === preview && Bokeh.index.find_one(next)) await nextPaint()
      return build.call(this, model, ...rest)
    }
  }
  drawPreviewRootsInTurn()

  // A plot's view writes the size it was drawn at into its model (inner_width and the rest,
  // read-only properties Python listens to: app/diagram.py places the diagram's labels for that
  // width). Panel's page script (`panel convert`'s) starts sending the live document's changes
  // to Python only once BokehJS has drawn it, so the first size never reached Python: on a
  // phone the static page kept labels placed for a 560-px plot in a 372-px one, and a unit's
  // labels covered its neighbour (the XOR preset's hidden layer). Under `panel serve` the
  // document is linked before it is drawn and the size arrives. Sent here as the view's own
  // setv sends it (`_push_changes`, BokehJS's private method). Upstream: no Panel or BokehJS
  // issue found. Without it: tests/ui/test_label_boxes.py's
  // test_a_phone_replays_labels_placed_for_its_plot_and_python_keeps_them_in_the_static_site.
  const DRAWN_SIZES = ['inner_width', 'inner_height', 'outer_width', 'outer_height']
  function sendDrawnSizes(jsdoc) {
    if (!jsdoc || !window.Bokeh) return
    const Plot = Bokeh.Models.get('Plot')
    for (const model of jsdoc.all_models) {
      if (!Plot || !(model instanceof Plot) || typeof model._push_changes !== 'function') continue
      const drawn = DRAWN_SIZES.map((attr) => model.properties[attr]).filter((prop) => prop && !prop.is_unset)
      if (drawn.length) model._push_changes(drawn.map((prop) => [prop, null, prop.get_value()]), true)
    }
  }

  return {dropPatchesForDiscardedModels, forgetPreview, quietly, sendDrawnSizes}
})()
