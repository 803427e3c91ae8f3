"""Values to try for a widget control, shared by the widget and playground tests."""

import ipywidgets


def settings(control, *, none_picked: bool = False):
    """The values to try for one control: its ends and a middle value (every option, for pickers).

    ``none_picked`` adds an empty choice for a multiple-choice picker.
    """
    if isinstance(control, ipywidgets.SelectionSlider):
        options = list(control.options)
        return [options[0], options[-1], options[len(options) // 2]]
    if isinstance(control, ipywidgets.FloatLogSlider):
        return [10**control.min, 10**control.max, 10 ** ((control.min + control.max) / 2)]
    if isinstance(control, (ipywidgets.IntSlider, ipywidgets.FloatSlider)):
        middle = (control.min + control.max) / 2
        return [control.min, control.max, round(middle) if isinstance(control, ipywidgets.IntSlider) else middle]
    if isinstance(control, ipywidgets.SelectMultiple):
        options = list(control.options)
        return [()] * none_picked + [tuple(options[:1]), tuple(options[1:4]), tuple(options)]  # all at the end
    if isinstance(control, (ipywidgets.Dropdown, ipywidgets.RadioButtons)):
        return [o for o in control.options if o != control.value] + [control.value]
    if isinstance(control, ipywidgets.ToggleButton):
        return [not control.value, control.value]
    raise AssertionError(f"no settings for {type(control).__name__}")
