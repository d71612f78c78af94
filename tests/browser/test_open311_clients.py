"""Open311 GeoReport v2 through published client libraries: `georeport` 0.3.1 (PyPI, the Python 3 GeoReport v2
client; it reads services, definitions and requests in JSON and XML, and has no call for creating requests, so those
are created as the specification's example does: a form-encoded POST with api_key), and `open311` 1.1 (Code for
America's, written for Python 2 and loaded with the shims of `open311_legacy`; it posts requests and asks for a
service definition at the singular path). Runs against the same demo server as the browser tests."""
import re

import pytest
import requests

xmltodict = pytest.importorskip("xmltodict")
GeoReport = pytest.importorskip("georeport").GeoReport

from authenticator import sign_in_session
from conftest import PASSWORD
from open311_legacy import open311_class

# Points inside two demo grids (WGS-84), checked against the server where they are used.
POWER_CUT = {"lat": "30.4135", "long": "112.6500"}  # 广华小区第二网格
WASTE = {"lat": "30.4245", "long": "112.6270"}  # 五七小区第二网格


@pytest.fixture(scope="module")
def api_key(server):
    """A key for 广华街道 made on the administration page by the joint centre's administrator."""
    session = requests.Session()
    signed_in = sign_in_session(session, server, "joint.admin", PASSWORD)
    assert signed_in.status_code == 200, signed_in.text[:200]
    page = session.get(server + "/staff/admin/api-keys").text
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    made = session.post(server + "/staff/admin/api-keys",
                        data={"_csrf": csrf, "name": "Open311 client test", "organization": "guanghua-street"})
    assert made.status_code == 200
    return re.search(r'id="new-api-key"[^<]*<code>([^<]+)</code>', made.text).group(1)


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_a_georeport_client_reads_services_definitions_and_requests(server, api_key, output_format):
    endpoint = server + "/open311/v2"
    # Created as the specification's example request is sent.
    created = requests.post(endpoint + "/requests.xml", data={
        "api_key": api_key, "service_code": "utilities.power", "address_id": "guanghua-grid2",
        "first_name": "明", "last_name": "李", "phone": "13912345678", "description": "整栋楼停电两个小时了",
        "attribute[scope]": "building", "attribute[urgency]": "urgent", **POWER_CUT,
    })
    assert created.status_code == 200, created.text
    assert created.headers["Content-Type"] == "text/xml; charset=utf-8"
    number = xmltodict.parse(created.content)["service_requests"]["request"]["service_request_id"]

    client = GeoReport(endpoint, output_format=output_format)
    services = client.get_service_list()
    power = next(service for service in services if service["service_code"] == "utilities.power")
    assert power["service_name"] == "供电" and power["group"] == "四供一业(水电气暖)"
    assert str(power["metadata"]).lower() == "true" and power["type"] == "realtime"

    definition = client.get_service_definition("utilities.power")
    attributes = definition["attributes"] if output_format == "json" else definition["attributes"]["attribute"]
    scope = next(attribute for attribute in attributes if attribute["code"] == "scope")
    values = scope["values"] if output_format == "json" else scope["values"]["value"]
    assert [value["key"] for value in values] == ["home", "building", "area"]

    public = client.get_service_request(number)
    assert public["service_request_id"] == number and public["status"] == "open"
    assert public["service_code"] == "utilities.power" and public["agency_responsible"] == "广华街道办事处"
    # Without the organisation's key the description comes without anything personal, with the coordinates.
    assert public["description"].startswith("整栋楼停电两个小时了") and "13912345678" not in public["description"]
    assert abs(float(public["lat"]) - float(POWER_CUT["lat"])) < 1e-6 and public["address_id"] == "guanghua-grid2"

    listed = client.get_service_requests(service_code="utilities.power", status="open")
    listed = listed if isinstance(listed, list) else [listed]
    assert number in [request["service_request_id"] for request in listed]
    assert client.get_service_requests(service_request_id=number, status="closed") is not None

    keyed = requests.get(f"{endpoint}/requests/{number}.json", params={"api_key": api_key, "extensions": "true"}).json()[0]
    assert keyed["description"].startswith("整栋楼停电两个小时了") and "停电范围：整栋楼" in keyed["description"]
    assert keyed["extended_attributes"]["channel"] == "api" and keyed["extended_attributes"]["urgency"] == "urgent"
    assert keyed["notes"][0]["type"] == "created"


