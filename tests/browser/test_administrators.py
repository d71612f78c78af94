"""三员分立 (issue 25): the security and audit administrators sign in to their own page, whose navigation offers
nothing of the requests, on a desk and on a 390-px phone; a request's page is refused to them."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_staff_flow import same_session, sign_in


def nav_links(browser):
    return [a.get_attribute("href").split("/", 3)[3] for a in browser.find_elements(By.CSS_SELECTOR, "nav.staff a")]


def test_security_and_audit_administrators_land_on_their_own_page(server, phone, desk):
    for username, home, shot in (("joint.securityAdmin", "staff/admin/users", 93), ("joint.auditAdmin", "staff/admin/audit", 94)):
        sign_in(desk, server, username, path="/staff")
        assert desk.current_url.endswith("/" + home)
        assert nav_links(desk) == [home]
        desk.save_screenshot(str(SCREENSHOTS / f"{shot}-{username}-desktop.png"))
        desk.get(server + "/staff/tickets")
        assert "/staff/tickets" in desk.current_url and not desk.find_elements(By.ID, "tickets")
        assert "您没有权限执行此操作。" in desk.find_element(By.TAG_NAME, "main").text
        same_session(desk, phone, server, "/" + home)
        assert nav_links(phone) == [home]
        # Their page fits the phone's width.
        width = phone.execute_script("return document.documentElement.clientWidth")
        assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
        phone.save_screenshot(str(SCREENSHOTS / f"{shot}-{username}-phone.png"))
