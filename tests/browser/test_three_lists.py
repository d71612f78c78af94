"""三清单 across tickets: the task, responsibility and feedback lists as pages with filters and CSV, scoped like the
ticket list; a task due tomorrow is shown as due soon. Submitted untouched, then filter by filter, on a desktop and a
phone."""
import datetime

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait
from test_staff_flow import same_session, sign_in


def china_day(offset):
    return (datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))) + datetime.timedelta(days=offset)).strftime("%Y-%m-%d")


def ticket_with_a_task(server, staff, title):
    created = requests.post(server + "/api/v1/tickets", headers={"Authorization": "Bearer " + staff.token("joint.intake")}, json={
        "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
        "description": "二栋楼道灯坏了一个月没人修", "requester": {"name": "陈小红", "phone": "13700001111"}})
    assert created.status_code == 201, created.text
    number = created.json()["number"]
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street", "department": "gh-construction"})
    staff.act("gh.dispatcher", number, "acknowledge")
    staff.act("gh.dispatcher", number, "tasks", {"title": title, "department": "gh-property", "responsiblePerson": "赵敏",
                                                 "dueDate": china_day(1)})
    return number


def rows(browser):
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")] for row in browser.find_elements(By.CSS_SELECTOR, "#list-rows tbody tr")]


def filter_by(browser, **choices):
    for name, value in choices.items():
        Select(browser.find_element(By.ID, name)).select_by_value(value)
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))


def test_the_three_lists_filter_export_and_stay_in_scope(server, phone, desk, staff):
    number = ticket_with_a_task(server, staff, "楼道灯维修协调")

    sign_in(desk, server, "gh.dispatcher", path="/staff/lists/tasks")
    submit_and_wait(desk, desk.find_element(By.LINK_TEXT, "三清单"))
    assert desk.find_element(By.TAG_NAME, "h1").text == "任务清单"
    # Untouched, the form lists every open task of the organisation's tickets; the new one is due tomorrow.
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "department=" in desk.current_url and not desk.find_elements(By.CSS_SELECTOR, ".error-summary")
    mine = [r for r in rows(desk) if r[0] == number]
    assert mine == [[number, "楼道灯维修协调", "广华街道办事处 · 物业监管办", "赵敏", china_day(1), "即将到期"]]
    # Within each ticket, its open tasks come earliest due first.
    for ticket in {r[0] for r in rows(desk)}:
        dues = [r[4] for r in rows(desk) if r[0] == ticket]
        assert dues == sorted(dues), ticket
    filter_by(desk, department="gh-property")
    assert all("物业监管办" in r[2] for r in rows(desk)) and number in [r[0] for r in rows(desk)]
    filter_by(desk, due="soon")
    assert number in [r[0] for r in rows(desk)]
    assert all(r[5] in ("即将到期", "进行中") for r in rows(desk))
    filter_by(desk, due="overdue")
    assert number not in [r[0] for r in rows(desk)]
    assert all(r[5] == "已超期" for r in rows(desk))
    desk.save_screenshot(str(SCREENSHOTS / "48-task-list.png"))
    csv = requests.get(server + "/staff/lists/tasks.csv?department=gh-property", cookies={c["name"]: c["value"] for c in desk.get_cookies()})
    assert csv.status_code == 200 and "楼道灯维修协调" in csv.text and csv.text.startswith("\ufeff\"工单编号\"")

    # 责任清单: who answers for it now.
    desk.get(server + "/staff/lists/responsibilities")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    filter_by(desk, department="gh-construction", status="inProgress")
    row = next(r for r in rows(desk) if r[0] == number)
    assert row[1:6] == ["办理中", row[2], "广华街道办事处", "城建办", ""] and row[7] == "1" and row[8]
    desk.save_screenshot(str(SCREENSHOTS / "48-responsibility-list.png"))

    # 反馈清单: awaiting the reply, then replied and awaiting the rating.
    desk.get(server + "/staff/lists/feedback")
    filter_by(desk, stage="awaitingReply")
    assert number in [r[0] for r in rows(desk)]
    staff.act("gh.dispatcher", number, "tasks/1/complete", {"result": "物业已安排电工"})
    staff.act("gh.dispatcher", number, "reply", {"text": "已更换楼道灯", "contactMethod": "phone"})
    filter_by(desk, stage="awaitingRating")
    row = next(r for r in rows(desk) if r[0] == number)
    assert row[1] == "已答复待回访" and row[4].startswith("已更换楼道灯")
    desk.get(server + "/staff/lists/feedback?stage=unknown")
    assert "“反馈阶段”" in desk.find_element(By.CSS_SELECTOR, ".error-summary").text

    # Scoped like the ticket list: the court sees none of 广华街道's tasks.
    sign_in(desk, server, "court.dispatcher", path="/staff/lists/tasks")
    assert number not in [r[0] for r in rows(desk)]

    same_session(desk, phone, server, "/staff/lists/tasks")
    assert phone.find_element(By.TAG_NAME, "h1").text == "任务清单"
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.save_screenshot(str(SCREENSHOTS / "48-task-list-phone.png"))
