"""Charts and figure tables read on a 390-px phone without zoom: every text, in charts and out, renders at 12 px or
more, the page itself never scrolls sideways, and no figure table squeezes a column of words to a sliver."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_staff_flow import same_session, sign_in

SMALL_TEXT = """
const small = [];
for (const text of document.querySelectorAll('svg text')) {
  const matrix = text.getScreenCTM();
  // The rendered scale, rotation aside (heat grid headings are turned).
  const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
  const size = parseFloat(text.getAttribute('font-size') || getComputedStyle(text).fontSize) * scale;
  if (text.textContent.trim() && size < 11.9) small.push(text.textContent.trim().slice(0, 20) + ' @ ' + size.toFixed(1));
}
for (const element of document.querySelectorAll('body *')) {
  if (element.closest('svg')) continue;
  const own = [...element.childNodes].some(node => node.nodeType === 3 && node.textContent.trim());
  const box = element.getBoundingClientRect();
  const size = parseFloat(getComputedStyle(element).fontSize);
  if (own && box.width > 0 && size < 11.9) small.push(element.textContent.trim().slice(0, 20) + ' @ ' + size.toFixed(1));
}
return small;
"""

# Cells of figure tables holding words (8 characters or more) narrower than four characters of text.
SQUEEZED = """
const squeezed = [];
for (const cell of document.querySelectorAll('.figure-table td, .figure-table th')) {
  const text = cell.textContent.trim();
  const size = parseFloat(getComputedStyle(cell).fontSize);
  if (text.length >= 8 && cell.getBoundingClientRect().width < 4 * size + 16) squeezed.push(text.slice(0, 20));
}
return squeezed;
"""


def check_legible(browser, name):
    assert browser.execute_script(SMALL_TEXT) == [], name
    assert browser.execute_script(SQUEEZED) == [], name
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1, name
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg"), name


def test_figures_dashboard_and_report_are_legible_on_a_phone(server, phone, desk):
    phone.get(server + "/figures")
    check_legible(phone, "/figures")
    phone.save_screenshot(str(SCREENSHOTS / "41-figures-phone.png"))
    sign_in(desk, server, "joint.leader", path="/staff/dashboard")
    for path in ["/staff/dashboard", "/staff/reports/month"]:
        same_session(desk, phone, server, path)
        check_legible(phone, path)
    phone.save_screenshot(str(SCREENSHOTS / "42-report-phone.png"))
