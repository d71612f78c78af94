"""Figures in the browser: a hotspot turned into a common issue and answered at the source, reaching each requester;
the dashboard on a desk and on a phone, where a figure's link lists exactly that many tickets; the monthly report
printed to A4 and exported to Excel; the public figures page."""
import base64
import io
import time

import openpyxl
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import look_up, submit_and_wait, submit_leak
from test_staff_flow import same_session, sign_in

TEXTS = ["九栋屋顶漏水，雨天滴水严重，墙面发霉", "九栋顶楼屋顶漏水，雨天滴水很严重", "九栋屋顶又漏水了，雨天滴水严重"]


def test_a_hotspot_is_handled_once_at_the_source(server, phone, desk):
    # Three neighbours (the intake form takes at most 5 reports per phone an hour, and other tests use theirs).
    requests_made = [submit_leak(phone, server, text, mobile=f"1391111220{index}") for index, text in enumerate(TEXTS)]

    sign_in(desk, server, "joint.supervisor", path="/staff/hotspots")
    forms = [form for form in desk.find_elements(By.CSS_SELECTOR, "form.common-issue-form")
             if all(number in form.find_element(By.NAME, "tickets").get_attribute("value") for number, _ in requests_made)]
    assert forms, desk.find_element(By.TAG_NAME, "main").text[:500]
    form = forms[0]
    title = form.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("江钻小区九栋屋顶漏水")
    Select(form.find_element(By.NAME, "organization")).select_by_value("guanghua-street")
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "江钻小区九栋屋顶漏水" in desk.find_element(By.TAG_NAME, "h1").text
    members = desk.find_element(By.ID, "members").text
    assert all(number in members for number, _ in requests_made)
    desk.save_screenshot(str(SCREENSHOTS / "20-common-issue.png"))
    issue_url = desk.current_url

    sign_in(desk, server, "gh.dispatcher", path=issue_url.replace(server, ""))
    desk.find_element(By.ID, "ci-text").send_keys("已统一翻修九栋屋顶防水层，经雨天检验不再漏水")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#answer-form button[type=submit]"))
    assert desk.find_element(By.ID, "answered-flash").is_displayed()
    assert "已统一翻修九栋屋顶防水层" in desk.find_element(By.ID, "issue-answer").text
    desk.save_screenshot(str(SCREENSHOTS / "21-common-issue-answered.png"))

    for number, code in requests_made:
        assert look_up(phone, server, number, code) == "已答复"
        assert "已统一翻修九栋屋顶防水层" in phone.find_element(By.TAG_NAME, "main").text
    phone.save_screenshot(str(SCREENSHOTS / "22-answer-at-source-on-phone.png"))


def test_dashboard_reports_and_public_figures(server, phone, desk):
    sign_in(desk, server, "joint.leader", path="/staff/dashboard")
    # The refresher folds new tickets in within seconds of their creation; wait until nothing is pending.
    for _ in range(30):
        if not desk.find_elements(By.ID, "pending"):
            break
        time.sleep(1)
        desk.refresh()
    assert desk.find_elements(By.CSS_SELECTOR, ".figure-pair svg"), "charts drawn"
    assert "响应率 = " in desk.find_element(By.ID, "rates").text
    desk.save_screenshot(str(SCREENSHOTS / "23-dashboard.png"))
    link = desk.find_element(By.CSS_SELECTOR, "#headline a.figure-link")
    shown = link.text
    submit_and_wait(desk, link)
    assert desk.find_element(By.ID, "total").text == shown
    desk.save_screenshot(str(SCREENSHOTS / "24-figure-tickets.png"))

    # On a phone: charts scale to the screen and tables scroll inside their box, not the page.
    same_session(desk, phone, server, "/staff/dashboard")
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    svg = phone.find_element(By.CSS_SELECTOR, ".figure-pair svg")
    assert svg.size["width"] <= width
    phone.save_screenshot(str(SCREENSHOTS / "25-dashboard-phone.png"))

    desk.get(server + "/staff/reports/month")
    assert "诉求办理工作月报" in desk.find_element(By.ID, "report-title").text
    assert "本期共受理群众诉求" in desk.find_element(By.ID, "report-summary").text
    desk.save_screenshot(str(SCREENSHOTS / "26-monthly-report.png"))
    pdf = base64.b64decode(desk.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})["data"])
    assert pdf.startswith(b"%PDF")
    (SCREENSHOTS / "26-monthly-report.pdf").write_bytes(pdf)

    session = requests.Session()
    for cookie in desk.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    xlsx = session.get(desk.find_element(By.ID, "xlsx").get_attribute("href"))
    assert xlsx.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(workbook.worksheets) > 8
    assert "本期共受理群众诉求" in str(workbook.worksheets[0]["A2"].value)
    rates = next(sheet for sheet in workbook.worksheets if sheet.title == "三率")
    assert rates["A2"].value == "响应率"

    phone.delete_all_cookies()
    phone.get(server + "/figures")
    assert phone.find_element(By.TAG_NAME, "h1").text == "办理情况公开"
    assert int(phone.find_element(By.ID, "public-received").text) > 0
    phone.save_screenshot(str(SCREENSHOTS / "27-public-figures-phone.png"))


