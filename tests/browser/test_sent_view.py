"""我单位派出: an organisation that dispatched a ticket elsewhere keeps a read-only view of it — its own list, the
ticket page without actions or the requester's contact — on a desktop and a phone."""
import requests
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait
from test_staff_flow import act, same_session, sign_in


def test_the_dispatching_organisation_keeps_a_read_only_view(server, phone, desk, staff):
    created = requests.post(server + "/api/v1/tickets", headers={"Authorization": "Bearer " + staff.token("jh.dispatcher")}, json={
        "channel": "walkIn", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
        "description": "油田职工反映小区路灯不亮，夜间出行不便", "requester": {"name": "刘建国", "phone": "13911112222"}})
    assert created.status_code == 201, created.text
    number = created.json()["number"]

    sign_in(desk, server, "jh.dispatcher", number)
    # Still in sight after the dispatch, now read-only.
    assert act(desk, "dispatch", selects={"organization": "guanghua-street"}) == "已派单"
    assert desk.find_elements(By.ID, "sent-read-only")
    desk.get(f"{server}/staff/tickets?q={number}")
    assert desk.find_elements(By.CSS_SELECTOR, "#tickets tbody tr") == []

    # The second tab lists it, and keeps to that list when filtered.
    submit_and_wait(desk, desk.find_element(By.LINK_TEXT, "我单位派出"))
    assert desk.find_element(By.TAG_NAME, "h1").text == "我单位派出"
    assert desk.find_element(By.CSS_SELECTOR, ".list-views a[aria-current=page]").text == "我单位派出"
    desk.find_element(By.ID, "q").send_keys(number)
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "view=sent" in desk.current_url
    rows = desk.find_elements(By.CSS_SELECTOR, "#tickets tbody tr")
    assert [r.find_element(By.TAG_NAME, "a").text for r in rows] == [number]
    assert "广华街道" in rows[0].text
    desk.save_screenshot(str(SCREENSHOTS / "47-sent-list.png"))

    # Read-only: progress and history, no action form, the contact masked without a reveal button.
    submit_and_wait(desk, rows[0].find_element(By.TAG_NAME, "a"))
    assert desk.find_element(By.ID, "sent-read-only").text.startswith("本单位已将此工单派出")
    assert desk.find_element(By.ID, "status").text == "已派单"
    assert desk.find_elements(By.CSS_SELECTOR, "[id^=action-]") == []
    assert desk.find_elements(By.ID, "reveal-contact") == []
    page = desk.find_element(By.TAG_NAME, "main").text
    assert "刘*国" in page and "13911112222" not in page and "139****2222" in page
    # Acting anyway is refused by the server.
    refused = requests.post(f"{server}/api/v1/tickets/{number}/acknowledge", json={},
                            headers={"Authorization": "Bearer " + staff.token("jh.dispatcher")})
    assert refused.status_code == 403

    same_session(desk, phone, server, "/staff/tickets?view=sent")
    assert phone.find_element(By.TAG_NAME, "h1").text == "我单位派出"
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.save_screenshot(str(SCREENSHOTS / "47-sent-list-phone.png"))

    # A handler has no such list: the tab is absent and the parameter is refused in Chinese.
    sign_in(desk, server, "jh.handler", path="/staff/tickets")
    assert desk.find_elements(By.CSS_SELECTOR, ".list-views") == []
    desk.get(server + "/staff/tickets?view=sent")
    assert "“范围”" in desk.find_element(By.CSS_SELECTOR, ".error-summary").text
