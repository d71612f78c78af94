"""The dispatch form starts from the rules' suggestion and offers only the chosen organisation's departments; the
actions that end a request look apart and ask to be confirmed, on a phone and on a desktop."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait, submit_leak
from test_staff_flow import same_session, sign_in


def test_dispatch_starts_from_the_suggestion_and_ending_actions_ask_first(server, phone, desk):
    number, _ = submit_leak(phone, server, "五栋楼顶漏水，家里墙面发霉", mobile="13977776666")
    sign_in(desk, server, "joint.dispatcher", number)
    form = desk.find_element(By.ID, "action-dispatch")
    organization = Select(form.find_element(By.NAME, "organization"))
    department = Select(form.find_element(By.NAME, "department"))
    suggested = organization.first_selected_option.get_attribute("value")
    assert suggested, "the rules' organisation comes chosen"
    assert department.first_selected_option.get_attribute("value"), "and its department"
    assert desk.find_element(By.ID, "dispatch-organization-hint").text.startswith("分派规则建议：")
    shown = [g.get_attribute("data-organization") for g in form.find_elements(By.TAG_NAME, "optgroup") if not g.get_attribute("hidden")]
    assert shown == [suggested]
    form.find_element(By.ID, "dispatch-organization").location_once_scrolled_into_view
    desk.save_screenshot(str(SCREENSHOTS / "43-dispatch-suggested.png"))
    # Another organisation: only its departments are offered, and the suggestion's department is dropped.
    other = next(o.get_attribute("value") for o in organization.options if o.get_attribute("value") != suggested)
    organization.select_by_value(other)
    offered = [g.get_attribute("data-organization") for g in form.find_elements(By.TAG_NAME, "optgroup") if not g.get_attribute("hidden")]
    assert offered in ([other], [])
    assert department.first_selected_option.get_attribute("value") == ""

    # 不予受理 looks apart and asks first; going back ends nothing.
    reject = desk.find_element(By.ID, "action-reject")
    assert "ending" in reject.get_attribute("class")
    reject.find_element(By.NAME, "reason").send_keys("不属于受理范围")
    submit_and_wait(desk, reject.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert desk.find_element(By.ID, "confirm-heading").text == "确认不予受理"
    assert "不属于受理范围" in desk.find_element(By.ID, "confirm-text").text
    confirm_path = desk.current_url[len(server):]
    desk.save_screenshot(str(SCREENSHOTS / "44-confirm-reject.png"))
    submit_and_wait(desk, desk.find_element(By.ID, "confirm-back"))
    assert desk.find_element(By.ID, "status").text == "已受理"
    # On a phone the confirmation reads as well (same page, same session).
    same_session(desk, phone, server, f"/staff/tickets/{number}")
    phone_reject = phone.find_element(By.ID, "action-reject")
    phone_reject.find_element(By.NAME, "reason").send_keys("重复反映")
    submit_and_wait(phone, phone_reject.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert phone.find_element(By.ID, "confirm-heading").text == "确认不予受理"
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.save_screenshot(str(SCREENSHOTS / "44-confirm-reject-phone.png"))
    submit_and_wait(phone, phone.find_element(By.ID, "confirm-button"))
    assert phone.find_element(By.ID, "status").text == "不予受理"
    assert confirm_path.endswith("/reject")
