"""The mechanism's other arms in the browser, each module's main flow: a mediation case from a dispute ticket to a
printed agreement, the legal reception day from a resident's booking on a phone to a law-related ticket, a risk opened
from a rising hotspot with a school-crossing duty post, an overdue sentiment report filed and its concern raised as a
ticket, a household of the assistance service with masked contact data, a visit and a commendation, and an outreach
question whose ticket's reply comes back to the event."""
import base64
import datetime

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait
from test_staff_flow import sign_in


def fill(browser, form_id, texts=None, selects=None, checks=None):
    """Fills a form (opening its <details> first) and submits it; returns the page's main text."""
    form = browser.find_element(By.ID, form_id)
    browser.execute_script("const d = arguments[0].closest('details'); if (d) d.open = true;", form)
    for name, value in (selects or {}).items():
        Select(form.find_element(By.NAME, name)).select_by_value(value)
    for name, values in (checks or {}).items():
        for value in values:
            box = form.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")
            if not box.is_selected():
                box.click()
    for name, value in (texts or {}).items():
        element = form.find_element(By.NAME, name)
        browser.execute_script("arguments[0].value = arguments[1];", element, value)
    submit_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    return browser.find_element(By.TAG_NAME, "main").text


def status(browser):
    found = browser.find_elements(By.ID, "record-status")
    assert found, browser.current_url + " " + browser.find_element(By.TAG_NAME, "main").text[:600]
    return found[0].get_attribute("data-status")


def today():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date()


def test_mediation_from_a_dispute_ticket_to_a_printed_agreement(server, desk, staff):
    answer = requests.get(f"{server}/api/v1/tickets?kind=dispute&limit=10",
                          headers={"Authorization": "Bearer " + staff.token("joint.mediator")})
    assert answer.status_code == 200, answer.text
    number = answer.json()["items"][6]["number"]  # the newest ones are in the demo's mediation cases

    sign_in(desk, server, "joint.mediator", path=f"/staff/mediations/new?ticket={number}")
    fill(desk, "new-record-form", texts={"title": "楼道堆物引发的邻里纠纷", "summary": "三楼住户长期在楼道堆放杂物，四楼住户多次交涉未果。"})
    assert status(desk) == "open"
    # An agreement needs both parties, a mediator and a session first: refused, nothing written.
    text = fill(desk, "action-agree", texts={"terms": "清理杂物", "signedOn": today().isoformat()})
    assert "请先登记申请人" in text and status(desk) == "open"
    fill(desk, "entry-party", selects={"side": "applicant"}, texts={"name": "周大海", "phone": "13871609001", "role": "四楼住户"})
    fill(desk, "entry-party", selects={"side": "respondent"}, texts={"name": "吴小兰", "role": "三楼住户"})
    fill(desk, "entry-mediator", selects={"type": "judge", "organization": "qianjiang-court"}, texts={"name": "孙法官"})
    fill(desk, "entry-session", texts={"date": today().isoformat(), "place": "联合调解中心调解室", "attendees": "双方当事人、孙法官",
                                       "minutes": "双方陈述，调解员释法。"})
    history = desk.find_element(By.ID, "record-history").text
    assert "周*" in history and "13871609001" not in history  # the parties' names and phones are masked
    fill(desk, "action-agree", texts={"terms": "一、吴小兰于三日内清理楼道杂物；二、今后不再在楼道堆放物品。", "signedOn": today().isoformat()})
    assert status(desk) == "agreed"
    desk.save_screenshot(str(SCREENSHOTS / "30-mediation-agreed.png"))

    desk.find_element(By.ID, "agreement-link").click()
    agreement = desk.find_element(By.ID, "agreement").text
    assert "人民调解协议书" in agreement and "周大海" in agreement and "吴小兰" in agreement and "清理楼道杂物" in agreement
    desk.save_screenshot(str(SCREENSHOTS / "31-mediation-agreement.png"))
    pdf = base64.b64decode(desk.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})["data"])
    assert pdf.startswith(b"%PDF")
    (SCREENSHOTS / "31-mediation-agreement.pdf").write_bytes(pdf)

    # All of it is in the ticket's history.
    desk.get(f"{server}/staff/tickets/{number}")
    timeline = desk.find_element(By.TAG_NAME, "main").text
    assert "转入矛盾联调" in timeline and "调解达成协议" in timeline


