"""Pieces shared by the widgets of :mod:`course_lib.widgets` and :mod:`course_lib.exercises`.

- :class:`Panel`: the base of every course widget, a ``VBox`` with a stable ``cl-…`` CSS class,
  an error area, a plain-text stand-in that says what the widget is wherever widgets
  cannot be shown (GitHub, nbviewer, a terminal), and :data:`KEYS_AND_NAMES` (its keys kept from
  JupyterLab's shortcuts, names for screen readers);
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


_SHIM_JS = """
(function (root) {
  if (!root || root.dataset.clShim) return;
  root.dataset.clShim = '1';
  root.addEventListener('keydown', function (event) { event.stopPropagation(); });
  var icons = {'fa-play': 'Play', 'fa-pause': 'Pause', 'fa-stop': 'Stop', 'fa-retweet': 'Repeat',
               'fa-repeat': 'Repeat'};
  function text(el) {
    if (!el) return '';
    var out = '', block = null, walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      var parent = walk.currentNode.parentElement;
      if (parent.closest('[aria-hidden=true]')) continue;
      var here = parent.closest('td, th, li, p, div');
      out += (here !== block ? ' ' : '') + walk.currentNode.data;
      block = here;
    }
    return out.replace(/\\s+/g, ' ').trim();
  }
  function name(el, label) {
    if (label && el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
  }
  function label() {
    root.querySelectorAll('.widget-slider').forEach(function (slider) {
      var label = text(slider.querySelector('.widget-label'));
      slider.querySelectorAll('.noUi-handle').forEach(function (handle) { name(handle, label); });
    });
    root.querySelectorAll('.widget-play button').forEach(function (button) {
      var icon = button.querySelector('i');
      var kind = icon && Object.keys(icons).find(function (c) { return icon.classList.contains(c); });
      name(button, kind ? icons[kind] : 'Play');
    });
    var status = text(root.querySelector('.cl-status'));
    root.querySelectorAll('.cl-plot svg.svg-figure').forEach(function (svg) {
      var title = text(svg.querySelector('.mainheading'));
      svg.setAttribute('role', 'img');
      name(svg, 'Figure: ' + (title ? title + '. ' : '') + status);
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; label(); });
  }).observe(root, {childList: true, subtree: true, characterData: true});
  label();
})(this.closest('.cl-widget'));
"""
KEYS_AND_NAMES = (f'<img src="data:," alt="" style="display:none" onerror="{html.escape(_SHIM_JS.strip())}">')
"""A few lines of JavaScript for every course widget that ipywidgets gives no way to ask for from Python:

- the keys pressed in a course widget stay the widget's: JupyterLab's notebook takes ↑ and ↓ (and single
  letters: M makes a cell Markdown) as its own shortcuts wherever the focus is in a notebook, also in a widget's
  dropdown, radio group or list of choices, and Voilà's slide deck takes the arrows, Space, Home and End to change
  slides; both listen to keys that bubble up to the page, so the widget stops them there (Tab still moves the
  focus on, out of the widget: that is the browser's, not a listener's);
- every slider's handle is named by its description (``aria-label``: "learning rate η"), every button of a Play
  widget by what it does ("Play", "Pause", …), for screen readers;
- every figure (a bqplot SVG) is an image whose text alternative is its title and the widget's status line,
  kept up to date as the status changes.

A hidden image that fails to load (``data:,``: nothing is fetched) runs them once per widget shown.
"""


class Panel(widgets.VBox):
    """A course widget: ``children`` plus an error area (``cl-error``), and a readable stand-in.

    Args:
        css_class: the widget's own class, e.g. ``"cl-descent-explorer"``.
        title: what the widget is, for the plain-text stand-in.
    """

    def __init__(self, css_class: str, title: str, children=(), **kwargs):
        self.error = css(widgets.HTML(layout=widgets.Layout(display="none")), "cl-error")
        keys = css(widgets.HTML(KEYS_AND_NAMES, layout=widgets.Layout(display="none")), "cl-keys")
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
