"""信访事项 through the pages: the joint centre registers a request as a petition (the form first submitted untouched),
decides its acceptance, the unit's reply is the 处理意见书, the petitioner's 复查 request is recorded, and the joint
centre's supervisor records the 复查 opinion on a phone; the printed notice, the petitioner's timeline and the figures
page show it."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_public_flow import look_up, submit_and_wait, submit_leak
from test_staff_flow import act, same_session, sign_in


def choose(browser, action, field, value):
    browser.find_element(By.ID, f"action-{action}").find_element(By.CSS_SELECTOR, f"input[name={field}][value={value}]").click()


def test_a_petition_from_registration_to_its_review(server, phone, desk):
    number, code = submit_leak(phone, server, "七栋地下室反复积水，多次反映未解决", mobile="13700006401")
    sign_in(desk, server, "joint.dispatcher", number)

    # Untouched: the reason is required, and nothing is written.
    form = desk.find_element(By.ID, "action-register-petition")
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "“原因”为必填项" in desk.find_element(By.ID, "action-error").text
    assert not desk.find_elements(By.ID, "petition")
    act(desk, "register-petition", texts={"reason": "信访人来信，反映地下室积水问题"})
    assert desk.find_element(By.ID, "petition-stage").text == "待作出受理决定"
    assert "信访受理告知" in desk.find_element(By.ID, "deadlines").text
    assert not desk.find_elements(By.ID, "action-register-petition")

    # The decision untouched: no outcome chosen and no note; then accepted.
    form = desk.find_element(By.ID, "action-decide-petition")
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    error = desk.find_element(By.ID, "action-error").text
    assert "受理决定" in error, error
    choose(desk, "decide-petition", "outcome", "accepted")
    act(desk, "decide-petition", texts={"note": "属于信访事项受理范围，依法受理。"})
    assert desk.find_element(By.ID, "petition-stage").text == "办理中"
    desk.find_element(By.CSS_SELECTOR, "#petition-notices a").click()
    assert desk.find_element(By.ID, "notice-title").text == "信访事项受理告知书"
    desk.save_screenshot(str(SCREENSHOTS / "80-petition-acceptance-notice.png"))
    desk.back()

    assert act(desk, "dispatch", selects={"organization": "guanghua-street"}) == "已派单"
    sign_in(desk, server, "gh.dispatcher", number)
    assert not desk.find_elements(By.ID, "action-request-review")
    assert act(desk, "acknowledge") == "办理中"
    assert act(desk, "reply", texts={"text": "已疏通排水管并加装止回阀。"}, selects={"contactMethod": "letter"}) == "已答复"

    sign_in(desk, server, "joint.dispatcher", number)
    assert desk.find_element(By.ID, "petition-stage").text == "已出具处理意见书"
    act(desk, "request-review", texts={"reason": "认为积水问题未根治，请求复查"})
    assert desk.find_element(By.ID, "petition-stage").text == "复查中"

    sign_in(desk, server, "joint.supervisor", number)
    same_session(desk, phone, server, f"/staff/tickets/{number}")
    form = phone.find_element(By.ID, "action-decide-review")
    for field, value in {"reviewer": "潜江市信访局", "opinion": "责成广华街道一个月内完成地下室防水改造。"}.items():
        form.find_element(By.NAME, field).send_keys(value)
    form.find_element(By.CSS_SELECTOR, "input[name=upheld][value=no]").click()
    phone.execute_script("arguments[0].scrollIntoView()", form)
    phone.save_screenshot(str(SCREENSHOTS / "81-petition-review-phone.png"))
    submit_and_wait(phone, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "已完成" in phone.find_element(By.ID, "flash").text
    assert phone.find_element(By.ID, "petition-stage").text == "已复查"
    links = [a.text for a in phone.find_elements(By.CSS_SELECTOR, "#petition-notices a")]
    assert links == ["告知书", "处理意见书", "复查意见书"], links
    phone.find_elements(By.CSS_SELECTOR, "#petition-notices a")[2].click()
    assert phone.find_element(By.ID, "notice-title").text == "信访事项复查意见书"
    assert "撤销或变更原处理意见" in phone.page_source and "地下室防水改造" in phone.page_source
    phone.save_screenshot(str(SCREENSHOTS / "82-petition-review-notice-phone.png"))

    assert look_up(phone, server, number, code) == "已答复"
    assert "潜江市信访局复查意见：撤销或变更原处理意见" in phone.page_source

    sign_in(desk, server, "joint.leader", path="/staff/petitions")
    assert int(desk.find_element(By.ID, "petitions-same-period").text) >= 1
    desk.find_element(By.CSS_SELECTOR, "#figure-reviewRevised a").click()
    assert number in desk.find_element(By.ID, "petition-list").text
    desk.save_screenshot(str(SCREENSHOTS / "83-petition-figures.png"))