def test_a_satisfaction_rate_and_a_tier_share_open_their_tickets(server, phone, desk):
    """A leader follows 满意率 (its satisfied ratings and its base) and the grassroots share of the tiers to their tickets:
    each list holds exactly the number shown, and the definitions are printed next to the figures."""
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    period = f"from={int(today[:4]) - 1}-01-01&to={today}"
    sign_in(desk, server, "joint.leader", path=f"/staff/dashboard?{period}")
    for _ in range(30):
        if not desk.find_elements(By.ID, "pending"):
            break
        time.sleep(1)
        desk.refresh()
    rates = desk.find_element(By.ID, "rates")
    assert "单位自评" in rates.text, "the satisfaction rate says how self-recorded ratings count"
    row = [tr for tr in rates.find_elements(By.CSS_SELECTOR, "tbody tr") if tr.text.startswith("满意率")][0]
    numerator, base = row.find_elements(By.CSS_SELECTOR, "a.figure-link")[:2]
    shown = {"numerator": (numerator.text, numerator.get_attribute("href")), "base": (base.text, base.get_attribute("href"))}
    assert int(shown["numerator"][0]) > 0 and int(shown["base"][0]) >= int(shown["numerator"][0])
    desk.save_screenshot(str(SCREENSHOTS / "26-rates-with-definitions.png"))
    for name, (count, href) in shown.items():
        desk.get(href)
        assert desk.find_element(By.ID, "total").text == count, name
    desk.save_screenshot(str(SCREENSHOTS / "27-satisfaction-tickets.png"))

    desk.get(f"{server}/staff/dashboard?{period}")
    tiers = desk.find_element(By.ID, "tiers")
    assert "解决诉求的单位的层级" in desk.find_element(By.ID, "table-tiers").text
    grassroots = [tr for tr in tiers.find_elements(By.CSS_SELECTOR, "tbody tr") if tr.text.startswith("基层")][0]
    link = grassroots.find_element(By.CSS_SELECTOR, "a.figure-link")
    count = link.text
    assert int(count) > 0, "the demo's station and police squads resolve requests at the grassroots"
    submit_and_wait(desk, link)
    assert desk.find_element(By.ID, "total").text == count
    desk.save_screenshot(str(SCREENSHOTS / "28-grassroots-tickets.png"))

    # The same on a phone: the tier table's link is reachable and opens the same list.
    same_session(desk, phone, server, f"/staff/dashboard?{period}")
    link = [tr for tr in phone.find_element(By.ID, "tiers").find_elements(By.CSS_SELECTOR, "tbody tr")
            if tr.text.startswith("基层")][0].find_element(By.CSS_SELECTOR, "a.figure-link")
    phone.execute_script("arguments[0].scrollIntoView()", link)
    phone.save_screenshot(str(SCREENSHOTS / "29-tiers-phone.png"))
    submit_and_wait(phone, link)
    assert phone.find_element(By.ID, "total").text == count
