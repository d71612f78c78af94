"""Supervision in the browser: a dispatched ticket shows its time limits and lands in the organisation's inbox; the
joint centre's supervisor reads the conduct figures; the administrator sees the working calendar."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_public_flow import submit_leak
from test_staff_flow import act, sign_in


def test_limits_inbox_conduct_and_calendar(server, phone, desk):
    number, _ = submit_leak(phone, server, "九栋楼道灯不亮，老人夜里不便")

    sign_in(desk, server, "joint.dispatcher", number)
    assert act(desk, "dispatch", selects={"organization": "guanghua-street"}) == "已派单"
    rows = desk.find_elements(By.CSS_SELECTOR, "#deadlines tbody tr")
    assert rows and "签收" in rows[0].text and "广华街道办事处" in rows[0].text
    desk.save_screenshot(str(SCREENSHOTS / "15-ticket-deadlines.png"))

    sign_in(desk, server, "gh.dispatcher", path="/staff/inbox")
    assert int(desk.find_element(By.ID, "unread-count").text) >= 1
    assert any(number in item.text for item in desk.find_elements(By.CSS_SELECTOR, "#notifications li"))
    desk.save_screenshot(str(SCREENSHOTS / "16-inbox.png"))

    sign_in(desk, server, "joint.supervisor", path="/staff/conduct")
    assert desk.find_element(By.ID, "conduct").is_displayed()
    assert "推诿" in desk.find_element(By.ID, "definitions").text
    desk.save_screenshot(str(SCREENSHOTS / "17-conduct.png"))

    desk.get(server + "/staff/hotspots?days=30")
    assert desk.find_element(By.TAG_NAME, "h1").text == "热点预警"
    assert desk.find_elements(By.CSS_SELECTOR, "#hotspots li") or desk.find_elements(By.ID, "no-hotspots")
    desk.save_screenshot(str(SCREENSHOTS / "19-hotspots.png"))

    sign_in(desk, server, "joint.admin", path="/staff/admin/calendar")
    assert "国务院办公厅" in desk.find_element(By.ID, "holiday-source").text
    assert len(desk.find_elements(By.CSS_SELECTOR, "#limits tbody tr")) == 18
    desk.save_screenshot(str(SCREENSHOTS / "18-calendar.png"))
