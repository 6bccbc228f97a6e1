"""What browser tests and benchmarks share: the app served as users start it, and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("COP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("COP_CHROMEDRIVER", "/usr/bin/chromedriver")
ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run")
START_SECONDS = 90


class BrowserMissing(RuntimeError):
    pass


class AppDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served_app(database: Path, log: Path | None = None, **environment: str):
    """The app as users start it (gunicorn, gunicorn.conf.py) on ``database`` (extra environment variables
    allowed); yields its base URL."""
    with served_process(database, log, **environment) as (url, _):
        yield url


def worker_cpu_seconds(master: subprocess.Popen) -> float:
    """Processor time used so far by the processes under a gunicorn ``master``: its workers, and with several
    processes the writer's gunicorn and its worker (Linux /proc)."""
    ticks, pending = 0, Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    while pending:
        pid = pending.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            pending += Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except FileNotFoundError:  # ended meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of proc(5)
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def served_process(database: Path, log: Path | None = None, root: Path = ROOT, **environment: str):
    """``served_app`` yielding (base URL, gunicorn's master process); ``root``: the checkout of the app served."""
    port = free_port()
    env = {**os.environ, **environment, "COP_DB": str(database), "PORT": str(port)}
    log = log or Path(database).with_suffix(".log")
    with open(log, "w") as output:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"], cwd=root,
                                   env=env, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        try:
            while True:
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AppDidNotStart(f"L'application n'a pas démarré : {log.read_text()[-2000:]}") from None
                    time.sleep(0.3)
            yield url, process
        finally:
            process.terminate()
            process.wait(timeout=30)  # with several processes, the writer stops after the readers


def make_browser(width: int = 1440, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists():
            raise BrowserMissing(f"Navigateur introuvable : {binary}. "
                                 "Installez les paquets Debian chromium et chromium-driver.")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ARGUMENTS + (f"--window-size={width},{height}",):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
