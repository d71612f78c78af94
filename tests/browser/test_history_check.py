"""Records both sides can trust (issue 25): the ticket page recomputes the ticket's hash chain and says "history
verified" with the chain's last hash, on a desk and on a 390-px phone, and an idle session's end is explained on the
sign-in page."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_public_flow import submit_leak
from test_staff_flow import act, same_session, sign_in


def test_the_ticket_page_says_its_history_is_verified(server, phone, desk):
    number, _ = submit_leak(phone, server, "三楼楼道灯坏了一个月没人修", mobile="13700006501")
    sign_in(desk, server, "joint.dispatcher", number)
    check = desk.find_element(By.ID, "history-check")
    assert check.text.startswith("历史记录已校验：1 条记录的哈希链完整"), check.text
    head = check.get_attribute("title")
    assert len(head) == 64 and head[:12] in check.text

    # A new event extends the chain: two records, a new last hash.
    act(desk, "dispatch", selects={"organization": "guanghua-street"})
    check = desk.find_element(By.ID, "history-check")
    assert check.text.startswith("历史记录已校验：2 条记录"), check.text
    assert check.get_attribute("title") != head
    desk.save_screenshot(str(SCREENSHOTS / "90-history-verified-desktop.png"))

    same_session(desk, phone, server, f"/staff/tickets/{number}")
    line = phone.find_element(By.ID, "history-check")
    assert line.text.startswith("历史记录已校验") and line.is_displayed()
    # The line wraps within its column instead of running past it.
    assert phone.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", line)
    phone.execute_script("arguments[0].scrollIntoView()", line)
    phone.save_screenshot(str(SCREENSHOTS / "91-history-verified-phone.png"))


def test_a_dead_session_cookie_brings_the_explanation(server, desk):
    sign_in(desk, server, "joint.dispatcher", path="/staff")
    # The session cookie the browser still holds no longer signs in (here: forged, as an ended one looks).
    desk.add_cookie({"name": "mashang_session", "value": "no-longer-valid", "path": "/"})
    desk.get(server + "/staff")
    assert desk.find_element(By.ID, "session-ended").text == "会话已结束（长时间未操作或已到期），请重新登录。"
    desk.save_screenshot(str(SCREENSHOTS / "92-session-ended.png"))
