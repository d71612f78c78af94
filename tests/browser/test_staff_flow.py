"""The issue's scenario through the pages: a resident reports on a phone; the joint centre, the government, the
enterprise and its handler work the ticket in the staff workbench; the resident rates it until it closes."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from authenticator import answer_in_browser
from conftest import PASSWORD, SCREENSHOTS
from test_public_flow import look_up, rate, submit_and_wait, submit_leak


def sign_in(browser, server, username, number=None, path=None):
    browser.delete_all_cookies()
    browser.get(server + (path or f"/staff/tickets/{number}"))
    # Not signed in: the login page, which comes back to the ticket afterwards.
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button.primary"))
    answer_in_browser(browser, username)
    assert browser.find_element(By.ID, "signed-in-user").text == username


def same_session(desk, phone, server, path):
    """Opens `path` on the phone signed in as the desk's user (its session cookies), for the same page on a phone."""
    cookies = desk.get_cookies()
    phone.get(server + "/staff/login")
    for cookie in cookies:
        phone.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
    phone.get(server + path)


def act(browser, action, selects=None, texts=None):
    form = browser.find_element(By.ID, f"action-{action}")
    for field, value in (selects or {}).items():
        Select(form.find_element(By.NAME, field)).select_by_value(value)
    for field, value in (texts or {}).items():
        element = form.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    errors = browser.find_elements(By.ID, "action-error")
    assert not errors, errors[0].text
    flash = browser.find_elements(By.ID, "flash")
    assert flash, browser.current_url + " " + browser.find_element(By.TAG_NAME, "main").text[:300]
    assert "已完成" in flash[0].text
    status = browser.find_elements(By.ID, "status")
    return status[0].text if status else None


def test_the_whole_loop_through_the_pages(server, phone, desk):
    number, code = submit_leak(phone, server, "五栋楼顶漏水，墙面发霉")

    sign_in(desk, server, "joint.dispatcher", number)
    assert desk.find_element(By.ID, "status").text == "已受理"
    assert act(desk, "dispatch", selects={"organization": "guanghua-street"}) == "已派单"
    desk.save_screenshot(str(SCREENSHOTS / "10-staff-dispatched.png"))

    sign_in(desk, server, "gh.dispatcher", number)
    # Sent back, the ticket is no longer the government's: the desk confirms, and the ticket is out of sight.
    assert act(desk, "send-back", selects={"reason": "notOurJurisdiction"}, texts={"note": "油田公房，属企业管理"}) is None
    assert number in desk.find_element(By.ID, "flash").text
    desk.get(f"{server}/staff/tickets/{number}")
    assert "页面不存在" in desk.find_element(By.TAG_NAME, "h1").text

    sign_in(desk, server, "joint.dispatcher", number)
    assert "油田公房，属企业管理" in desk.find_element(By.ID, "timeline").text
    assert act(desk, "dispatch", selects={"organization": "jianghan-oilfield"}) == "已派单"

    sign_in(desk, server, "jh.dispatcher", number)
    assert act(desk, "acknowledge") == "办理中"
    assert act(desk, "assign", selects={"department": "jh-base-dev"}, texts={"handler": "jh.handler"}) == "办理中"
    assert desk.find_element(By.ID, "department").text == "基地发展中心"

    sign_in(desk, server, "jh.handler", number)
    assert act(desk, "tasks", selects={"department": "jh-base-dev"}, texts={"title": "现场核实", "responsiblePerson": "李晔"}) == "办理中"
    assert "现场核实" in desk.find_element(By.ID, "tasks").text
    assert act(desk, "complete-task", texts={"result": "已更换防水层"}) == "办理中"
    assert act(desk, "reply", selects={"contactMethod": "phone"}, texts={"text": "已更换屋顶防水层，请您查看"}) == "已答复"
    desk.save_screenshot(str(SCREENSHOTS / "11-staff-replied.png"))

    assert look_up(phone, server, number, code) == "已答复"
    assert "已派给江汉油田办理" in phone.page_source
    assert rate(phone, "unsatisfied", "下雨还是漏") == "重办"

    sign_in(desk, server, "jh.dispatcher", number)
    assert act(desk, "acknowledge") == "办理中"
    assert act(desk, "reply", selects={"contactMethod": "visit"}, texts={"text": "已重新施工并验收"}) == "已答复"

    assert look_up(phone, server, number, code) == "已答复"
    assert rate(phone, "satisfied") == "已办结"

    sign_in(desk, server, "joint.dispatcher", number)
    assert desk.find_element(By.ID, "status").text == "已办结"
    assert "满意" in desk.find_element(By.ID, "follow-ups").text
    desk.save_screenshot(str(SCREENSHOTS / "12-staff-closed.png"))
