"""The patient's own log (issue 27): the HTML handout's log is a form filled in in the
browser, kept in the page's storage, saved as a session-log file that `assess` reads.

The tests without a browser read the markup; the others drive the real headless Chromium
that tests/test_html_browser.py uses (skipped, or failed under REHABKIT_REQUIRE_TOOLS, where
it is not installed).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import rehabkit as rk
from rehabkit._app.cli import main
from rehabkit._view.handout import view_model

from .handout_helpers import Element, html_handout

pytest.importorskip("jinja2")

START = dt.date(2026, 12, 1)
personalise = functools.partial(rk.personalise, allow_example=True)


def _plan(patient: str = "Ana Lopez", weeks: int = 2) -> rk.Plan:
    return personalise(
        rk.bundled("runners-knee"), patient=patient, side="left", start=START, weeks=weeks
    )


def _day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


# ------------------------------------------------------------------ the markup


def _form(page: Element) -> Element:
    return page.find("div", class_="log-form")


def test_every_input_is_labelled_with_its_day_and_exercise() -> None:
    """A fieldset per day, its legend the day; inside, one per exercise; and each input's
    label names the day and, in an exercise's fieldset, the exercise."""
    plan = _plan()
    form = _form(html_handout(plan))
    labels = {label.attrs["for"]: label.text() for label in form.find_all("label")}
    days = form.find_all("fieldset", class_="log-day")
    assert len(days) == len(view_model(plan)["log"]["rows"])
    assert [d.find("legend").text() for d in days[:2]] == ["Tue 1 Dec", "Wed 2 Dec"]
    for day in days:
        legend = day.find("legend").text()
        for element in day.find_all("input") + day.find_all("select"):
            assert labels[element.attrs["id"]].endswith(legend), element.attrs["id"]
        for entry in day.find_all("fieldset", class_="log-entry"):
            name = entry.find("legend").text().split(" (")[0]  # less "(when told)"
            for element in entry.find_all("input"):
                assert f", {name}, {legend}" in labels[element.attrs["id"]]
    first = labels["log-2026-12-01-1-wall-sit-pain_during"]
    assert first == "Worst pain during (0-10) , Wall Sit, Tue 1 Dec"


def test_without_javascript_the_page_is_the_paper_log() -> None:
    """The form is hidden until its script runs; the paper log is there as before, and the
    one script is inline."""
    page = html_handout(_plan())
    form = _form(page)
    assert "hidden" in form.attrs
    table = page.find("table", class_="log")
    assert table.find_all("span", class_="tick")
    scripts = page.find_all("script")
    assert len(scripts) == 1 and "src" not in scripts[0].attrs
    for forbidden in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "http"):
        assert forbidden not in scripts[0].text()


def test_the_generic_handout_has_the_paper_log_alone() -> None:
    page = html_handout(rk.bundled("runners-knee"))
    assert not page.find_all("div", class_="log-form") and not page.find_all("script")


def test_each_input_says_what_it_writes_and_the_script_does_not_know_the_format() -> None:
    """The session-log field and value of every input come from Python: a tick writes the
    dose as prescribed, an answer its logged value; the script names no field."""
    plan = _plan()
    form = _form(html_handout(plan))
    tick = next(i for i in form.find_all("input") if i.attrs["id"].endswith("wall-sit-done"))
    done = plan.dosage_for("wall-sit")
    assert json.loads(tick.attrs["value"] or "") == {
        "sets": done.sets, "repetitions": done.repetitions,
        "hold": {"value": done.hold.value, "unit": "s"},  # type: ignore[union-attr]
    }  # fmt: skip
    script = html_handout(plan).find("script").text()
    for field in ("pain_during", "next_morning", "symptoms", "sets", "exercise", "date"):
        assert field not in script


def test_not_settled_is_read_the_safe_way() -> None:
    """ "No" to "pain back to usual within an hour?" is logged longer than every settling
    time a rule reads, so no rule reads it as settled; "yes" is the time asked about."""
    form = _form(html_handout(_plan()))
    settle = form.find("select", id="log-2026-12-01-1-pain_settled_after")
    values = [json.loads(o.attrs["value"]) for o in settle.find_all("option") if o.attrs["value"]]
    minutes = [v["pain_settled_after"]["value"] for v in values]
    assert minutes == [60, 61]
    # A protocol whose stop reads a longer time: "no" passes that one too.
    data = rk.to_data(rk.bundled("runners-knee"))
    data["stop_criteria"][0]["criteria"] = [
        {"metric": "pain_settle_time", "op": ">", "value": 24, "unit": "h"}
    ]
    plan = personalise(rk.from_data(data), side="left", start=START, weeks=1)
    settle = _form(html_handout(plan)).find("select", id="log-2026-12-01-1-pain_settled_after")
    no = json.loads(settle.find_all("option")[-1].attrs["value"] or "")
    assert no["pain_settled_after"] == {"value": 24 * 60 + 1, "unit": "min"}


