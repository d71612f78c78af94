"""'Use my location' on the QR form: a resident on a phone lets the browser give the position (mocked through the
DevTools protocol, as a phone's GPS would give it), sees which grid that is, and the request is placed there; when the
location is refused the form is sent as before, placed by its intake point."""
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import PASSWORD, SCREENSHOTS
from test_public_flow import submit_and_wait

# A point of 运输处小区第二网格 (WGS-84), checked against the server below.
DEPOT = {"latitude": 30.4245, "longitude": 112.6505}


def give_location(driver, server, point):
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": server, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", dict(point, accuracy=10))


def staff_ticket(server, number):
    token = requests.post(server + "/api/v1/auth/token", json={"username": "joint.intake", "password": PASSWORD}).json()["token"]
    return requests.get(f"{server}/api/v1/tickets/{number}", headers={"Authorization": f"Bearer {token}"}).json()


def fill_waste_report(phone, mobile):
    """A report of an overflowing waste station; each test its own phone number (the form takes five per hour)."""
    Select(phone.find_element(By.ID, "category")).select_by_value("environment.waste")
    phone.find_element(By.CSS_SELECTOR, "input[name=kind][value=complaint]").click()
    phone.find_element(By.ID, "description").send_keys("垃圾站满溢，三天没人清运")
    phone.find_element(By.ID, "name").send_keys("王华")
    phone.find_element(By.ID, "phone").send_keys(mobile)


def test_a_resident_places_a_request_by_the_phones_location(server, phone):
    located = requests.get(server + "/api/v1/areas/locate", params=DEPOT).json()
    assert located["area"] == "yunshu-grid2", located
    give_location(phone, server, DEPOT)
    phone.get(server + "/m/jiangzuan-school")
    field = phone.find_element(By.ID, "location-field")
    assert field.is_displayed()
    phone.find_element(By.ID, "use-location").click()
    status = phone.find_element(By.ID, "location-status")
    WebDriverWait(phone, 10).until(lambda _: status.text.startswith("位于"))
    assert status.text == "位于：广华片区 · 运输处小区 · 运输处小区第二网格"
    assert phone.find_element(By.ID, "clear-location").is_displayed()
    phone.execute_script("arguments[0].scrollIntoView()", field)
    phone.save_screenshot(str(SCREENSHOTS / "60-location-phone.png"))
    fill_waste_report(phone, "13700006201")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    number = phone.find_element(By.ID, "ticket-number").text
    ticket = staff_ticket(server, number)
    assert ticket["area"] == "yunshu-grid2" and ticket["intakePoint"] == "jiangzuan-school"
    assert ticket["location"]["system"] == "wgs84"
    assert abs(ticket["location"]["point"]["latitude"] - DEPOT["latitude"]) < 1e-6


def test_a_refused_location_leaves_the_form_as_it_was(server, phone):
    phone.get(server + "/m/jiangzuan-school")
    phone.execute_cdp_cmd("Browser.setPermission", {"permission": {"name": "geolocation"}, "setting": "denied", "origin": server})
    phone.find_element(By.ID, "use-location").click()
    status = phone.find_element(By.ID, "location-status")
    WebDriverWait(phone, 10).until(lambda _: status.text != "" and "正在定位" not in status.text)
    assert "未获准使用位置" in status.text
    fill_waste_report(phone, "13700006202")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    ticket = staff_ticket(server, phone.find_element(By.ID, "ticket-number").text)
    assert ticket.get("location") is None
    assert ticket["area"] == "jiangzuan-grid1"


def test_outside_the_territory_the_form_says_so_and_sends_without_it(server, phone):
    give_location(phone, server, {"latitude": 30.5928, "longitude": 114.3055})  # 武汉
    phone.get(server + "/m/jiangzuan-school")
    phone.find_element(By.ID, "use-location").click()
    status = phone.find_element(By.ID, "location-status")
    WebDriverWait(phone, 10).until(lambda _: "服务区域" in status.text)
    assert "广华片区" in status.text
    assert phone.find_element(By.ID, "latitude").get_attribute("value") == ""
    phone.execute_script("arguments[0].scrollIntoView()", phone.find_element(By.ID, "location-field"))
    phone.save_screenshot(str(SCREENSHOTS / "61-location-outside.png"))
