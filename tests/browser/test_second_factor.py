"""Administrators sign in with a password and a TOTP code (issue 25, 等保 level 3). The first sign-in enrols on a
390-px phone: the secret as a QR code and as text, confirmed with a code computed here as an authenticator app does
(RFC 6238, the standard library, the real clock the server reads), then the ten recovery codes shown once. The next
sign-in, on a desk, refuses a wrong code, takes the right one, and a recovery code stands in for a lost phone."""
from selenium.webdriver.common.by import By

from authenticator import current_step, enrolled, next_code, totp
from conftest import PASSWORD, SCREENSHOTS
from test_public_flow import submit_and_wait

USER = "court.securityAdmin"


def password(browser, server):
    browser.delete_all_cookies()
    browser.get(server + "/staff")
    browser.find_element(By.ID, "username").send_keys(USER)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button.primary"))


def fits(browser):
    width = browser.execute_script("return document.documentElement.clientWidth")
    return browser.execute_script("return document.documentElement.scrollWidth") <= width + 1


def test_an_administrator_enrols_on_a_phone_and_signs_in_with_codes(server, phone, desk):
    password(phone, server)
    assert "/staff/login/enrol" in phone.current_url
    assert phone.find_element(By.ID, "code-user").text == USER
    qr = phone.find_element(By.CSS_SELECTOR, ".enrol-qr svg")
    assert qr.get_attribute("aria-label") == "动态口令绑定二维码" and qr.size["width"] > 150
    assert fits(phone)
    phone.save_screenshot(str(SCREENSHOTS / "95-second-factor-enrol-phone.png"))
    # Untouched, the form cannot be sent (the field is required); a wrong code is refused and says so.
    assert phone.find_element(By.ID, "code").get_attribute("required") == "true"
    phone.find_element(By.ID, "code").send_keys("000000")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    assert phone.find_element(By.ID, "code-error").text == "动态口令不正确或已用过，请等下一个口令出现后再试。"
    secret = phone.find_element(By.ID, "totp-secret").text.replace(" ", "")
    step = current_step()
    phone.find_element(By.ID, "code").send_keys(totp(secret, step))
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    codes = [element.text for element in phone.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert fits(phone)
    phone.save_screenshot(str(SCREENSHOTS / "96-second-factor-recovery-codes-phone.png"))
    submit_and_wait(phone, phone.find_element(By.ID, "recovery-continue"))
    assert phone.find_element(By.ID, "signed-in-user").text == USER
    enrolled(server, USER, secret, step, codes)

    # On the desk: the password leads to the code page; the code already used is refused, a fresh one signs in.
    password(desk, server)
    assert "/staff/login/code" in desk.current_url
    desk.save_screenshot(str(SCREENSHOTS / "97-second-factor-code-desktop.png"))
    desk.find_element(By.ID, "code").send_keys(totp(secret, step))
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "button.primary"))
    assert desk.find_element(By.ID, "code-error").is_displayed()
    desk.find_element(By.ID, "code").send_keys(next_code(server, USER))
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "button.primary"))
    assert desk.find_element(By.ID, "signed-in-user").text == USER
    assert desk.current_url.endswith("/staff/admin/users")

    # A lost phone: a recovery code signs in once; the same code a second time is refused.
    for attempt in range(2):
        password(desk, server)
        desk.find_element(By.ID, "code").send_keys(codes[0])
        submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "button.primary"))
        assert bool(desk.find_elements(By.ID, "signed-in-user")) == (attempt == 0)
