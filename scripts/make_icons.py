"""Draw the app icons (static/icons/icon-192.png and icon-512.png) from the favicon's design, in Chromium.

Full-bleed squares with the letter inside the middle 60%, so that a phone's
mask (circle, squircle) never cuts it: one file serves as "any" and "maskable".
Run again after changing the favicon: `.venv/bin/python scripts/make_icons.py`.
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
CHROMIUM = Path("/usr/bin/chromium")
PAGE = """<!doctype html><html><body style="margin:0"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"
 width="{size}" height="{size}" style="display:block"><rect width="100" height="100" fill="#2f5fd0"/>
<text x="50" y="69" font-family="system-ui,sans-serif" font-size="56" font-weight="800" text-anchor="middle"
 fill="#fff">Q</text></svg></body></html>"""


def main() -> None:
    ICONS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        options = {"executable_path": str(CHROMIUM)} if CHROMIUM.exists() else {}
        browser = playwright.chromium.launch(args=["--no-sandbox"], **options)
        for size in (192, 512):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(PAGE.format(size=size))
            page.screenshot(path=ICONS / f"icon-{size}.png")
            print(ICONS / f"icon-{size}.png")
        browser.close()


if __name__ == "__main__":
    main()
