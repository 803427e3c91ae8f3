"""tasks.py's setup: its stamp says what was installed, and only once all of it was."""

import subprocess

import pytest

import tasks


@pytest.fixture
def workplace(tmp_path, monkeypatch):
    """A fake .venv in tmp_path whose installs are recorded (and fail for torch when asked to)."""
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text("")  # exists: setup does not create a virtual environment
    monkeypatch.setattr(tasks, "VENV", venv)
    monkeypatch.setattr(tasks, "PYTHON", python)
    installs = []
    failing = set()

    def run(*args, **kwargs):
        installs.append(args[-1])
        if args[-1] in failing:
            raise subprocess.CalledProcessError(1, args)

    monkeypatch.setattr(tasks, "_run", run)
    return venv, installs, failing


def test_the_stamp_is_written_only_when_everything_installed(workplace):
    venv, installs, failing = workplace
    failing.add(tasks.TORCH)
    tasks.setup(dev=True, torch=True)
    assert installs == [".", tasks.TORCH] and not (venv / ".setup-dev-torch").exists()
    failing.clear()
    tasks.setup(dev=True, torch=True)  # tried again, and this time it worked
    assert installs == [".", tasks.TORCH] * 2 and (venv / ".setup-dev-torch").exists()
    tasks.setup(dev=True, torch=True)  # nothing changed: nothing to do
    assert len(installs) == 4


def test_a_new_torch_pin_sets_up_again(workplace, monkeypatch):
    _, installs, _ = workplace
    tasks.setup(dev=True, torch=True)
    monkeypatch.setattr(tasks, "TORCH", "torch==99.0")
    tasks.setup(dev=True, torch=True)
    assert installs[-1] == "torch==99.0" and len(installs) == 4
