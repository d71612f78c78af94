"""PIPL in the pages (issue 25): the QR form links to the versioned privacy notice, which a phone reads whole; the
joint centre's supervisor erases a person's data on /staff/privacy — refused field by field until the grounds and the
confirmation are given — and the request's page then shows the erasure in its history and no contact."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait, submit_leak
from test_staff_flow import sign_in

PHONE = "13912340017"


def fits(browser):
    width = browser.execute_script("return document.documentElement.clientWidth")
    return browser.execute_script("return document.documentElement.scrollWidth") <= width + 1


def test_the_form_links_the_notice_and_the_joint_centre_erases_on_request(server, phone, desk):
    phone.get(server + "/m/jiangzuan-school")
    link = phone.find_element(By.CSS_SELECTOR, "#privacy-notice a")
    assert "2026-12-privacy-1" in phone.find_element(By.ID, "privacy-notice").text
    submit_and_wait(phone, link)
    assert phone.find_element(By.TAG_NAME, "h1").text == "个人信息处理规则"
    assert "诉求办结满 3 年后" in phone.find_element(By.TAG_NAME, "main").text
    assert fits(phone)
    phone.save_screenshot(str(SCREENSHOTS / "98-privacy-notice-phone.png"))

    number, _ = submit_leak(phone, server, description="楼顶水箱漏水，请尽快处理", mobile=PHONE)
    sign_in(desk, server, "joint.supervisor", path="/staff/privacy")
    form = desk.find_element(By.ID, "privacy-erase")
    # Field by field: the browser holds the form until each required field is given.
    for field, value in (("erase-phone", PHONE), ("erase-reason", "本人书面申请删除 2026-003")):
        assert desk.execute_script("return arguments[0].checkValidity()", form) is False
        desk.find_element(By.ID, field).send_keys(value)
    assert desk.execute_script("return arguments[0].checkValidity()", form) is False
    desk.find_element(By.ID, "erase-confirm").click()
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert desk.find_element(By.ID, "privacy-done").text == f"已删除：1 件诉求中的个人信息（{number}），0 个接访日预约，0 条台账记录中的个人信息。"
    desk.save_screenshot(str(SCREENSHOTS / "99-privacy-done-desktop.png"))
    desk.get(server + f"/staff/tickets/{number}")
    main = desk.find_element(By.TAG_NAME, "main").text
    assert "应本人申请，诉求人的姓名和联系方式已删除（匿名化）" in main and "本人书面申请删除 2026-003" in main
    assert "139****0017" not in main and not desk.find_elements(By.ID, "reveal-contact")
