"""The HTML report in a real browser: headless Chromium, driven over the DevTools protocol.

Chromium is started with ``--remote-debugging-pipe`` (commands in on fd 3, replies out on fd 4,
each a JSON message ended by a NUL), so the test needs no driver, no websocket library and no
network port.  A click is a real mouse press and release at the element's centre, as a person's
would be.  Skips with a reason where Chromium is not installed (.ci/run installs Debian's).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from citeaudit.cli import main

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian: apt-get install chromium)")

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)

# A manuscript made to exercise the page: one error, footnotes numbered past 9 (natural sort),
# an uncited entry, italics in the list, addresses too long for a phone, and hostile text that
# must stay text (a script and an image that would set window.__pwned if they ran).
MANUSCRIPT = """\
# Notes on <script>window.__pwned = 1</script> & "quotes"

Prior work (Smith, 2001) showed this, but Nobody (1999) disagreed <img src=x onerror="window.__pwned=2"> & more.<sup>1</sup>
Later work (Jones, 2005) agrees.

<sup>1</sup> See the appendix.

<sup>2</sup> Orphan note two.

<sup>3</sup> Orphan note three.

<sup>10</sup> Orphan note ten, https://example.org/a/very/long/path/that/goes/on/and/on/without/any/break/at/all/index.html

<sup>11</sup> Orphan note eleven.

## References

