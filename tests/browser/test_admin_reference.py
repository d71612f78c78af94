"""Administrators edit and retire reference data: names change, a retired item keeps its place in history but is
offered no more (intake, dispatch, QR code), units still used by a rule are refused, rules are edited in place. The
forms are submitted untouched first, on a desktop and a phone."""
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait
from test_staff_flow import same_session, sign_in


def edit(browser, table, code, action, name="", name_en=""):
    form = browser.find_element(By.ID, f"{table}-edit")
    Select(form.find_element(By.NAME, "code")).select_by_value(code)
    for field, value in (("name", name), ("nameEn", name_en)):
        element = form.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, f"button[value={action}]"))


def offered(browser, select_id):
    return [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, f"#{select_id} option")]


def test_reference_data_is_edited_and_retired_without_losing_history(server, phone, desk, staff):
    # A ticket that went to the department before it is retired.
    created = requests.post(server + "/api/v1/tickets", headers={"Authorization": "Bearer " + staff.token("joint.intake")}, json={
        "channel": "hotline", "kind": "complaint", "category": "property.greening", "area": "jiangzuan-grid1",
        "description": "小区绿化带杂草丛生无人修剪", "requester": {"name": "周梅", "phone": "13600002222"}})
    number = created.json()["number"]
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "jianghan-oilfield", "department": "jh-petition"})

    sign_in(desk, server, "joint.admin", path="/staff/admin/structure")
    # Untouched: nothing to save, said in Chinese, nothing changed.
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#departments-edit button[value=rename]"))
    assert "“名称”为必填项" in desk.find_element(By.ID, "admin-error").text
    edit(desk, "departments", "jh-petition", "rename", name="综治信访维稳办公室")
    assert "综治信访维稳办公室" in desk.find_element(By.ID, "departments-jh-petition").text
    # Still used by a dispatch rule: refused, with what to do.
    edit(desk, "departments", "gh-property", "retire")
    assert "仍被分派规则使用" in desk.find_element(By.ID, "admin-error").text
    edit(desk, "departments", "jh-petition", "retire")
    assert "已停用于" in desk.find_element(By.ID, "departments-jh-petition").text
    edit(desk, "categories", "property.greening", "retire")
    assert "已停用于" in desk.find_element(By.ID, "categories-property.greening").text
    desk.find_element(By.ID, "departments-edit").location_once_scrolled_into_view
    desk.save_screenshot(str(SCREENSHOTS / "49-admin-retire.png"))
    same_session(desk, phone, server, "/staff/admin/structure")
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.find_element(By.ID, "departments-edit").location_once_scrolled_into_view
    phone.save_screenshot(str(SCREENSHOTS / "49-admin-retire-phone.png"))

    # An intake point retired: its QR code says so instead of taking requests.
    desk.get(server + "/staff/admin/points")
    add = desk.find_element(By.ID, "add-point")
    for field, value in (("code", "old-gate"), ("name", "旧北门"), ("nameEn", "Old north gate")):
        add.find_element(By.NAME, field).send_keys(value)
    submit_and_wait(desk, add.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    edit(desk, "points", "old-gate", "retire")
    assert "已停用于" in desk.find_element(By.ID, "point-old-gate").text
    retired_form = requests.get(server + "/m/old-gate")
    assert retired_form.status_code == 410 and "此二维码已停用" in retired_form.text

    # Rules are edited in place.
    desk.get(server + "/staff/admin/rules")
    add = desk.find_element(By.ID, "add-rule")
    add.find_element(By.NAME, "code").send_keys("test-edit")
    Select(add.find_element(By.NAME, "category")).select_by_value("elderly.canteen")
    Select(add.find_element(By.NAME, "organization")).select_by_value("guanghua-street")
    submit_and_wait(desk, add.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    submit_and_wait(desk, desk.find_element(By.ID, "edit-rule-test-edit"))
    assert Select(desk.find_element(By.ID, "r-category")).first_selected_option.get_attribute("value") == "elderly.canteen"
    desk.find_element(By.ID, "r-keywords").send_keys("午餐")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#add-rule button[type=submit]"))
    assert "午餐" in desk.find_element(By.ID, "rule-test-edit").text
    assert len(desk.find_elements(By.CSS_SELECTOR, "tr[id^=rule-test-edit]")) == 1

    # Offered no more: the intake form and the dispatch form leave them out; the old ticket keeps its names.
    sign_in(desk, server, "joint.dispatcher", path="/staff/new")
    assert "property.greening" not in offered(desk, "new-category") and "property.fees" in offered(desk, "new-category")
    desk.get(f"{server}/staff/tickets/{number}")
    page = desk.find_element(By.TAG_NAME, "main").text
    assert "综治信访维稳办公室" in page and "绿化保洁" in page
    fresh = requests.post(server + "/api/v1/tickets", headers={"Authorization": "Bearer " + staff.token("joint.intake")}, json={
        "channel": "hotline", "kind": "complaint", "category": "property.greening", "area": "jiangzuan-grid1",
        "description": "绿化带又长草了", "requester": {"name": "周梅", "phone": "13600002222"}})
    assert fresh.status_code == 422 and "已停用" in fresh.text

    # Put back in use, as the other tests expect.
    sign_in(desk, server, "joint.admin", path="/staff/admin/structure")
    edit(desk, "categories", "property.greening", "restore")
    edit(desk, "departments", "jh-petition", "restore")
    assert "已停用" not in desk.find_element(By.ID, "departments-jh-petition").text
    desk.get(server + "/staff/admin/rules")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#rule-test-edit form button"))
