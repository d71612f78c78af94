"""The dispatch board updates itself, over Server-Sent Events, when someone else acts."""
import requests
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SCREENSHOTS
from test_staff_flow import sign_in


def test_the_board_shows_a_new_ticket_without_reloading(server, desk, staff):
    sign_in(desk, server, "joint.dispatcher", path="/staff/board")
    desk.execute_script("window.__sameDocument = true")
    WebDriverWait(desk, 15).until(lambda d: d.execute_script("return !!window.mashangBoard && window.mashangBoard.readyState === 1"))
    # Someone else takes in a ticket at the joint desk.
    token = staff.token("joint.intake")
    created = requests.post(server + "/api/v1/tickets", headers={"Authorization": "Bearer " + token}, json={
        "channel": "walkIn", "kind": "help", "category": "elderly.canteen", "area": "wuqi-grid1",
        "description": "社区食堂希望增加老人套餐", "requester": {"name": "周敏", "phone": "13712345678"}})
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    WebDriverWait(desk, 15).until(lambda d: d.execute_script(
        "var column = document.getElementById('board-received'); return !!column && column.textContent.indexOf(arguments[0]) >= 0",
        number))
    assert desk.execute_script("return window.__sameDocument === true")  # updated in place, not reloaded
    desk.save_screenshot(str(SCREENSHOTS / "13-dispatch-board.png"))
