"""计时中止 through the pages: the unit handling a request asks to pause its clock while an appraisal is awaited (first
submitting the form untouched), the joint centre's supervisor approves it on a phone, the ticket page says the clock
stands still, the resident's tracking page shows the reason's category but not the unit's note, and the unit resumes
the clock when the appraisal arrives."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import look_up, submit_and_wait, submit_leak
from test_staff_flow import act, same_session, sign_in


def test_a_unit_pauses_the_clock_and_resumes_it(server, phone, desk):
    number, code = submit_leak(phone, server, "六栋外墙开裂，担心安全", mobile="13700006301")
    sign_in(desk, server, "joint.dispatcher", number)
    assert act(desk, "dispatch", selects={"organization": "guanghua-street"}) == "已派单"
    sign_in(desk, server, "gh.dispatcher", number)
    assert act(desk, "acknowledge") == "办理中"
    assert not desk.find_elements(By.ID, "action-resume")

    # Untouched: the reason is chosen and the day filled in, but the note is required; nothing is written.
    form = desk.find_element(By.ID, "action-request-pause")
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "“说明”为必填项" in desk.find_element(By.ID, "action-error").text
    assert "中止" not in desk.find_element(By.ID, "timeline").text

    assert act(desk, "request-pause", selects={"pauseReason": "appraisal"}, texts={"note": "等待房屋安全鉴定，鉴定机构：楚天检测"}) == "办理中"
    assert "中止计时申请待联合中心督办审批" in desk.find_element(By.ID, "pause-notice").text
    # Asked once: the unit cannot ask again, nor decide its own request.
    assert not desk.find_elements(By.ID, "action-request-pause") and not desk.find_elements(By.ID, "action-decide-pause")

    sign_in(desk, server, "joint.supervisor", number)
    same_session(desk, phone, server, f"/staff/tickets/{number}")
    form = phone.find_element(By.ID, "action-decide-pause")
    assert "等待第三方鉴定评估" in form.text
    form.find_element(By.CSS_SELECTOR, "input[name=approve][value=yes]").click()
    phone.execute_script("arguments[0].scrollIntoView()", form)
    phone.save_screenshot(str(SCREENSHOTS / "70-pause-decide-phone.png"))
    submit_and_wait(phone, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "已完成" in phone.find_element(By.ID, "flash").text
    notice = phone.find_element(By.ID, "pause-notice").text
    assert notice.startswith("计时已中止：等待第三方鉴定评估"), notice

    assert look_up(phone, server, number, code) == "办理中"
    assert "暂停计时：等待第三方鉴定评估" in phone.page_source
    assert "楚天检测" not in phone.page_source

    sign_in(desk, server, "gh.dispatcher", number)
    desk.find_element(By.ID, "pause-notice").location_once_scrolled_into_view
    desk.save_screenshot(str(SCREENSHOTS / "71-pause-desk.png"))
    # Extensions wait until the clock runs again.
    assert not desk.find_elements(By.ID, "action-request-extension")
    assert act(desk, "resume", texts={"note": "鉴定报告已出"}) == "办理中"
    assert not desk.find_elements(By.ID, "pause-notice")
    timeline = desk.find_element(By.ID, "timeline").text
    assert "所等待的事项已到，恢复计时" in timeline and "同意中止计时（等待第三方鉴定评估）" in timeline
    assert desk.find_elements(By.ID, "action-request-extension")
