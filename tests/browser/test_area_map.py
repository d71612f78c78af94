"""The dashboard's map of the grids, drawn from their boundaries: each region links to its tickets (as many as its
number), the measure can be changed, and it fits a phone."""
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait
from test_staff_flow import same_session, sign_in


def caught_up(desk):
    for _ in range(30):
        if not desk.find_elements(By.ID, "pending"):
            return
        time.sleep(1)
        desk.refresh()


def test_the_map_shades_the_grids_and_links_each_to_its_tickets(server, desk, phone):
    sign_in(desk, server, "joint.leader", path="/staff/dashboard")
    caught_up(desk)
    section = desk.find_element(By.ID, "table-map")
    assert section.find_element(By.TAG_NAME, "h2").text == "分布图：受理量"
    regions = section.find_elements(By.CSS_SELECTOR, "svg a path")
    assert len(regions) == 12  # six communities of two grids each
    assert len(section.find_elements(By.CSS_SELECTOR, "svg > path")) == 6  # the communities' outlines
    rows = section.find_elements(By.CSS_SELECTOR, "tbody tr")
    counts = {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text for row in rows}
    assert sum(int(value) for value in counts.values()) > 0
    desk.execute_script("arguments[0].scrollIntoView()", section)
    desk.save_screenshot(str(SCREENSHOTS / "62-area-map.png"))

    # A region's link lists as many tickets as the map says.
    link = section.find_elements(By.CSS_SELECTOR, "svg a")[0]
    name = link.find_element(By.TAG_NAME, "title").get_attribute("textContent").rsplit(" ", 1)[0]
    desk.get(server + desk.execute_script("return arguments[0].getAttribute('href')", link))
    assert desk.find_element(By.ID, "total").text == counts[name]

    desk.get(server + "/staff/dashboard")
    Select(desk.find_element(By.ID, "f-map")).select_by_value("resolution")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert desk.find_element(By.CSS_SELECTOR, "#table-map h2").text == "分布图：解决率"
    assert all(cell.text.endswith("%") or cell.text == "—" for cell in desk.find_elements(By.CSS_SELECTOR, "#table-map tbody td"))

    same_session(desk, phone, server, "/staff/dashboard?map=overdue")
    width = phone.execute_script("return document.documentElement.clientWidth")
    svg = phone.find_element(By.CSS_SELECTOR, "#table-map svg")
    assert svg.size["width"] <= width
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.execute_script("arguments[0].scrollIntoView()", svg)
    phone.save_screenshot(str(SCREENSHOTS / "63-area-map-phone.png"))


def test_an_administrator_loads_and_saves_a_boundary(server, desk):
    sign_in(desk, server, "joint.admin", path="/staff/admin/structure#boundaries")
    Select(desk.find_element(By.ID, "boundary-area")).select_by_value("jiangzuan")
    submit_and_wait(desk, desk.find_element(By.ID, "load-boundary"))
    text = desk.find_element(By.ID, "boundary-text")
    assert '"type":"Polygon"' in text.get_attribute("value")
    desk.execute_script("arguments[0].scrollIntoView()", desk.find_element(By.ID, "boundaries"))
    desk.save_screenshot(str(SCREENSHOTS / "64-boundary-editor.png"))
    # Saved untouched: the same boundary passes its checks and is kept.
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#set-boundary button[type=submit]"))
    assert desk.find_element(By.ID, "admin-message").is_displayed()
    assert '"type":"Polygon"' in desk.find_element(By.ID, "boundary-text").get_attribute("value")
