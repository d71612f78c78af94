"""What the administrators' authenticator apps hold in the browser tests: the secret read off the enrolment page,
the last time step whose code was used (the server takes a code once) and the recovery codes shown at enrolment.
Codes are computed here as RFC 6238 says, with the standard library, against the real clock the server reads."""
import base64
import hashlib
import hmac
import re
import struct
import time

from selenium.webdriver.common.by import By

STEP = 30
# By (server, username): some tests run a server of their own, where the same demo user enrols with another secret.
APPS = {}


def totp(secret, step):
    """The six-digit code of `step` for a Base32 secret (RFC 6238 over RFC 4226, HMAC-SHA-1)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def current_step():
    return int(time.time() // STEP)


def origin(url):
    """`http://host:port` of an address: which server an app's secret belongs to."""
    parts = url.split("/")
    return "/".join(parts[:3])


def enrolled(server, username, secret, step, recovery_codes):
    APPS[(origin(server), username)] = {"secret": secret, "last": step, "recovery": list(recovery_codes)}


def next_code(server, username):
    """A code the server has not seen: the current step's, or the next one's (the server allows one step of drift);
    waits for a new step when both are used."""
    app = APPS[(origin(server), username)]
    while True:
        now = current_step()
        step = max(app["last"] + 1, now)
        if step <= now + 1:
            app["last"] = step
            return totp(app["secret"], step)
        time.sleep(STEP - time.time() % STEP + 0.2)


def answer_in_browser(browser, username):
    """Finishes an administrator's sign-in on the code page, or enrols on the enrolment page; true if it did either."""
    from test_public_flow import submit_and_wait
    if "/staff/login/enrol" in browser.current_url:
        secret = browser.find_element(By.ID, "totp-secret").text.replace(" ", "")
        step = current_step()
        browser.find_element(By.ID, "code").send_keys(totp(secret, step))
        submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button.primary"))
        codes = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
        assert len(codes) == 10, browser.page_source[:500]
        enrolled(browser.current_url, username, secret, step, codes)
        submit_and_wait(browser, browser.find_element(By.ID, "recovery-continue"))
        return True
    if "/staff/login/code" in browser.current_url:
        browser.find_element(By.ID, "code").send_keys(next_code(browser.current_url, username))
        submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button.primary"))
        return True
    return False


def sign_in_session(session, server, username, password):
    """Signs a requests session in through the pages, the second factor included; returns the last page."""
    page = session.post(server + "/staff/login", data={"username": username, "password": password, "next": "/staff"})
    if "/staff/login/enrol" in page.url:
        secret = re.search(r'id="totp-secret">([^<]+)<', page.text).group(1).replace(" ", "")
        step = current_step()
        page = session.post(server + "/staff/login/enrol", data={"code": totp(secret, step), "next": "/staff"})
        enrolled(server, username, secret, step, re.findall(r"<li><code>([^<]+)</code>", page.text))
    elif "/staff/login/code" in page.url:
        page = session.post(server + "/staff/login/code", data={"code": next_code(server, username), "next": "/staff"})
    return page