def test_legal_reception_day_from_a_booking_on_a_phone_to_a_law_related_ticket(server, desk, phone):
    # The joint centre moves this month's reception day to today, so that the day's roster can be worked now.
    sign_in(desk, server, "joint.supervisor", path="/staff/legal-day")
    desk.execute_script("document.querySelector('#day-form').closest('details').open = true;")
    desk.find_element(By.CSS_SELECTOR, "#day-form input[value=moved]").click()
    fill(desk, "day-form", texts={"date": today().isoformat()})
    assert today().isoformat() in desk.find_element(By.ID, "staff-legal-day").text

    phone.get(server + "/legal-day")
    assert today().isoformat() in phone.find_element(By.ID, "legal-day-date").text
    phone.find_elements(By.CSS_SELECTOR, "#booking-form input[name=slot]")[0].click()
    phone.find_element(By.ID, "booking-name").send_keys("林晓")
    phone.find_element(By.ID, "booking-phone").send_keys("13971602345")
    phone.find_element(By.ID, "booking-topic").send_keys("单位拖欠加班工资，想咨询如何维权")
    submit_and_wait(phone, phone.find_element(By.ID, "booking-submit"))
    code = phone.find_element(By.ID, "booking-code").text
    assert len(code) == 8 and "林*" in phone.find_element(By.TAG_NAME, "main").text
    phone.save_screenshot(str(SCREENSHOTS / "32-legal-day-booked.png"))
    # The same phone cannot hold a second booking this month.
    phone.get(server + "/legal-day")
    phone.find_elements(By.CSS_SELECTOR, "#booking-form input[name=slot]")[0].click()
    phone.find_element(By.ID, "booking-name").send_keys("林晓")
    phone.find_element(By.ID, "booking-phone").send_keys("13971602345")
    phone.find_element(By.ID, "booking-topic").send_keys("再约一次")
    submit_and_wait(phone, phone.find_element(By.ID, "booking-submit"))
    assert "本月已有预约" in phone.find_element(By.ID, "booking-refused").text

    desk.get(server + "/staff/legal-day")
    row = [r for r in desk.find_elements(By.CSS_SELECTOR, "tr[id^=booking-]") if code in r.text][0]
    assert "林晓" in row.text  # the roster shows names to those who run the day (the look is audited)
    submit_and_wait(desk, row.find_element(By.CSS_SELECTOR, "button.attended"))
    row = [r for r in desk.find_elements(By.CSS_SELECTOR, "tr[id^=booking-]") if code in r.text][0]
    assert row.get_attribute("data-status") == "attended"
    desk.execute_script("arguments[0].querySelector('details').open = true;", row)
    form = row.find_element(By.CSS_SELECTOR, "form.consultation-ticket")
    Select(form.find_element(By.NAME, "category")).select_by_index(1)
    Select(form.find_element(By.NAME, "area")).select_by_index(1)
    submit_and_wait(desk, form.find_element(By.CSS_SELECTOR, "button.to-ticket"))
    assert "/staff/tickets/" in desk.current_url
    assert "企法联合专题接访日接待" in desk.find_element(By.TAG_NAME, "main").text
    desk.save_screenshot(str(SCREENSHOTS / "33-legal-day-ticket.png"))

    # The resident can look the booking up and sees that they came.
    phone.get(server + "/legal-day/booking")
    phone.find_element(By.ID, "lookup-code").send_keys(code)
    phone.find_element(By.ID, "lookup-tail").send_keys("2345")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "#lookup-form button"))
    assert phone.find_element(By.ID, "booking-status").text == "已到场"


def test_a_rising_hotspot_becomes_a_risk_with_a_duty_post(server, desk):
    sign_in(desk, server, "joint.supervisor", path="/staff/dashboard")
    for _ in range(20):
        links = desk.find_elements(By.CSS_SELECTOR, "a.open-risk")
        if links:
            break
        desk.refresh()
    assert links, "the demo's rising lift hotspot should offer to open a risk"
    links[0].click()
    assert desk.find_element(By.ID, "new-title").get_attribute("value")  # prefilled from the hotspot
    fill(desk, "new-record-form", selects={"type": "publicOrder", "level": "medium"}, checks={"owners": ["guanghua-street"]},
         texts={"measures": "物业每日巡检电梯，街道督促维保单位限期维修。"})
    assert status(desk) == "identified"
    fill(desk, "entry-dutyPost", selects={"organization": "guanghua-street"}, checks={"weekdays": ["mon", "wed", "fri"]},
         texts={"post": "五栋电梯值守", "person": "网格员 张红", "from": "07:30", "to": "09:00", "startsOn": today().isoformat()})
    # Resolving needs an inspection first.
    assert "请先登记巡查记录" in fill(desk, "action-resolve", texts={"note": "已修复"})
    fill(desk, "entry-inspection", selects={"result": "ok"}, texts={"date": today().isoformat(), "inspector": "王强", "findings": "电梯运行正常"})
    fill(desk, "action-resolve", texts={"note": "电梯更换主板后运行正常"})
    assert status(desk) == "resolved"
    desk.save_screenshot(str(SCREENSHOTS / "34-risk-resolved.png"))


