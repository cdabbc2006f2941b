"""The page's comm messages in JupyterLab 4.4+ with ipykernel 7 (kernel subshells): on the kernel's main thread."""
from __future__ import annotations


def _kernel_loop():
    """The IPython kernel's main-thread event loop (ipykernel's public `kernel.io_loop`), or None
    outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return getattr(getattr(get_ipython(), "kernel", None), "io_loop", None)


def comm_messages_on_the_main_thread() -> None:
    """Handle each message the page sends on a Panel comm in the kernel's main thread, in order.

    JupyterLab 4.4+ sends comm messages to kernel subshells when the kernel has them (its
    setting `commsOverSubshells`, default "perCommTarget"; jupyterlab/jupyterlab#17363), and
    ipykernel 7 runs each subshell in a thread of its own (ipython/ipykernel#1249, #1438). So
    Panel 1.7.5's comm handler (pyviz_comms 3.0.6, `Comm._handle_msg`) applied a drag and
    sent the diagram's patch from a subshell thread while the main thread, or another subshell,
    sent too: Panel writes one Bokeh message as several comm messages (header, metadata,
    content, buffers), two writers can interleave them, and BokehJS's Receiver would put
    together a "patch" from another message's parts: the likely cause, not proven, of the
    "s is not iterable" in `_apply_json_patch` that the JupyterLab test saw with one core kept
    busy (`git log -- tests/ui/test_jupyter.py`; the sends from a subshell thread were logged). Neither Panel nor Bokeh is written for
    that thread; handing each message to the main thread's loop (thread-safe `add_callback`,
    first in first out) gives the order and the one thread of ipykernel 6. Verified with
    ipykernel 7.4.0, JupyterLab 4.6.6; no upstream issue found in holoviz/panel or
    holoviz/pyviz_comms (ipympl's answer to the same change, a lock: matplotlib/ipympl#603).
    Without it: tests/app/test_panel_compat.py::test_a_comm_message_from_a_subshell_thread_is_handled_on_the_main_thread.
    """
    import threading

    from pyviz_comms import Comm

    handle = Comm._handle_msg
    if getattr(handle, "on_main_thread", False):
        return

    def on_main_thread(self, msg):
        loop = _kernel_loop()
        if loop is None or threading.current_thread() is threading.main_thread():
            return handle(self, msg)
        loop.add_callback(handle, self, msg)

    on_main_thread.on_main_thread = True
    Comm._handle_msg = on_main_thread
