"""Truthful figures in the browser: the phone's last digits show progress but never rate; administrators set who
records follow-ups and the units' levels through their forms (submitted untouched, then changed); the mechanism panel's
law-related count opens its tickets."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import look_up, submit_and_wait, submit_leak
from test_staff_flow import same_session, sign_in


def test_the_phones_last_digits_show_progress_but_only_the_code_rates(server, phone, staff):
    number, code = submit_leak(phone, server, "七栋楼道灯不亮，晚上看不见路", mobile="13922223333")
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street"})
    staff.act("gh.dispatcher", number, "acknowledge")
    staff.act("gh.dispatcher", number, "reply", {"text": "已更换楼道灯", "contactMethod": "phone"})

    assert look_up(phone, server, number, "3333") == "已答复"
    assert "已更换楼道灯" in phone.find_element(By.ID, "timeline").text
    assert not phone.find_elements(By.CSS_SELECTOR, "form.rate")
    assert "查询码" in phone.find_element(By.ID, "rate-needs-code").text
    phone.save_screenshot(str(SCREENSHOTS / "30-track-by-phone-needs-code.png"))

    assert look_up(phone, server, number, code) == "已答复"
    assert phone.find_elements(By.CSS_SELECTOR, "form.rate")
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1


def test_administrators_set_follow_up_recorders_and_unit_levels(server, desk, phone):
    sign_in(desk, server, "joint.admin", path="/staff/admin/figures")
    # Submitted untouched: the settings in force are kept.
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#figure-settings button[type=submit]"))
    assert desk.find_element(By.ID, "saved").is_displayed()
    chosen = desk.find_element(By.CSS_SELECTOR, "input[name=followUpBy]:checked").get_attribute("value")
    assert chosen == "jointCentre"
    assert not desk.find_element(By.ID, "self-recorded-count").is_selected()
    desk.find_element(By.CSS_SELECTOR, "input[name=followUpBy][value=handlingChain]").click()
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#figure-settings button[type=submit]"))
    assert desk.find_element(By.CSS_SELECTOR, "input[name=followUpBy]:checked").get_attribute("value") == "handlingChain"
    desk.save_screenshot(str(SCREENSHOTS / "31-figure-settings.png"))
    # Back to the default, so that other tests see the joint centre alone recording follow-ups.
    desk.find_element(By.CSS_SELECTOR, "input[name=followUpBy][value=jointCentre]").click()
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#figure-settings button[type=submit]"))

    desk.get(server + "/staff/admin/structure")
    assert "基层" in desk.find_element(By.ID, "level-gh-environment").text
    form = desk.find_element(By.ID, "set-level")
    Select(form.find_element(By.NAME, "unit")).select_by_value("gh-social")
    Select(form.find_element(By.NAME, "level")).select_by_value("grassroots")
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "基层" in desk.find_element(By.ID, "level-gh-social").text
    desk.find_element(By.ID, "levels").location_once_scrolled_into_view
    desk.save_screenshot(str(SCREENSHOTS / "32-unit-levels.png"))
    form = desk.find_element(By.ID, "set-level")
    Select(form.find_element(By.NAME, "unit")).select_by_value("gh-social")
    Select(form.find_element(By.NAME, "level")).select_by_value("inherit")
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "沿用单位" in desk.find_element(By.ID, "level-gh-social").text

    # The same page on a phone: the levels table fits or scrolls inside its box, the form is reachable.
    same_session(desk, phone, server, "/staff/admin/structure")
    phone.find_element(By.ID, "set-level").location_once_scrolled_into_view
    phone.save_screenshot(str(SCREENSHOTS / "33-unit-levels-phone.png"))
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1


def test_the_law_related_count_opens_its_tickets(server, desk):
    today = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600))
    sign_in(desk, server, "joint.leader", path=f"/staff/mechanism?from={int(today[:4]) - 1}-01-01&to={today}")
    link = desk.find_element(By.CSS_SELECTOR, "#mechanism-lawRelated td.period a")
    shown = link.text
    assert int(shown) > 0
    desk.find_element(By.CSS_SELECTOR, "#mechanism-definitions summary").click()
    assert "认定" in desk.find_element(By.ID, "mechanism-definitions").text
    desk.save_screenshot(str(SCREENSHOTS / "34-mechanism-definitions.png"))
    submit_and_wait(desk, link)
    assert desk.find_element(By.ID, "law-related-total").text == f"共 {shown}"
    desk.save_screenshot(str(SCREENSHOTS / "35-law-related.png"))


def test_the_booking_count_opens_its_bookings_masked(server, desk, phone):
    sign_in(desk, server, "joint.leader", path="/staff/mechanism")
    link = desk.find_element(By.CSS_SELECTOR, "#mechanism-bookings td.total a")
    shown = link.text
    submit_and_wait(desk, link)
    assert desk.find_element(By.ID, "booking-total").text == f"共 {shown}"
    if int(shown) > 0:
        # Names and phones are masked: no full mobile number on the page.
        rows = desk.find_element(By.ID, "bookings").text
        assert "****" in rows
    desk.save_screenshot(str(SCREENSHOTS / "36-legal-day-bookings.png"))
    same_session(desk, phone, server, desk.current_url[len(server):])
    assert phone.find_element(By.ID, "booking-total").text == f"共 {shown}"
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.save_screenshot(str(SCREENSHOTS / "36-legal-day-bookings-phone.png"))
