"""Drive JupyterLab and Voilà in headless Chromium: start servers, open notebooks, move sliders, read pixels.

Used by the browser tests (through the fixtures in ``conftest.py``) and by ``benchmarks/``.
Nothing here downloads anything: the browser is Debian's Chromium at :data:`CHROMIUM`. Use::

    with JupyterServer.start("lab", root_dir, work_dir) as lab:
        page.goto(lab.url("lab/tree/demo.ipynb", reset=True))

Widgets are found by the CSS classes course_lib gives them with ``add_class`` (``cl-lr-slider``, …):
pass a selector such as ``".cl-lr-slider"`` to the slider helpers.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright, Route

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
LITE_KERNEL_IDLE = "Python (Pyodide) | Idle"  # JupyterLite's status bar
WIDGET_ERROR = "Error displaying widget"
ERROR_PATTERN = r"Traceback|^\w*(Error|Exception)\b"  # (JavaScript regex, multiline) an exception, not a warning

# JupyterLab user settings for a quiet, predictable page: no news or update pop-ups, and every
# cell kept in the DOM (no windowing), so that selectors see the whole notebook.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": '{"fetchNews": "false", "checkForUpdates": false}',
    "@jupyterlab/notebook-extension/tracker": '{"windowingMode": "none"}',
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_ARTIFACTS: Path | None = None


def artifacts_dir() -> Path:
    """Where screenshots go: $COURSE_ARTIFACTS_DIR if set, else a new temporary folder (created once)."""
    global _ARTIFACTS
    if _ARTIFACTS is None:
        chosen = os.environ.get("COURSE_ARTIFACTS_DIR")
        _ARTIFACTS = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="course-browser-"))
        _ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return _ARTIFACTS


def artifacts_used() -> Path | None:
    """The screenshot folder if anything has asked for it yet, else None."""
    return _ARTIFACTS


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (a dead process its parent has not reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def descendant_pids(pid: int) -> list[int]:
    """PIDs of every living process below ``pid`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class JupyterServer:
    """A JupyterLab or Voilà server on 127.0.0.1 that this process started, with its own token and dirs;
    or the static server of a checkout's JupyterLite site (``python3 tasks.py lite``, no token).

    Use :meth:`start` (as a context manager or with a later :meth:`stop`). Every Jupyter directory
    (config, data, runtime, workspaces, IPython) lives under ``work_dir``, so nothing touches the
    user's own Jupyter setup; the kernel is this interpreter's ipykernel.
    """

    def __init__(self, kind: str, root_dir: Path, port: int, token: str, process: subprocess.Popen, log_path: Path):
        self.kind = kind
        self.root_dir = root_dir
        self.port = port
        self.token = token
        self.process = process
        self.log_path = log_path

    @classmethod
    def start(cls, kind: str, root_dir, work_dir, timeout: float = 120.0, args=(), settings=None,
              env=None) -> JupyterServer:
        """Start a ``"lab"`` (JupyterLab), ``"voila"`` or ``"lite"`` server and wait until it answers.

        Args:
            kind: ``"lab"``, ``"voila"`` or ``"lite"``.
            root_dir: the folder whose notebooks the server shows; for ``"lite"``, the checkout whose site
                ``tasks.py lite`` serves (it builds the site first if it is not fresh).
            work_dir: a scratch folder for the Jupyter dirs and the server log.
            timeout: seconds to wait for the HTTP API to answer.
            args: more command-line options for the server (e.g. Voilà's ``--template=reveal``).
            settings: JupyterLab user settings on top of :data:`LAB_SETTINGS`, e.g. its theme.
            env: more environment variables for the server (e.g. ``JUPYTER_PATH``).

        Raises:
            RuntimeError: the server exited or did not answer in time (the message ends with its log).
        """
        if kind not in ("lab", "voila", "lite"):
            raise ValueError(f"kind must be 'lab', 'voila' or 'lite', got {kind!r}")
        root_dir, work_dir = Path(root_dir).resolve(), Path(work_dir).resolve()
        env = {**os.environ, **(env or {})}
        for var, sub in [
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
            ("IPYTHONDIR", "ipython"),
        ]:
            env[var] = str(work_dir / sub)
            (work_dir / sub).mkdir(parents=True, exist_ok=True)
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        for name, text in {**LAB_SETTINGS, **(settings or {})}.items():
            settings = work_dir / "config" / "lab" / "user-settings" / f"{name}.jupyterlab-settings"
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(text)

        port, token = free_port(), secrets.token_hex(16)
        if kind == "lab":
            command = [
                sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root_dir}", "--LabApp.news_url=", *args,
            ]
            if os.geteuid() == 0:
                command.append("--allow-root")
        elif kind == "lite":
            command = [sys.executable, str(root_dir / "tasks.py"), "lite", f"--port={port}"]
        else:
            command = [
                sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
                f"--token={token}", "--show_tracebacks=True", *args, str(root_dir),
            ]
        log_path = work_dir / f"{kind}-{port}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command, cwd=work_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        server = cls(kind, root_dir, port, token, process, log_path)
        try:
            server._wait_ready(timeout)
        except BaseException:
            server.stop()
            raise
        return server

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, reset: bool = False, **query) -> str:
        """The address of ``path`` on this server with the token (``reset`` adds JupyterLab's ``?reset``)."""
        params = ("reset&" if reset else "") + urlencode({**query, "token": self.token})
        return f"{self.base_url}/{quote(path.lstrip('/'))}?{params}"

    def lab_url(self, notebook: str) -> str:
        """JupyterLab's page for ``notebook`` (relative to the root dir), with a fresh workspace."""
        return self.url(f"lab/tree/{notebook}", reset=True)

    def voila_url(self, notebook: str) -> str:
        """Voilà's rendering of ``notebook`` (relative to the root dir)."""
        return self.url(f"voila/render/{notebook}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def _wait_ready(self, timeout: float) -> None:
        probe = self.url({"lab": "api/status", "voila": "voila/tree", "lite": "lab/index.html"}[self.kind])
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.kind} server exited with code {self.process.returncode} before answering; "
                    f"log {self.log_path}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(probe, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as error:
                last_error = error
            time.sleep(0.25)
        raise RuntimeError(
            f"{self.kind} server on port {self.port} did not answer {probe.split('?')[0]} within {timeout:.0f} s "
            f"(last error: {last_error}); log {self.log_path}:\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server and everything it started (its kernels too), by PID only.

        SIGTERM to the server's process group lets it shut its kernels down; whatever of the
        processes it had started is still alive after ``timeout`` gets SIGKILL.
        """
        if self.process.poll() is not None:
            return
        started = descendant_pids(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        deadline = time.monotonic() + timeout
        survivors = [pid for pid in started if pid_alive(pid)]
        while survivors and time.monotonic() < deadline:
            time.sleep(0.1)
            survivors = [pid for pid in survivors if pid_alive(pid)]
        for pid in survivors:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def __enter__(self) -> JupyterServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def offline(context: BrowserContext) -> list[str]:
    """Refuse every request of ``context``'s pages for anything but 127.0.0.1 (the servers), ``data:`` and
    ``blob:`` (pictures a page makes itself), at once, as a machine with no network does; return the list of the
    URLs refused, which grows as the pages ask.

    Without it a page that asks a CDN waits on a network that drops the request instead of refusing it (for
    minutes: its ``load`` event with it), and a test's outcome would depend on the machine's network.
    """
    refused: list[str] = []

    def route(r: Route) -> None:
        if urlsplit(r.request.url).hostname in ("127.0.0.1", None):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort("internetdisconnected")

    context.route("**/*", route)
    return refused


def launch_chromium(playwright: Playwright, extra_args: tuple[str, ...] = ()) -> Browser:
    """Debian's headless Chromium, launched by Playwright (never a downloaded browser), with ``extra_args``."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args], headless=True)


# --- JupyterLab ---------------------------------------------------------------------------------


def open_lab_notebook(page: Page, server: JupyterServer, notebook: str, timeout: float = 90.0) -> None:
    """Open ``notebook`` in JupyterLab (fresh workspace) and wait until its kernel is idle."""
    page.goto(server.lab_url(notebook), timeout=timeout * 1000)
    wait_kernel_idle(page, timeout)


def wait_kernel_idle(page: Page, timeout: float = 60.0, idle: str = KERNEL_IDLE) -> None:
    """Wait for the status bar's ``idle`` text: "Python 3 (ipykernel) | Idle" (JupyterLite: :data:`LITE_KERNEL_IDLE`).

    That text names a started kernel; the toolbar's execution indicator says idle earlier, before a
    kernel exists, so it is not used.
    """
    page.locator(".jp-StatusBar-Widget").get_by_text(idle, exact=True).wait_for(timeout=timeout * 1000)


def menu_command(page: Page, menu: str, item: str) -> None:
    """Click ``item`` (its exact label) in JupyterLab's menu ``menu`` ("Edit", "Run", …)."""
    page.locator(".lm-MenuBar-item", has_text=menu).first.click()
    page.locator(".lm-Menu-item", has=page.get_by_text(item, exact=True)).first.click()


def run_all_cells(page: Page, timeout: float = 120.0, idle: str = KERNEL_IDLE) -> None:
    """Show every cell's code, clear every output, Run All Cells, then wait until the run is over
    (see :func:`wait_until_executed`).

    Clearing first matters for a notebook stored with outputs: its stored execution counts would
    look like the new run's, and a stored error like a new one.
    """
    menu_command(page, "View", "Expand All Code")  # a cell with hidden code shows no prompt to count
    menu_command(page, "Edit", "Clear Outputs of All Cells")
    before = page.evaluate(_LAST_COUNT_JS)
    menu_command(page, "Run", "Run All Cells")
    wait_until_executed(page, after=before, timeout=timeout, idle=idle)


def wait_until_executed(page: Page, after: int = 0, timeout: float = 120.0, idle: str = KERNEL_IDLE) -> None:
    """Wait until a run of the notebook's cells is over, then for kernel idle (the status bar's ``idle``).

    Over means: no code cell is queued or running (``[*]``), the first one shows an execution count
    above ``after`` (the highest count before the run), and either every code cell does or an
    error stopped the run (JupyterLab then leaves the later cells unrun).
    """
    page.wait_for_function(
        r"""([after, errorPattern]) => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            const counts = prompts.map(p => p.textContent.includes('*') ? NaN
                                            : +((p.textContent.match(/\[(\d+)\]/) || [])[1] ?? -1));
            if (!counts.length || counts.some(Number.isNaN) || !(counts[0] > after)) return false;
            if (counts.every(c => c > after)) return true;
            const errorText = new RegExp(errorPattern, 'm');
            return [...document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
                .some(el => errorText.test(el.innerText));
        }""",
        arg=[after, ERROR_PATTERN],
        timeout=timeout * 1000,
    )
    wait_kernel_idle(page, timeout, idle)


_LAST_COUNT_JS = r"""() => Math.max(0, ...[...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
    .map(p => +((p.textContent.match(/\[(\d+)\]/) || [])[1] ?? 0)))"""


def output_errors(page: Page) -> list[str]:
    """Tracebacks shown in output areas, and every "Error displaying widget" (JupyterLab and Voilà):
    the text "Error displaying widget…" in an output, or a view ipywidgets 8 could not render (its
    broken-page icon, ``.jupyter-widgets-error-widget``, which shows the message only when clicked).

    An exception's output is rendered as standard-error text; it is told apart from a warning by
    :data:`ERROR_PATTERN` (IPython's "Traceback" header, or a line starting "…Error" / "…Exception").
    """
    return page.evaluate(
        """([errorPattern, widgetError]) => {
            const errorText = new RegExp(errorPattern, 'm');
            const found = [];
            for (const el of document.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')) {
                if (errorText.test(el.innerText)) found.push(el.innerText);
            }
            // a view that failed to render: ipywidgets 8 draws a broken-page icon, "Click to show javascript error."
            for (const el of document.querySelectorAll('.jupyter-widgets-error-widget')) {
                found.push(widgetError + ': ' + el.innerText.trim());
            }
            // "Error displaying widget: model not found" as text, in output areas only: a page's prose
            // (notebook 00's troubleshooting table) and code may quote the message
            for (const el of document.querySelectorAll('.jp-OutputArea *')) {
                if (el.children.length === 0 && el.textContent.includes(widgetError)) found.push(el.textContent);
            }
            return found;
        }""",
        [ERROR_PATTERN, WIDGET_ERROR],
    )


def course_errors(page: Page) -> list[str]:
    """:func:`output_errors`, and every error shown inside a course widget (its ``cl-error`` area)."""
    shown = page.locator(".cl-error").evaluate_all(
        "els => els.filter(e => e.offsetParent !== null && e.innerText.trim()).map(e => e.innerText)"
    )
    return output_errors(page) + shown


# --- Voilà --------------------------------------------------------------------------------------


def open_voila(page: Page, server: JupyterServer, notebook: str, ready_selector: str, timeout: float = 120.0) -> None:
    """Open Voilà's rendering of ``notebook`` and wait until ``ready_selector`` is visible.

    Voilà runs every cell before (and while) it shows the page; ``ready_selector`` should name a
    widget the last cell displays, so that the whole notebook has run.
    """
    page.goto(server.voila_url(notebook), timeout=timeout * 1000)
    page.locator(ready_selector).first.wait_for(state="visible", timeout=timeout * 1000)


def open_notebook(page: Page, server: JupyterServer, notebook: str, ready_selector: str) -> None:
    """``notebook`` run and shown by ``server``: in JupyterLab, opened and Run All (see :func:`run_all_cells`);
    in Voilà, opened (see :func:`open_voila`). Either way ``ready_selector`` is then visible."""
    if server.kind == "lab":
        open_lab_notebook(page, server, notebook)
        run_all_cells(page)
    else:
        open_voila(page, server, notebook, ready_selector)
    page.locator(ready_selector).first.wait_for(state="visible", timeout=60_000)


# --- Widgets ------------------------------------------------------------------------------------


def slider_readout(page: Page, slider: str) -> str:
    """The readout text of the ipywidgets slider matched by CSS selector ``slider``."""
    return page.locator(f"{slider} .widget-readout").first.inner_text().strip()


def press_slider(page: Page, slider: str, key: str = "ArrowRight", times: int = 1, timeout: float = 30.0) -> str:
    """Focus the handle of slider ``slider`` (a CSS selector), press ``key`` ``times`` times, return the new readout.

    Keys are noUiSlider's: ArrowRight/ArrowLeft step, PageUp/PageDown jump, Home/End go to the ends.

    Raises:
        AssertionError: the readout did not change within ``timeout``.
    """
    before = slider_readout(page, slider)
    handle = page.locator(f"{slider} .noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)
    readout = page.locator(f"{slider} .widget-readout").first
    deadline = time.monotonic() + timeout
    while (after := readout.inner_text().strip()) == before:
        if time.monotonic() > deadline:
            raise AssertionError(f"slider {slider}: readout stayed {before!r} after {times} × {key}")
        time.sleep(0.05)
    return after


def element_png(locator: Locator, attempts: int = 5) -> bytes:
    """A PNG screenshot of the element: its pixels as shown (img, canvas or svg alike).

    An element that is replaced while being shot (an output area redrawing its image: the old
    node is detached, or still there but no longer rendered) is looked up again, up to
    ``attempts`` times.
    """
    from playwright.sync_api import Error as PlaywrightError

    replaced = ("not attached", "not visible or not an HTMLElement")  # Playwright's words for the two cases
    for attempt in range(1, attempts + 1):
        try:
            return locator.screenshot(animations="disabled")
        except PlaywrightError as error:
            if not any(words in str(error) for words in replaced) or attempt == attempts:
                raise
            time.sleep(0.05)


def pixel_hash(locator: Locator) -> str:
    """SHA-256 of the screenshots of every element ``locator`` matches: equal hashes mean identical pixels."""
    digest = hashlib.sha256()
    for i in range(locator.count()):
        digest.update(element_png(locator.nth(i)))
    return digest.hexdigest()


def wait_pixels_change(locator: Locator, old_hash: str, timeout: float = 30.0) -> str:
    """Wait until the element's pixels differ from ``old_hash``; return the new hash.

    Raises:
        AssertionError: the pixels stayed the same for ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while (new := pixel_hash(locator)) == old_hash:
        if time.monotonic() > deadline:
            raise AssertionError(f"pixels of {locator} did not change within {timeout:.0f} s")
        time.sleep(0.1)
    return new


def save_screenshot(target: Page | Locator, name: str) -> Path:
    """Save a PNG of a page or element as ``<artifacts>/<name>.png`` and return its path."""
    path = artifacts_dir() / f"{name}.png"
    target.screenshot(path=str(path))
    return path