def test_effort_is_asked_where_the_protocol_reads_it() -> None:
    """Format 1.2's effort and repetitions in reserve: an input each where a rule reads them
    (a 0-10 score, and a whole number), none where no rule does."""
    from .test_format_1_2_effort import EASY, IN_RESERVE, knee, plan_of, with_effort_rule

    form = _form(html_handout(plan_of(with_effort_rule(EASY, IN_RESERVE))))
    effort = form.find("input", id="log-2026-12-01-1-side-lying-clam-effort")
    assert (effort.attrs["data-path"], effort.attrs["max"], effort.attrs["step"]) == (
        "effort", "10", "any",
    )  # fmt: skip
    spare = form.find("input", id="log-2026-12-01-1-side-lying-clam-reps_in_reserve")
    assert (spare.attrs["data-path"], spare.attrs["step"], "max" in spare.attrs) == (
        "reps_in_reserve", "1", False,
    )  # fmt: skip
    plain = _form(html_handout(plan_of(knee())))
    assert not [i for i in plain.find_all("input") if i.attrs["id"].endswith("effort")]


# ------------------------------------------------------------------ in the browser

try:  # the browser, axe-core and their checks as tests/test_html_browser.py has them
    from . import test_html_browser as browser_tools
except pytest.skip.Exception as missing:
    browser_tools, _why = None, str(missing)
needs_browser = pytest.mark.skipif(browser_tools is None, reason="the browser tools are missing")