def test_errors_come_back_in_the_specifications_envelope(server, api_key):
    endpoint = server + "/open311/v2"
    refused = requests.post(endpoint + "/requests.xml", data={"service_code": "utilities.power", "description": "停电"})
    assert refused.status_code == 403
    error = xmltodict.parse(refused.content)["errors"]["error"]
    assert error["code"] == "403" and "api_key" in error["description"]
    invalid = requests.post(endpoint + "/requests.json", data={"api_key": api_key, "service_code": "utilities.power",
                                                               "address_id": "nowhere", "attribute[scope]": "moon"},
                            headers={"Accept-Language": "en"})
    assert invalid.status_code == 400
    described = {entry["description"] for entry in invalid.json()}
    assert '"Place (area or intake point code)" does not exist. (address_id)' in described
    assert '"Outage extent" is not valid. (attribute[scope])' in described
    with pytest.raises(requests.HTTPError):
        GeoReport(endpoint).get_service_definition("no.such.service")


def test_an_administrator_makes_a_key_in_the_browser_and_revokes_it(server, desk):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    from conftest import SCREENSHOTS
    from test_staff_flow import sign_in, submit_and_wait

    sign_in(desk, server, "gh.admin", path="/staff/admin/api-keys")
    # An organisation's administrator can make keys for it only.
    options = [option.get_attribute("value") for option in Select(desk.find_element(By.ID, "k-org")).options]
    assert options == ["guanghua-street"]
    desk.find_element(By.ID, "k-name").send_keys("区12345热线")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "#add-api-key button.primary"))
    key = desk.find_element(By.CSS_SELECTOR, "#new-api-key code").text
    assert key.startswith("msk_")
    desk.save_screenshot(str(SCREENSHOTS / "39-api-keys.png"))
    answer = requests.post(server + "/open311/v2/requests.json", data={
        "api_key": key, "service_code": "environment.waste", "address_string": "江钻小区北门", "description": "垃圾桶满了没人清运"})
    assert answer.status_code == 200, answer.text
    row = desk.find_elements(By.CSS_SELECTOR, "#api-keys tbody tr")[0]
    assert "区12345热线" in row.text and key[:10] in row.text
    submit_and_wait(desk, row.find_element(By.CSS_SELECTOR, "button"))
    assert "已于" in desk.find_elements(By.CSS_SELECTOR, "#api-keys tbody tr")[0].text
    refused = requests.post(server + "/open311/v2/requests.json", data={
        "api_key": key, "service_code": "environment.waste", "address_string": "江钻小区北门", "description": "垃圾桶满了没人清运"})
    assert refused.status_code == 403


def test_the_open311_client_posts_by_coordinates_and_reads_its_request_back(server, api_key):
    located = requests.get(server + "/api/v1/areas/locate", params={"latitude": WASTE["lat"], "longitude": WASTE["long"]}).json()
    assert located["area"] == "wuqi-grid2", located
    Open311 = open311_class()
    client = Open311(endpoint=server + "/open311/v2", format="json", api_key=api_key)
    definition = client.service_definition("environment.waste")  # GET service/environment.waste.json
    assert definition["service_code"] == "environment.waste"
    assert [attribute["code"] for attribute in definition["attributes"]][:2] == ["kind", "urgency"]

    posted = client.post_service_request(
        service_code="environment.waste", description="垃圾站满溢，联系人：张伟 13900001111", first_name="伟", last_name="张",
        phone="13900001111", **WASTE)
    number = posted[0]["service_request_id"]
    assert number.startswith("MS-")
    request = client.get_service_request(number)[0]
    assert request["description"] == "垃圾站满溢，联系人：某某 ***"
    assert request["address_id"] == "wuqi-grid2" and request["address"] == "广华片区 · 五七小区 · 五七小区第二网格"
    assert abs(float(request["long"]) - float(WASTE["long"])) < 1e-6

    # Its XML calls: the service list, and requests by number.
    in_xml = Open311(endpoint=server + "/open311/v2", format="xml", api_key=api_key)
    assert "environment.waste" in [service["service_code"] for service in in_xml.service_list()]
    listed = in_xml.service_requests(service_request_id=number)
    listed = listed if isinstance(listed, list) else [listed]
    assert [item["service_request_id"] for item in listed] == [number]


def test_coordinates_outside_the_territory_are_refused_in_the_specifications_envelope(server, api_key):
    refused = requests.post(server + "/open311/v2/requests.json", data={
        "api_key": api_key, "service_code": "environment.waste", "description": "垃圾没人清运", "lat": "30.5928", "long": "114.3055"})
    assert refused.status_code == 400
    [error] = refused.json()
    assert error["code"] == 400 and "广华片区" in error["description"] and error["description"].endswith("(lat)")
