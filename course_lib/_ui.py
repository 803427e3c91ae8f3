"""Pieces shared by the widgets of :mod:`course_lib.widgets` and :mod:`course_lib.exercises`.

- :class:`Panel`: the base of every course widget, a ``VBox`` with a stable ``cl-…`` CSS class,
  an error area, a plain-text stand-in that says what the widget is wherever widgets
  cannot be shown (GitHub, nbviewer, a terminal), and its keys kept from JupyterLab's shortcuts;
- :meth:`Panel.guard`: wraps a callback so that an exception inside it is shown in the widget,
  in red with its traceback folded away, instead of vanishing into the browser's log;
- :class:`Quiet`: a flag that holds per-control reruns while several controls are set at once.

The explorers' own controls are in :mod:`course_lib.widgets`.
"""

from __future__ import annotations

import functools
import html
import traceback

import ipywidgets as widgets

from .style import ERROR


def css(widget, *names: str):
    """Add CSS classes to a widget and return it (for one-line construction)."""
    for name in names:
        widget.add_class(name)
    return widget


KEYS_TO_THE_WIDGET = (
    '<img src="data:," alt="" style="display:none" '
    """onerror="this.closest('.cl-widget').addEventListener('keydown', function (event) { event.stopPropagation(); })">"""
)
"""What keeps the keys pressed in a course widget the widget's: the arrow keys move a slider, a dropdown, a radio
group or a list of choices, and nothing around the widget acts on them too.

JupyterLab's notebook takes ↑ and ↓ (and single letters: M makes a cell Markdown) as its own shortcuts wherever
the focus is in a notebook, also in a widget's dropdown, and Voilà's slide deck takes the arrows, Space, Home
and End to change slides. Both listen to keys that bubble up to the page, so the widget stops them there. ipywidgets
has no way to add a listener to a widget, so a hidden image that fails to load (``data:,``: nothing is fetched)
adds it. Tab still moves the focus on, out of the widget (it is the browser's, not a listener's).
"""


class Panel(widgets.VBox):
    """A course widget: ``children`` plus an error area (``cl-error``), and a readable stand-in.

    Args:
        css_class: the widget's own class, e.g. ``"cl-descent-explorer"``.
        title: what the widget is, for the plain-text stand-in.
    """

    def __init__(self, css_class: str, title: str, children=(), **kwargs):
        self.error = css(widgets.HTML(layout=widgets.Layout(display="none")), "cl-error")
        keys = css(widgets.HTML(KEYS_TO_THE_WIDGET, layout=widgets.Layout(display="none")), "cl-keys")
        super().__init__(children=[*children, self.error, keys], **kwargs)
        css(self, "cl-widget", css_class)
        self._title = title

    def __repr__(self) -> str:
        # What GitHub, nbviewer and terminals show instead of the live widget (ipywidgets cuts it at 110 characters).
        return f"[{self._title}: an interactive widget; run the notebook in JupyterLab or Voilà to use it]"

    def show_error(self, error: BaseException | None):
        """Show ``error`` (or clear the error area when None)."""
        if error is None:
            self.error.value = ""
            self.error.layout.display = "none"
            return
        details = html.escape("".join(traceback.format_exception(error)))
        self.error.value = (
            f'<div style="color:{ERROR};border:1px solid {ERROR};border-radius:4px;padding:4px 8px">'
            f"<b>Something went wrong:</b> {html.escape(type(error).__name__)}: {html.escape(str(error))}"
            f"<details><summary>details</summary><pre style='font-size:smaller'>{details}</pre></details></div>"
        )
        self.error.layout.display = None

    def guard(self, callback):
        """``callback`` wrapped so that its exceptions are shown in this widget (and cleared on success)."""

        @functools.wraps(callback)
        def guarded(*args, **kwargs):
            try:
                result = callback(*args, **kwargs)
            except Exception as error:  # shown to the student, not swallowed
                self.show_error(error)
                return None
            self.show_error(None)
            return result

        return guarded


class Quiet:
    """A flag for "several controls are being set for one rerun": ``with quiet:`` raises it, and
    the controls' observers skip their rerun while ``quiet`` is true (the caller reruns once after)."""

    def __init__(self):
        self._on = False

    def __bool__(self) -> bool:
        return self._on

    def __enter__(self):
        self._on = True
        return self

    def __exit__(self, *exc) -> None:
        self._on = False
