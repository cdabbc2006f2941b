// Backprop Lab (inserted by build.py): hand the page's messages to Python in the order they
// come. Panel's worker stores each in a global and runs async code that reads the global
// after an await, so two messages in quick succession lost the first and applied the
// second twice (one click on "One epoch" trained two). Here each patch is converted at
// once and applied in a task on Pyodide's loop; tasks run in the order they are made.
let bpApplyPatch = null
let bpSetLocation = null
function bpHandlers() {
  if (bpApplyPatch === null) {
    const handlers = self.pyodide.runPython(`
import asyncio
import json
from panel.io.pyodide import _convert_json_patch
from panel.io.state import state
from panel.util import edit_readonly

def _bp_apply_patch(patch):
    # converted now, applied in a task: Panel's callbacks expect a running event loop,
    # and tasks start in the order they are made
    events = _convert_json_patch(patch)

    async def apply():
        state.curdoc.apply_json_patch(events, setter='js')

    asyncio.get_event_loop().create_task(apply())

def _bp_set_location(location):
    if state.location:
        data = json.loads(location)
        with edit_readonly(state.location):
            state.location.param.update({k: v for k, v in data.items() if k in state.location.param})

(_bp_apply_patch, _bp_set_location)
`)
    bpApplyPatch = handlers.get(0)
    bpSetLocation = handlers.get(1)
    handlers.destroy()
  }
}
