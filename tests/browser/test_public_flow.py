"""A resident reports a problem from a QR code on a phone, follows it, and rates the answer until it closes."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import SCREENSHOTS


def mark_page(driver):
    """Marks the current document, so that a new one can be recognised after a navigation."""
    driver.execute_script("window.__mashangOldPage = true")


def wait_for_new_page(driver):
    """Waits until the marked document has been replaced by a fully loaded one."""
    def replaced(driver):
        try:
            return driver.execute_script("return !window.__mashangOldPage && document.readyState === 'complete'")
        except Exception:  # the old document is going away mid-call
            return False
    WebDriverWait(driver, 15).until(replaced)


def submit_and_wait(phone, element):
    """Submits through `element` and waits for the next page to replace this one."""
    mark_page(phone)
    element.click()
    wait_for_new_page(phone)


def submit_leak(phone, server, description="三栋顶楼屋顶漏水，雨天滴水严重", mobile="13812345678"):
    phone.get(server + "/m/jiangzuan-school")
    assert phone.find_element(By.TAG_NAME, "h1").text == "反映问题"
    assert phone.find_element(By.ID, "place").text.startswith("江钻小区中学旁便民通道")
    Select(phone.find_element(By.ID, "category")).select_by_value("housing.leak")
    phone.find_element(By.CSS_SELECTOR, "input[name=kind][value=complaint]").click()
    phone.find_element(By.ID, "description").send_keys(description)
    phone.find_element(By.ID, "name").send_keys("王华")
    # Keyboard only from here: type the phone and press Enter to submit.
    mark_page(phone)
    phone.find_element(By.ID, "phone").send_keys(mobile, Keys.ENTER)
    wait_for_new_page(phone)
    return phone.find_element(By.ID, "ticket-number").text, phone.find_element(By.ID, "tracking-code").text


def look_up(phone, server, number, code):
    phone.get(server + "/track")
    phone.find_element(By.ID, "number").send_keys(number)
    mark_page(phone)
    phone.find_element(By.ID, "code").send_keys(code, Keys.ENTER)
    wait_for_new_page(phone)
    return phone.find_element(By.ID, "status").text


def rate(phone, satisfaction, reason=""):
    phone.find_element(By.CSS_SELECTOR, f"input[name=satisfaction][value={satisfaction}]").click()
    if reason:
        phone.find_element(By.ID, "reason").send_keys(reason)
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "form.rate button"))
    return phone.find_element(By.ID, "status").text


def test_a_resident_reports_follows_and_rates_until_closed(server, phone, staff):
    phone.get(server + "/m/jiangzuan-school")
    phone.save_screenshot(str(SCREENSHOTS / "01-intake-form.png"))

    # A first try without a category is refused next to the field, with what was typed kept.
    phone.find_element(By.ID, "description").send_keys("屋顶漏水")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    assert phone.find_element(By.ID, "category-error").text == "“分类”为必填项。"
    assert phone.find_element(By.ID, "description").get_attribute("value") == "屋顶漏水"
    phone.save_screenshot(str(SCREENSHOTS / "02-intake-errors.png"))

    number, code = submit_leak(phone, server)
    assert number.startswith("MS-")
    assert len(code) == 8
    phone.save_screenshot(str(SCREENSHOTS / "03-receipt.png"))

    # Going back and submitting the same form again returns the same ticket.
    phone.back()
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    assert phone.find_element(By.ID, "ticket-number").text == number

    assert look_up(phone, server, number, code) == "已受理"

    # The joint centre dispatches to the government, which sends it back; the enterprise signs for it.
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street"})
    staff.act("gh.dispatcher", number, "send-back", {"reason": "notOurJurisdiction", "note": "油田公房，属企业管理"})
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "jianghan-oilfield"})
    staff.act("jh.dispatcher", number, "acknowledge")
    staff.act("jh.dispatcher", number, "assign", {"department": "jh-base-dev", "handler": "jh.handler"})
    staff.act("jh.handler", number, "tasks", {"title": "现场核实", "department": "jh-base-dev",
                                              "responsiblePerson": "李晔", "dueDate": "2099-12-31"})
    staff.act("jh.handler", number, "tasks/1/complete", {"result": "已更换防水层"})
    staff.act("jh.handler", number, "reply", {"text": "已更换屋顶防水层，请您查看", "contactMethod": "phone"})

    assert look_up(phone, server, number, code) == "已答复"
    page = phone.page_source
    assert "已派给江汉油田办理" in page
    assert "已更换屋顶防水层" in page
    assert "油田公房，属企业管理" not in page  # staff notes stay internal
    phone.save_screenshot(str(SCREENSHOTS / "04-track-replied.png"))

    status = rate(phone, "unsatisfied", "下雨还是漏")
    errors = phone.find_elements(By.ID, "rate-error")
    assert status == "重办", errors[0].text if errors else phone.page_source[:3000]
    assert phone.find_element(By.ID, "rated").text == "感谢您的评价。"

    staff.act("jh.dispatcher", number, "acknowledge")
    staff.act("jh.handler", number, "reply", {"text": "已重新施工并验收", "contactMethod": "visit"})
    assert look_up(phone, server, number, code) == "已答复"
    assert rate(phone, "satisfied") == "已办结"
    phone.save_screenshot(str(SCREENSHOTS / "05-track-closed.png"))


def test_the_public_pages_switch_to_english_and_back(server, phone):
    phone.get(server + "/m/wuqi-gate")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "a.lang"))
    assert phone.find_element(By.TAG_NAME, "h1").text == "Report a problem"
    assert phone.current_url.endswith("/m/wuqi-gate")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "a.lang"))
    assert phone.find_element(By.TAG_NAME, "h1").text == "反映问题"


def test_the_form_is_usable_at_200_percent_zoom(server, phone):
    phone.get(server + "/m/wuqi-gate")
    phone.execute_script("document.body.style.zoom = '200%'")
    width = phone.execute_script("return document.documentElement.scrollWidth")
    viewport = phone.execute_script("return window.innerWidth")
    # Nothing forces sideways scrolling beyond the (zoomed) viewport's own width.
    assert width <= viewport * 2 + 2
    button = phone.find_element(By.CSS_SELECTOR, "button.primary")
    assert button.size["height"] >= 44
