"""An accessibility audit: axe-core (shipped by the PyPI package axe-core-python) injected into every public page and
the main staff pages, in Chinese and in English, on a desktop and a phone; no serious or critical violation."""
import pathlib
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from test_public_flow import submit_leak
from test_staff_flow import sign_in

axe_core_python = pytest.importorskip("axe_core_python", reason="pip install axe-core-python (.ci/run does)")
AXE = (pathlib.Path(axe_core_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")

PUBLIC = ["/guide", "/m/jiangzuan-school", "/track", "/figures", "/legal-day", "/legal-day/booking", "/api/docs", "/privacy"]
STAFF = ["/staff", "/staff/tickets", "/staff/tickets?view=sent", "/staff/lists/tasks", "/staff/lists/responsibilities",
         "/staff/lists/feedback", "/staff/board", "/staff/inbox", "/staff/new", "/staff/dashboard", "/staff/hotspots",
         "/staff/conduct", "/staff/mechanism", "/staff/common-issues", "/staff/legal-day", "/staff/mediations", "/staff/risks",
         "/staff/qr"]
# Each administration page with the administrator it belongs to (三员分立).
ADMIN = {"joint.admin": ["/staff/admin/rules", "/staff/admin/structure"], "joint.securityAdmin": ["/staff/admin/users"],
         "joint.auditAdmin": ["/staff/admin/audit"], "joint.supervisor": ["/staff/privacy"]}


def violations(browser):
    """The serious and critical violations axe finds on the page now, as readable lines."""
    browser.execute_script(AXE)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["html"][:120] for n in v["nodes"][:3])
            for v in result if v["impact"] in ("serious", "critical")]


def audit(browser, server, paths, language):
    found = {}
    for path in paths:
        browser.get(server + f"/lang/{language}?back=" + urllib.parse.quote(path, safe=""))
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == ("zh-Hans" if language == "zh-Hans" else "en"), path
        # The page itself, not a sign-in page or an error in its place.
        assert urllib.parse.urlparse(browser.current_url).path == urllib.parse.urlparse(path).path, path
        assert browser.find_elements(By.TAG_NAME, "h1"), path
        problems = violations(browser)
        if problems:
            found[f"{language} {path}"] = problems
    return found


def test_the_audit_sees_what_it_must_refuse(server, desk):
    # The check itself: an image without text and grey-on-white text are reported, so a clean page means something.
    desk.get(server + "/guide")
    assert violations(desk) == []
    # Built through the DOM: the pages' Content-Security-Policy ignores inline style attributes.
    desk.execute_script("""
        const main = document.querySelector('main');
        const image = document.createElement('img'); image.src = '/static/none.png'; main.append(image);
        const grey = document.createElement('p'); grey.textContent = '灰色的说明文字';
        grey.style.color = '#ccc'; grey.style.background = '#fff'; main.append(grey);""")
    found = " ".join(violations(desk))
    assert "image-alt (critical)" in found and "color-contrast (serious)" in found


def test_public_and_staff_pages_have_no_serious_accessibility_violations(server, phone, desk):
    number, code = submit_leak(phone, server, "小区门口路灯不亮，晚上出行不便", mobile="13955556666")
    found = {}
    for browser in (desk, phone):
        for language in ("zh-Hans", "en"):
            found.update(audit(browser, server, PUBLIC + [f"/track?number={number}&code={code}"], language))
    sign_in(desk, server, "joint.dispatcher", path="/staff")
    sign_in(phone, server, "joint.dispatcher", path="/staff")
    for browser in (desk, phone):
        for language in ("zh-Hans", "en"):
            found.update(audit(browser, server, STAFF + [f"/staff/tickets/{number}"], language))
    for username, paths in ADMIN.items():
        sign_in(desk, server, username, path=paths[0])
        for language in ("zh-Hans", "en"):
            found.update(audit(desk, server, paths, language))
    assert not found, "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in found.items())