Jones, K. (2005). *A Long Title in Italics*. Test Press. https://example.org/another/very/long/address/that/never/breaks/by/itself/at/all.html
Smith, J. (2001). Reading citations. *Journal of Tests*, *3*(2), 1-10.
Uncited, U. (1990). Never cited <b>bold</b> & "quoted". Press.
"""


# argv: the fd to read commands from, the fd to write replies to, then the browser's command line.
# Both are copied above 9 first, so that placing one at 3 or 4 never overwrites the other.
_TRAMPOLINE = (
    "import fcntl, os, sys; given = int(sys.argv[1]), int(sys.argv[2]); "
    "high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in given]; "
    "[os.close(fd) for fd in given]; os.dup2(high[0], 3); os.dup2(high[1], 4); "
    "[os.close(fd) for fd in high]; "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class DevTools:
    """A headless Chromium and one page in it, spoken to over the DevTools pipe."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()
        # The protocol's fds are 3 (in) and 4 (out) in the browser: a small Python puts the pipes
        # there and becomes the browser (no preexec_fn, unsafe where threads run; no shell, as
        # dash's redirections take one-digit fds only).
        self.process = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(to_browser), str(from_browser),
             executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_browser, from_browser),
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        try:
            target = self.call("Target.createTarget", url="about:blank", session=None)["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target, flatten=True, session=None)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        try:
            self.call("Browser.close", session=None, timeout=5)
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)

    def call(self, method: str, session: str | None | bool = True, timeout: float = 30, **params: Any) -> Any:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session is True and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        for reply in self._messages(timeout):
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise AssertionError("unreachable")

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for event in self._messages(timeout):
            self.events.append(event)
            if event.get("method") == method:
                return event
        raise AssertionError("unreachable")

    def _messages(self, timeout: float) -> Iterator[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                yield json.loads(raw)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk

    # What the tests use.
    def open(self, url: str, width: int, height: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600)
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A mouse click on the first element ``selector`` finds, scrolled into view: at the centre
        of its first box (a link broken over two lines has a gap at its outline's centre)."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0];"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        self.js("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (a CSP violation is one)."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(" ".join(str(arg.get("value", arg.get("description"))) for arg in params["args"]))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                found.append(params["entry"].get("text", ""))
        return found


@pytest.fixture(scope="module")
def report_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("browser")
    manuscript = folder / "paper.md"
    manuscript.write_text(MANUSCRIPT, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(manuscript), "--offline", "--out", str(folder / "out")])
    assert result.exit_code == 1, result.output  # one error
    return (folder / "out" / "paper.html").as_uri()


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[DevTools]:
    assert CHROMIUM is not None
    try:
        tools = DevTools(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    except (OSError, RuntimeError, TimeoutError) as exc:  # a broken or half-installed browser
        pytest.skip(f"Chromium at {CHROMIUM} did not start: {exc}")
    try:
        yield tools
    finally:
        tools.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    """Where the screenshots go: $CITEAUDIT_SCREENSHOTS when set (CI keeps them), else pytest's tmp."""
    chosen = os.environ.get("CITEAUDIT_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


ROWS = "Array.from(document.querySelectorAll('#findings-table tbody tr'))"
VISIBLE_SEVERITIES = f"{ROWS}.filter(r => !r.hidden).map(r => r.dataset.severity)"
FOOTNOTE_ORDER = (
    f"{ROWS}.map(r => r.querySelector('.message').textContent.match(/^footnote (\\d+)/))"
    ".filter(m => m).map(m => Number(m[1]))"
)


@pytest.mark.parametrize("width", [pytest.param(390, id="phone"), pytest.param(1280, id="desktop")])
def test_page_loads_clean_without_sideways_scrolling(browser, report_url, artefacts, width):
    browser.events.clear()
    browser.open(report_url, width)
    browser.screenshot(artefacts / f"report-{width}.png")
    assert (artefacts / f"report-{width}.png").stat().st_size > 10_000
    assert browser.errors() == []
    assert browser.js("document.documentElement.scrollWidth") <= width
    assert browser.js("typeof window.__pwned") == "undefined"
    assert browser.js("document.querySelectorAll('main img, main iframe, main script').length") == 0
    # The findings come errors first; the controls appear once the script has run.
    assert browser.js(f"{ROWS}.map(r => r.dataset.severity)")[0] == "error"
    assert browser.js("document.querySelector('.controls').hidden") is False


def test_badges_filter_the_table(browser, report_url):
    browser.open(report_url, 390)
    browser.click("a.badge[data-show='error']")
    assert browser.js(VISIBLE_SEVERITIES) == ["error"]
    assert browser.js("document.querySelector('a.badge[data-show=error]').getAttribute('aria-pressed')") == "true"
    assert browser.js("location.hash") == "#findings"
    browser.click("a.badge[data-show='warning']")
    assert set(browser.js(VISIBLE_SEVERITIES)) == {"warning"}
    browser.click("a.badge[data-show='warning']")  # again: everything
    assert len(browser.js(VISIBLE_SEVERITIES)) == browser.js(f"{ROWS}.length") == 6
    browser.click("input[data-severity-filter][value='warning']")  # the checkbox itself
    assert browser.js(VISIBLE_SEVERITIES) == ["error"]


@pytest.mark.parametrize(
    ("header", "clicks", "expected"),
    [
        pytest.param(4, 1, [2, 3, 10, 11], id="finding-ascending-natural"),
        pytest.param(4, 2, [11, 10, 3, 2], id="finding-descending-natural"),
        pytest.param(3, 2, [11, 10, 3, 2], id="line-descending"),
    ],
)
def test_sorting_by_clicking_a_header(browser, report_url, header, clicks, expected):
    browser.open(report_url, 1280)
    for _ in range(clicks):
        browser.click(f"#findings-table th:nth-child({header}) button")
    assert browser.js(FOOTNOTE_ORDER) == expected
    direction = "ascending" if clicks == 1 else "descending"
    assert browser.js(f"document.querySelector('#findings-table th:nth-child({header})').getAttribute('aria-sort')") == direction


@pytest.mark.parametrize(
    ("link", "target"),
    [
        pytest.param("#findings-table a[href^='#ref-']", "ref-3", id="reference"),
        pytest.param("#findings-table a[href='#fn-10']", "fn-10", id="footnote"),
        pytest.param(".fix-first a", "f-1", id="fix-first"),
        pytest.param("svg a[href='#ref-2']", "ref-2", id="year-chart-square"),
    ],
)
def test_a_link_lands_on_its_target(browser, report_url, link, target):
    browser.open(report_url, 390)
    browser.click(link)
    assert browser.js("location.hash") == f"#{target}"
    assert browser.js("document.querySelector(':target') && document.querySelector(':target').id") == target
    top, bottom = browser.js(f"(() => {{ const r = document.getElementById('{target}').getBoundingClientRect(); return [r.top, r.bottom]; }})()")
    assert top < browser.js("innerHeight") and bottom > 0


def test_a_link_to_a_filtered_out_finding_shows_it(browser, report_url):
    browser.open(report_url, 1280)
    browser.click("a.badge[data-show='error']")
    assert browser.js(VISIBLE_SEVERITIES) == ["error"]
    browser.click("#ref-3 .ref-head a.badge")  # the uncited entry's warning
    target = browser.js("location.hash").lstrip("#")
    assert browser.js(f"document.getElementById('{target}').hidden") is False
    assert len(browser.js(VISIBLE_SEVERITIES)) == 6
