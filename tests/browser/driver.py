"""Drive the real dashboard in Debian's headless Chromium: serve it, sign in, open pages, time each script run.

Used by the browser test (tests/browser/test_dashboard_e2e.py) and, for page timings against another data set,
as a script: `python -m tests.browser.driver --user NAME --pages "My work,MARAC"` (password on stdin).
Playwright's Python package drives /usr/bin/chromium (`executable_path`): no browser is ever downloaded.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# The network here is closed: without the background-networking flags Chromium keeps trying to reach Google.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEP_MS = 30_000  # every wait: a step that takes longer fails with a message saying which step
QUIET_MS = 300  # the script run is over when the app has stayed "notRunning" this long (st.rerun chains runs)
ARTIFACTS = PROJECT_ROOT / ".artifacts" / "browser"

# Records every change of the app's script-run state (Streamlit's data-test-script-state on stApp) and the time of
# the last change drawn in the main area. React may batch a short run's "running" and "notRunning" into one render
# (no attribute change at all), so a change drawn in the main area after the click counts as a run too.
WATCH_RUNS = """
(() => {
  window.__hearthRuns = [];
  window.__hearthClick = null;
  window.__hearthDrawn = 0;
  document.addEventListener('click', () => { window.__hearthClick = performance.now(); }, true);
  const inMain = (node) => {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(element && element.closest('[data-testid="stMain"]'));
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state') {
        window.__hearthRuns.push({from: r.oldValue, to: r.target.getAttribute('data-test-script-state'),
                                  t: performance.now()});
      } else if (r.type !== 'attributes' && inMain(r.target)) {
        window.__hearthDrawn = performance.now();
      }
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeOldValue: true, attributeFilter: ['data-test-script-state']});
})();
"""
# True once, after run-state change number n or the time `since`, the app has run (a state change, or a change drawn
# in the main area), is "notRunning", and nothing has changed for `quiet` ms (st.rerun chains runs).
SETTLED = """
([n, since, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const runs = window.__hearthRuns.slice(n);
  const last = Math.max(runs.length ? runs[runs.length - 1].t : 0, window.__hearthDrawn);
  if (runs.length === 0 && window.__hearthDrawn <= since) return false;
  return performance.now() - last >= quiet;
}
"""
# When the page last changed: its last run-state change or the last change drawn in the main area.
LAST_CHANGE = """
(n) => Math.max(...window.__hearthRuns.slice(n).map(r => r.t), window.__hearthDrawn)
"""


class StepFailed(AssertionError):
    """A step of the browser session failed: says which, with the page's visible text and the server's log."""


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], log: Path, port: int | None = None) -> Iterator[str]:
    """Serve dashboard/app.py with `streamlit run` on 127.0.0.1; yield its URL once healthy; always stop it."""
    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "dashboard" / "app.py"),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with log.open("w") as out:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(proc, url, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _wait_healthy(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float = STEP_MS / 1000) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StepFailed(f"streamlit exited ({proc.returncode}) before serving:\n{tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise StepFailed(f"streamlit not healthy at {url}/_stcore/health after {timeout:.0f} s:\n{tail(log)}")


def tail(log: Path, lines: int = 30) -> str:
    """Return the last lines of the server's log."""
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextmanager
def chromium() -> Iterator[Browser]:
    """Launch Debian's headless Chromium (no background networking); always close it.

    Playwright gives each launch a fresh, empty profile of its own (it refuses a --user-data-dir flag).
    """
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, timeout=STEP_MS)
        try:
            yield browser
        finally:
            browser.close()