def test_an_overdue_sentiment_report_is_filed_and_its_concern_becomes_a_ticket(server, desk):
    sign_in(desk, server, "gh.dispatcher", path="/staff/sentiment-reports")
    overdue = desk.find_element(By.ID, "overdue").text
    assert "广华街道办事处" in overdue
    month = overdue.split(" ")[1].split(":")[0].split(":")[0]
    desk.find_element(By.ID, "new-record").click()
    fill(desk, "new-record-form", selects={"mood": "attention"}, checks={"topics": ["housing", "safety"]},
         texts={"period": month, "concerns": "老旧小区加装电梯进度慢，居民意见较大。", "suggestions": "召开协调会。", "reporter": "综治办 王强"})
    assert status(desk) == "filed"
    fill(desk, "raise-ticket", selects={"kind": "suggestion", "category": "property", "area": "guanghua-area"},
         texts={"description": "思想动态快报反映：老旧小区加装电梯进度慢", "phone": "13971605678"})
    raised = desk.find_element(By.ID, "raised-flash").text if desk.find_elements(By.ID, "raised-flash") else desk.find_element(By.ID, "raise-ticket").text
    assert "MS-" in raised
    desk.get(server + "/staff/sentiment-reports")
    assert not desk.find_elements(By.ID, "overdue")
    desk.get(server + "/staff/sentiment-reports/trend")
    assert "关注" in desk.find_element(By.ID, "mood-grid").text
    desk.save_screenshot(str(SCREENSHOTS / "35-sentiment-trend.png"))


def test_assistance_household_visit_and_commendation(server, desk):
    sign_in(desk, server, "jh.assistance", path="/staff/households/new")
    # Without consent the household is not registered.
    text = fill(desk, "new-record-form", selects={"type": "elderlyAlone", "area": "guanghua-area"},
                texts={"name": "钱秀珍", "phone": "13797169999", "address": "五七小区1栋1单元101", "consentOn": today().isoformat()})
    assert desk.find_elements(By.ID, "error-summary"), desk.current_url + " " + text[:500]
    desk.find_element(By.ID, "new-consent").click()
    submit_and_wait(desk, desk.find_element(By.ID, "new-record-submit"))
    facts = desk.find_element(By.ID, "record-facts").text
    assert "钱*" in facts and "137****9999" in facts and "钱秀珍" not in facts
    fill(desk, "entry-visit", texts={"date": today().isoformat(), "visitors": "吴芳", "persons": "2", "findings": "身体尚好，需代购药品"})
    fill(desk, "entry-assistance", selects={"type": "medical"},
         texts={"date": today().isoformat(), "helpers": "吴芳", "minutes": "60", "persons": "1", "description": "代购降压药"})
    submit_and_wait(desk, desk.find_element(By.ID, "reveal"))
    assert "钱秀珍" in desk.find_element(By.ID, "record-facts").text and desk.find_element(By.ID, "revealed").is_displayed()
    desk.save_screenshot(str(SCREENSHOTS / "36-household.png"))

    desk.get(server + "/staff/commendations/new")
    fill(desk, "new-record-form", selects={"form": "banner", "organization": "jianghan-oilfield"},
         texts={"receivedOn": today().isoformat(), "giver": "钱秀珍", "praised": "帮扶服务部 吴芳", "wording": "热心帮扶 情暖人心"})
    assert "帮扶服务部 吴芳" in desk.find_element(By.TAG_NAME, "h1").text
    desk.get(server + "/staff/mechanism")
    assert int(desk.find_element(By.CSS_SELECTOR, "#mechanism-commendations .total").text) >= 1
    assert int(desk.find_element(By.CSS_SELECTOR, "#mechanism-visits .total").text) >= 2
    desk.save_screenshot(str(SCREENSHOTS / "37-mechanism.png"))


def test_an_outreach_question_becomes_a_ticket_whose_reply_comes_back(server, desk, staff):
    sign_in(desk, server, "gh.dispatcher", path="/staff/outreach/new")
    fill(desk, "new-record-form", selects={"type": "residentForum"},
         texts={"topic": "停车难居民代表座谈会", "date": today().isoformat(), "place": "社区活动室", "speakers": "城建办主任"})
    fill(desk, "action-hold", texts={"attendance": "28"})
    assert status(desk) == "held"
    fill(desk, "entry-question", texts={"asker": "业主代表", "text": "小区能否增设夜间临时停车位？"})
    question = desk.find_elements(By.CSS_SELECTOR, "#record-history li")[-1].get_attribute("id").split("-")[1]
    fill(desk, "raise-ticket", selects={"entry": question, "kind": "suggestion", "category": "property", "area": "guanghua-area"},
         texts={"description": "座谈会问题：小区能否增设夜间临时停车位", "name": "业主代表", "phone": "13971605679"})
    number = desk.find_element(By.CSS_SELECTOR, "#raised-flash a").text
    event_url = desk.current_url.split("?")[0]

    # The ticket runs the normal loop; its reply comes back to the question on the event.
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street"})
    staff.act("gh.dispatcher", number, "acknowledge")
    staff.act("gh.dispatcher", number, "reply", {"text": "已在小区东侧划设夜间临时停车位30个", "contactMethod": "phone"})
    desk.get(event_url)
    history = desk.find_element(By.ID, "record-history").text
    assert "已在小区东侧划设夜间临时停车位30个" in history
    desk.save_screenshot(str(SCREENSHOTS / "38-outreach-answer.png"))
