"""End to end in a real browser: Debian's chromium, driven by Playwright (no browser download).

`make test` installs chromium on a fresh machine (Makefile target `browser`); the executable can
be named with UNHRC_NEWS_CHROMIUM. A reviewer opens the app, registers the candidate actors and
proposed events, accepts the proposals, corrects a speaker, rejects one with a reason, adds a
statistic the machine missed, saves and marks the article reviewed; the rebuild then publishes
its rows as curated and passes every guard. A screenshot of the document page goes to
build/review-app.png.
"""
from __future__ import annotations

import csv
import os
import socket
import threading
import time

import pytest
import uvicorn
from playwright.sync_api import sync_playwright

from conftest import REPO, add_new_article
from unhrc_news.config import Settings
from unhrc_news.pipeline import build
from unhrc_news.review_app import create_app

CHROMIUM = os.environ.get("UNHRC_NEWS_CHROMIUM", "/usr/bin/chromium")
MISSED = '  - {text: "14", value: 14, unit: "abstention", measure: "abstentions", qualifier: exact, source_text: ""}  # machine\n'


@pytest.fixture
def app_url(built):
    doc_id = add_new_article(built)
    draft = built / "seeds/annotations" / f"{doc_id}.yaml"
    text = draft.read_text(encoding="utf-8")
    assert MISSED in text
    draft.write_text(text.replace(MISSED, ""), encoding="utf-8")  # a statistic the machine missed
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(root=built)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield built, doc_id, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


def test_a_reviewer_checks_a_draft_in_the_browser_and_the_rebuild_publishes_it(app_url):
    root, doc_id, base = app_url
    answers = {"value": "14", "unit": "abstention", "measure": "abstentions", "qualifier": "exact"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("dialog", lambda d: d.accept(next(v for k, v in answers.items() if f": {k} for" in d.message)))
        page.goto(base + "/")
        page.click(f"a:has-text('{doc_id}')")
        page.wait_for_selector("#records")
        # the registries first: candidate actors, then the events that name them
        for kind in ("actor", "event"):
            while page.locator(f".register-{kind}").count():
                page.locator(f".register-{kind}").first.click()
                page.wait_for_function("document.getElementById('message').textContent !== ''")
                assert page.locator("#message").inner_text().startswith("Added"), page.locator("#message").inner_text()
                page.evaluate("document.getElementById('message').textContent = ''")
        quote = page.locator("tr[data-section=quotes]:has(input[name=text][value*='political show'])")
        quote.locator("input[name=speaker_text]").fill("Yvan Gil")  # correct the speaker's words
        quote.locator("input[name=cue]").fill("said")
        stat = page.locator("tr[data-section=statistics]:has(input[name=measure][value='member council'])")
        stat.locator(".reason").fill("the council's size, not a finding of this story")
        stat.locator(".reject").click()
        for row in page.locator("#records tbody tr:not(.rejected)").all():
            row.locator(".accept").click()
        # the missed statistic: select its words in the article and add them
        page.evaluate("""() => {
            const walker = document.createTreeWalker(document.getElementById('article'), NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.textContent.indexOf('14 abstentions');
                if (at >= 0) { const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 2);
                               const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); return; }
            }
        }""")
        page.click("button[data-add=statistics]")
        page.evaluate("window.scrollTo(0, 0)")
        (REPO / "build").mkdir(exist_ok=True)
        page.screenshot(path=str(REPO / "build/review-app.png"))  # the document page mid-review (shown in the docs)
        with page.expect_navigation():
            page.click("#save")
        page.wait_for_selector("#records")
        assert page.locator("#waiting").inner_text() == "0"
        with page.expect_navigation():
            page.click("#reviewed")
        assert page.locator("#status").inner_text() == "reviewed"
        browser.close()
    build(Settings(root=root))  # raises if any guard fails
    with open(root / "data/statistics.csv", encoding="utf-8", newline="") as fh:
        mine = [r for r in csv.DictReader(fh) if r["document_id"] == doc_id]
    assert mine and all(r["method"] == "curated" for r in mine)
    assert ("14", "abstention") in {(r["value"], r["unit"]) for r in mine} and "47" not in {r["value"] for r in mine}
    with open(root / "data/quotes.csv", encoding="utf-8", newline="") as fh:
        quotes = {r["text"]: r for r in csv.DictReader(fh) if r["document_id"] == doc_id}
    assert quotes["But it will not take part in a political show."]["speaker_text"] == "Yvan Gil"
    assert all(q["method"] == "curated" for q in quotes.values())
