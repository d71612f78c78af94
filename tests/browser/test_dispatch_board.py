"""The dispatch board updates itself, over Server-Sent Events, when someone else acts."""
import time

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


def test_a_stream_of_changes_reloads_the_board_at_most_once_a_second(server, desk, staff):
    sign_in(desk, server, "joint.dispatcher", path="/staff/board")
    WebDriverWait(desk, 15).until(lambda d: d.execute_script("return !!window.mashangBoard && window.mashangBoard.readyState === 1"))
    # Every reload of the columns, timed in the page.
    desk.execute_script("""
        window.__reloads = [];
        new MutationObserver(function () { window.__reloads.push(performance.now()); })
            .observe(document.getElementById('board'), {attributes: true, attributeFilter: ['data-updates']});""")
    token = staff.token("joint.intake")
    numbers = []
    # Ten intakes over about three seconds: without the limit the board reloads for each of them.
    for index in range(10):
        if index:
            time.sleep(0.3)
        created = requests.post(server + "/api/v1/tickets", headers={"Authorization": "Bearer " + token}, json={
            "channel": "walkIn", "kind": "help", "category": "elderly.canteen", "area": "wuqi-grid1",
            "description": f"社区食堂第{index + 1}次反映排队太久", "requester": {"name": "周敏", "phone": "13712345678"}})
        assert created.status_code == 201, created.text
        numbers.append(created.json()["number"])
    WebDriverWait(desk, 15).until(lambda d: d.execute_script(
        "var column = document.getElementById('board-received'); return !!column && column.textContent.indexOf(arguments[0]) >= 0",
        numbers[-1]))
    reloads = desk.execute_script("return window.__reloads")
    # The changes span more than a second, so there are several reloads, and a second or more between any two.
    assert len(reloads) >= 2, reloads
    gaps = [later - earlier for earlier, later in zip(reloads, reloads[1:])]
    assert min(gaps) >= 900, gaps