def _start() -> Any:
    """Headless Chromium as tests/test_html_browser.py starts it, logging the network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(browser_tools.CHROMIUM)
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-extensions", "--no-first-run",
        "--window-size=390,844",
    ):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(browser_tools.CHROMEDRIVER)), options=options)
    driver.set_script_timeout(120)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if browser_tools is None:
        pytest.skip(_why)
    driver = _start()
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, document: rk.Plan, path: Path, *, fresh: bool = True) -> None:
    """Open the handout; ``fresh``: with nothing kept from an earlier test (every file://
    page shares one storage)."""
    path.write_bytes(rk.export(document, "html"))
    browser.get(path.as_uri())
    if fresh:
        browser.execute_script("localStorage.clear()")
        browser.refresh()


def _requests(browser: Any) -> list[str]:
    """Every URL the browser asked for since the last call, but data: and blob: URLs
    (the page's own fonts and the saved file), which never leave the page."""
    urls = []
    for line in browser.get_log("performance"):
        message = json.loads(line["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if not u.startswith(("data:", "blob:"))]


def _fill(browser: Any, field: str, value: str | bool) -> None:
    """Fill one input by keyboard alone: a box toggled with the space bar, a number typed,
    an answer chosen by typing its words into the select."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    element = browser.find_element(By.ID, field)
    if element.get_attribute("type") == "checkbox":
        if element.is_selected() != value:
            element.send_keys(Keys.SPACE)
    else:
        element.send_keys(str(value))


def _saved(browser: Any, folder: Path) -> Path:
    """Press the save button and wait for the file it downloads."""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )
    browser.find_element(By.ID, "log-save").click()
    target = folder / "runners-knee-session-log.json"
    for _ in range(100):
        if target.is_file() and target.stat().st_size:
            return target
        time.sleep(0.1)
    raise AssertionError(f"nothing downloaded into {folder}: {list(folder.iterdir())}")


def _due(plan: rk.Plan, row: int) -> list[str]:
    log = view_model(plan)["log"]
    due = log["rows"][row]["due"]
    return [ex["exercise"] for ex, d in zip(log["exercises"], due, strict=True) if d]


# The week: five good days (swelling on the third), a sixth whose wall sit hurt (6/10, not
# settled within the hour, worse next morning), a seventh with one exercise and no answers.
_GOOD, _SORE, _LAST = range(5), 5, 6


def _fill_week(browser: Any, plan: rk.Plan) -> None:
    for n in range(7):
        slot = f"log-{_day(n).isoformat()}-1"
        exercises = _due(plan, n)[:1] if n == _LAST else _due(plan, n)
        for exercise in exercises:
            _fill(browser, f"{slot}-{exercise}-done", True)
            sore = n == _SORE and exercise == "wall-sit"
            _fill(browser, f"{slot}-{exercise}-pain_during", "6" if sore else "1")
        if n == _LAST:
            continue
        _fill(browser, f"{slot}-pain_settled_after", "No" if n == _SORE else "Yes")
        _fill(browser, f"{slot}-next_morning", "Worse" if n == _SORE else "Same")
        if n == 2:
            _fill(browser, f"{slot}-sign-swelling", True)


def _week_by_hand(plan: rk.Plan) -> rk.SessionLog:
    """The same week, logged in Python as docs/handouts.md maps the paper log."""
    log = rk.SessionLog(protocol="runners-knee", patient="Ana Lopez")
    for n in range(7):
        exercises = _due(plan, n)[:1] if n == _LAST else _due(plan, n)
        for exercise in exercises:
            sore = n == _SORE and exercise == "wall-sit"
            settled = None
            if n != _LAST:
                settled = rk.Quantity(61 if n == _SORE else 60, "min")
            log = log.log_session(
                exercise, _day(n), pain_during=6 if sore else 1, as_prescribed=plan,
                pain_settled_after=settled, symptoms=["swelling"] if n == 2 else (),
            )  # fmt: skip
        if n != _LAST:
            log = log.with_next_morning(_day(n), "worse" if n == _SORE else "same")
    return log


def _in_order(log: rk.SessionLog) -> list[rk.SessionEntry]:
    return sorted(log.entries, key=lambda e: (e.date, e.exercise))


def test_a_week_filled_in_is_the_week_logged_by_hand(browser: Any, tmp_path: Path) -> None:
    plan = _plan()
    _open(browser, plan, tmp_path / "handout.html")
    _requests(browser)  # the page itself
    _fill_week(browser, plan)
    saved = _saved(browser, tmp_path)
    assert _requests(browser) == []  # nothing sent anywhere, the download included
    log = rk.load(saved, rk.SessionLog)
    by_hand = _week_by_hand(plan)
    assert (log.protocol, log.patient, log.patient_id) == ("runners-knee", "Ana Lopez", None)
    assert _in_order(log) == _in_order(by_hand)
    on = _day(7)
    assert rk.assess(plan, log, on=on).decisions == rk.assess(plan, by_hand, on=on).decisions
    assert rk.assess(plan, log, on=on).decision("wall-sit").verdict is rk.Verdict.STOP
    # And the command line reads the file as it is.
    rk.dump(plan, tmp_path / "plan.json")
    assert main(["assess", str(tmp_path / "plan.json"), str(saved), "--on", on.isoformat()]) == 0


def test_reload_keeps_the_entries_and_another_plan_does_not_see_them(
    browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    first, second = _plan("Ana Lopez"), _plan("Ben Okafor")
    field = "log-2026-12-01-1-wall-sit-pain_during"
    _open(browser, first, tmp_path / "ana.html")
    _fill(browser, field, "3")
    _fill(browser, "log-2026-12-01-1-wall-sit-done", True)
    browser.refresh()
    assert browser.find_element(By.ID, field).get_attribute("value") == "3"
    assert browser.find_element(By.ID, "log-2026-12-01-1-wall-sit-done").is_selected()
    # Every file:// page shares one storage: the other person's handout starts empty.
    _open(browser, second, tmp_path / "ben.html", fresh=False)
    assert browser.find_element(By.ID, field).get_attribute("value") == ""
    assert not browser.find_element(By.ID, "log-2026-12-01-1-wall-sit-done").is_selected()
    # ... and Ana's is still there when she opens hers again.
    browser.get((tmp_path / "ana.html").as_uri())
    assert browser.find_element(By.ID, field).get_attribute("value") == "3"


def test_a_value_out_of_range_is_not_saved(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    plan = _plan()
    _open(browser, plan, tmp_path / "handout.html")
    _fill(browser, "log-2026-12-01-1-wall-sit-pain_during", "12")
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    browser.find_element(By.ID, "log-save").click()
    time.sleep(0.5)
    assert not list(tmp_path.glob("*.json"))
    active = browser.switch_to.active_element.get_attribute("id")
    assert active == "log-2026-12-01-1-wall-sit-pain_during"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_form_passes_axe_and_fits_the_screen(browser: Any, tmp_path: Path, width: int) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(width, 900)
    try:
        _open(browser, _plan(), tmp_path / "handout.html")
        assert browser.find_element(By.ID, "log-form").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "table.log").is_displayed()
        violations = browser_tools._axe(browser)
        assert violations == [], browser_tools._summary(violations)
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= browser.execute_script("return window.innerWidth")
    finally:
        browser.set_window_size(390, 844)


def test_with_javascript_off_the_paper_log_shows(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _open(browser, _plan(), tmp_path / "handout.html")
        assert browser.find_element(By.CSS_SELECTOR, "table.log").is_displayed()
        assert not browser.find_element(By.ID, "log-form").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@needs_browser
def test_printing_a_filled_in_page_gives_the_paper_log(tmp_path: Path) -> None:
    """Print shows the paper log's table and none of the form, after entries are made."""
    import base64

    from pypdf import PdfReader

    driver = _start()
    try:
        _open(driver, _plan(), tmp_path / "handout.html")
        _fill(driver, "log-2026-12-01-1-wall-sit-pain_during", "2")
        pdf = base64.b64decode(driver.print_page(browser_tools._print_options()))
    finally:
        driver.quit()
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)
    assert "Your exercise log" in text and "Tue 1 Dec" in text
    assert "Did every set and repetition" not in text
    assert "Save the log as a file" not in text


def test_a_sign_on_a_day_with_nothing_else_is_kept(browser: Any, tmp_path: Path) -> None:
    """A warning sign ticked on a day with no exercise filled in is not lost: it goes on an
    entry of that day's first exercise, holding the sign alone."""
    plan = _plan()
    _open(browser, plan, tmp_path / "handout.html")
    _fill(browser, "log-2026-12-02-1-sign-swelling", True)
    log = rk.load(_saved(browser, tmp_path), rk.SessionLog)
    first = _due(plan, 1)[0]
    assert log.entries == (rk.SessionEntry(date=_day(1), exercise=first, symptoms=["swelling"]),)
