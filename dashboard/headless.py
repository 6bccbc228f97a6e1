"""Headless Debian Chromium driven by chromedriver, for the browser tests and the benchmark."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("COP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("COP_CHROMEDRIVER", "/usr/bin/chromedriver")
ARGUMENTS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run")


class BrowserMissing(RuntimeError):
    pass


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