class Dashboard:
    """One browser session (its own context, so its own Streamlit session) on the served dashboard."""

    def __init__(self, browser: Browser, url: str, shots: Path, log: Path) -> None:
        self.url, self.shots, self.log = url, shots, log
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.set_default_timeout(STEP_MS)
        self.context.add_init_script(WATCH_RUNS)
        self.page: Page = self.context.new_page()
        self.timings: dict[str, list[float]] = {}

    def close(self) -> None:
        """Close this session's browser context."""
        self.context.close()

    def fail(self, step: str, exc: BaseException) -> StepFailed:
        """Return the error for a failed step, after a screenshot of the page as it was."""
        name = "FAILED-" + "".join(c if c.isalnum() else "-" for c in step)[:60]
        try:
            self.screenshot(name)
            text = self.page.locator("body").inner_text(timeout=2000)[-1500:]
        except Exception:  # noqa: BLE001 (the page may be gone: report what we have)
            text = "(page unreadable)"
        return StepFailed(f"browser step failed: {step}: {exc}\n--- page text ---\n{text}\n"
                          f"--- streamlit log ---\n{tail(self.log)}")

    def step(self, what: str, action: Callable[[], Any]) -> float:
        """Do an interaction, wait for the app's script run(s) to finish, and return seconds from click to the last
        change of the page (its run state, or anything drawn in the main area)."""
        try:
            n = self.page.evaluate("window.__hearthRuns.length")
            self.page.evaluate("window.__hearthClick = null")
            started = self.page.evaluate("performance.now()")
            action()
            self.page.wait_for_function(SETTLED, arg=[n, started, QUIET_MS], timeout=STEP_MS, polling=50)
            clicked = self.page.evaluate("window.__hearthClick") or started
            done = self.page.evaluate(LAST_CHANGE, n)
            self.no_exception(what)
            return float(done - clicked) / 1000
        except (PlaywrightTimeout, AssertionError) as exc:
            if isinstance(exc, StepFailed):
                raise
            raise self.fail(what, exc) from exc

    def no_exception(self, what: str) -> None:
        """Fail if the page shows a Streamlit exception (a traceback) instead of a message."""
        exceptions = self.page.locator('[data-testid="stException"]')
        if exceptions.count():
            raise StepFailed(f"{what}: the page shows an exception:\n{exceptions.first.inner_text()}")

    def sign_in(self, username: str, password: str) -> None:
        """Open the sign-in page and sign in; wait for the first page of the user's navigation."""
        try:
            self.page.goto(self.url, timeout=STEP_MS)
            self.page.get_by_label("Username").wait_for(timeout=STEP_MS)
            self.page.wait_for_function(SETTLED, arg=[0, 0, QUIET_MS], timeout=STEP_MS, polling=50)
        except PlaywrightTimeout as exc:
            raise self.fail("open the sign-in page", exc) from exc
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.step(f"sign in as {username}", lambda: self.button("Sign in").click())
        self.expect_text(f"Signed in as {username}", f"signed in as {username}")

    def nav_titles(self) -> list[str]:
        """Return the page titles in the sidebar navigation."""
        return [t.strip() for t in self.page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]

    def open(self, title: str) -> float:
        """Open a page from the sidebar navigation; return its render time (click to the page's last change)."""
        link = self.page.locator('[data-testid="stSidebarNavLink"]', has_text=title).first
        seconds = self.step(f"open page {title!r}", link.click)
        try:
            self.page.locator('[data-testid="stMain"] h1').first.wait_for(state="visible", timeout=STEP_MS)
        except PlaywrightTimeout as exc:
            raise self.fail(f"page {title!r} opened: expected its title", exc) from exc
        self.timings.setdefault(title, []).append(seconds)
        return seconds

    def button(self, label: str) -> Any:
        """Return the button with this label."""
        return self.page.get_by_role("button", name=label).first

    def expect_text(self, text: str, what: str) -> None:
        """Wait until the text is visible on the page."""
        try:
            self.page.get_by_text(text).first.wait_for(state="visible", timeout=STEP_MS)
        except PlaywrightTimeout as exc:
            raise self.fail(f"{what}: expected {text!r}", exc) from exc

    def main_text(self) -> str:
        """Return the visible text of the page's main area (not the sidebar)."""
        return str(self.page.locator('[data-testid="stMain"]').inner_text())

    def screenshot(self, name: str, selector: str | None = None) -> Path:
        """Save a screenshot of the window (or of the element `selector` picks) under the shots folder."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        if selector:
            self.page.locator(selector).first.screenshot(path=str(path), timeout=STEP_MS)
        else:  # Streamlit scrolls inside its own container, so a "full page" shot is the window anyway
            self.page.screenshot(path=str(path), timeout=STEP_MS)
        return path


def time_pages(dash: Dashboard, titles: list[str], rounds: int = 2) -> dict[str, list[float]]:
    """Open each page `rounds` times in turn; return seconds per page, in the order opened."""
    for _ in range(rounds):
        for title in titles:
            dash.open(title)
    return {t: dash.timings[t][-rounds:] for t in titles}


def main(argv: list[str] | None = None) -> int:
    """Time every page a user sees against the database of the environment (HEARTH_DATA_DIR...): print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--shots", type=Path, default=ARTIFACTS / "timing")
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n")
    log = args.shots / "streamlit.log"
    with serve(dict(os.environ), log) as url, chromium() as browser:
        dash = Dashboard(browser, url, args.shots, log)
        dash.sign_in(args.user, password)
        titles = dash.nav_titles()
        figures = time_pages(dash, titles, args.rounds)
        dash.screenshot(f"{args.user}-last")
        dash.close()
    print(json.dumps({"user": args.user, "seconds": figures}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
