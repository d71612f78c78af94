"""Every filter form of the product, as people use it: submitted exactly as the page shows it (its "全部… / 不限"
options send empty values, which mean "any"), then with each choice of each select, one at a time. The answer is
the same page with its form again, never an error, and a choice made stays chosen."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait
from test_staff_flow import sign_in

# (user, page, the form's action): every GET filter form a user meets, public and staff.
FORMS = [
    ("joint.dispatcher", "/staff/tickets", "/staff/tickets"),
    ("gh.dispatcher", "/staff/tickets", "/staff/tickets"),
    ("joint.auditAdmin", "/staff/admin/audit", "/staff/admin/audit"),
    ("joint.admin", "/staff/admin/rules", "/staff/admin/rules"),
    ("joint.leader", "/staff/dashboard", "/staff/dashboard"),
    ("joint.leader", "/staff/conduct", "/staff/conduct"),
    ("joint.leader", "/staff/hotspots", "/staff/hotspots"),
    ("joint.leader", "/staff/law-related", "/staff/law-related"),
    ("joint.leader", "/staff/legal-day/bookings", "/staff/legal-day/bookings"),
    ("joint.leader", "/staff/register-entries?register=risk&entry=inspection", "/staff/register-entries"),
    ("joint.leader", "/staff/risks", "/staff/risks"),
    ("joint.leader", "/staff/mediations", "/staff/mediations"),
    ("joint.leader", "/staff/reports/month", "/staff/reports/month"),
    (None, "/guide", "/guide"),
]


def form_of(browser, action):
    return browser.find_element(By.CSS_SELECTOR, f"form[method=get][action='{action}']")


def submit(browser, action):
    submit_and_wait(browser, form_of(browser, action).find_element(By.CSS_SELECTOR, "button[type=submit], button:not([type])"))
    # The same page again (an error page has no such form).
    assert form_of(browser, action), browser.current_url


def test_every_filter_form_works_untouched_and_with_each_choice(server, desk):
    signed_in = None
    for user, path, action in FORMS:
        if user and user != signed_in:
            sign_in(desk, server, user, path=path)
            signed_in = user
        else:
            desk.get(server + path)
        submit(desk, action)
        untouched = desk.current_url
        selects = [s.get_attribute("name") for s in form_of(desk, action).find_elements(By.TAG_NAME, "select")]
        for name in selects:
            values = [o.get_attribute("value") for o in Select(form_of(desk, action).find_element(By.NAME, name)).options]
            for value in [v for v in values if v][:8]:
                desk.get(untouched)
                Select(form_of(desk, action).find_element(By.NAME, name)).select_by_value(value)
                submit(desk, action)
                chosen = Select(form_of(desk, action).find_element(By.NAME, name)).first_selected_option.get_attribute("value")
                assert chosen == value, f"{path}: {name}={value} came back as {chosen}"
    sign_in(desk, server, "joint.dispatcher", path="/staff/tickets")
    submit(desk, "/staff/tickets")
    assert desk.find_elements(By.CSS_SELECTOR, "#tickets tbody tr"), "an untouched ticket list finds tickets"
    desk.save_screenshot(str(SCREENSHOTS / "40-ticket-list-untouched.png"))
