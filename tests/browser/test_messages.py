"""事事有回音: a resident who agreed to text messages reports on a phone, staff reply, and the reply's text message (held by
a fake SMS gateway that checks signatures) carries a link that, opened on the phone, rates the ticket."""
import time

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS, Staff, free_port, serve
from fake_sms import TEMPLATES, FakeAliyunSMS
from test_public_flow import submit_and_wait
from test_staff_flow import same_session, sign_in


@pytest.fixture(scope="module")
def texting():
    """A server whose text messages go to a fake Alibaba Cloud gateway, at any hour and without a daily cap."""
    gateway = FakeAliyunSMS("browser-key", "browser-secret")
    port = free_port()
    settings = dict(
        MASHANG_SMS_PROVIDER="aliyun", MASHANG_SMS_KEY_ID="browser-key", MASHANG_SMS_KEY_SECRET="browser-secret",
        MASHANG_SMS_SIGN_NAME="码上就办", MASHANG_SMS_ENDPOINT=f"http://127.0.0.1:{gateway.port}/",
        MASHANG_SMS_TEMPLATES=",".join(f"{k}={v}" for k, v in TEMPLATES.items()), MASHANG_SMS_QUIET_HOURS="off",
        MASHANG_SMS_DAILY_CAP="100", MASHANG_PUBLIC_URL=f"http://127.0.0.1:{port}")
    running = serve(port, **settings)
    base = next(running)
    yield base, gateway
    running.close()
    gateway.close()


def wait_for(gateway, template, number, seconds=30):
    """The gateway's message of this template about this ticket, once the server has sent it."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        for message in gateway.messages:
            if message["TemplateCode"] == template and message["TemplateParam"].get("number") == number:
                return message
        time.sleep(0.5)
    raise AssertionError(f"no {template} message for {number}; gateway holds {len(gateway.messages)}, refused {gateway.refused}")


def test_the_reply_message_links_to_rating_on_the_phone(texting, phone):
    base, gateway = texting
    phone.get(base + "/m/jiangzuan-school")
    Select(phone.find_element(By.ID, "category")).select_by_value("housing.leak")
    phone.find_element(By.CSS_SELECTOR, "input[name=kind][value=complaint]").click()
    phone.find_element(By.ID, "description").send_keys("三栋顶楼屋顶漏水，雨天滴水严重")
    phone.find_element(By.ID, "name").send_keys("王华")
    phone.find_element(By.ID, "phone").send_keys("13812345678")
    consent = phone.find_element(By.CSS_SELECTOR, "input[name=smsConsent]")
    assert not consent.is_selected()
    consent.click()
    phone.save_screenshot(str(SCREENSHOTS / "messages-consent-phone.png"))
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "button.primary"))
    number = phone.find_element(By.ID, "ticket-number").text
    code = phone.find_element(By.ID, "tracking-code").text

    received = wait_for(gateway, TEMPLATES["received"], number)
    assert received["PhoneNumbers"] == "13812345678" and received["SignName"] == "码上就办"
    assert received["TemplateParam"]["code"] == code

    staff = Staff(base)
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street"})
    staff.act("gh.dispatcher", number, "acknowledge")
    staff.act("gh.dispatcher", number, "reply", {"text": "已安排维修队更换防水层", "contactMethod": "phone"})
    reply = wait_for(gateway, TEMPLATES["replied"], number)
    link = reply["TemplateParam"]["rateURL"]
    assert link.startswith(base + "/r/")
    assert gateway.refused == 0

    phone.get(link)
    assert phone.find_element(By.ID, "status").text == "已答复"
    assert "已短信告知" in phone.find_element(By.ID, "timeline").text
    phone.find_element(By.CSS_SELECTOR, "input[name=satisfaction][value=satisfied]").click()
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "form.rate button"))
    assert phone.find_element(By.ID, "rated").text == "感谢您的评价。"
    phone.save_screenshot(str(SCREENSHOTS / "messages-rated-phone.png"))
    ticket = requests.get(f"{base}/api/v1/tickets/{number}", headers={"Authorization": "Bearer " + staff.token("joint.dispatcher")})
    assert ticket.json()["status"] == "closed"

    # The link works once.
    phone.get(link)
    assert phone.find_element(By.TAG_NAME, "h1").text == "评价链接已失效"
    wait_for(gateway, TEMPLATES["closed"], number)


def test_a_supervisor_chooses_text_alerts_and_hears_of_an_escalation(texting, desk, phone):
    """Untouched, then with a wrong number, then right; an escalation then reaches the number through the gateway."""
    base, gateway = texting
    sign_in(desk, base, "gh.supervisor", path="/staff")
    desk.find_element(By.ID, "alerts-link").click()
    assert desk.find_element(By.ID, "alerts-current").text == "当前：仅站内消息。"
    desk.find_element(By.ID, "alerts-channel-sms").click()
    submit_and_wait(desk, desk.find_element(By.ID, "alerts-save"))
    assert desk.find_element(By.ID, "alerts-phone-error").text == "“手机号”为必填项。"
    desk.find_element(By.ID, "alerts-phone").send_keys("1390000")
    submit_and_wait(desk, desk.find_element(By.ID, "alerts-save"))
    assert desk.find_element(By.ID, "alerts-phone-error").text == "“手机号”格式不正确。"
    field = desk.find_element(By.ID, "alerts-phone")
    field.clear()
    field.send_keys("13900007777")
    submit_and_wait(desk, desk.find_element(By.ID, "alerts-save"))
    assert desk.find_element(By.ID, "alerts-saved").is_displayed()
    assert desk.find_element(By.ID, "alerts-current").text == "当前：短信发送至 139****7777。"
    desk.save_screenshot(str(SCREENSHOTS / "alerts-desktop.png"))
    same_session(desk, phone, base, "/staff/alerts")
    width = phone.execute_script("return document.documentElement.clientWidth")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= width + 1
    phone.save_screenshot(str(SCREENSHOTS / "alerts-phone.png"))

    staff = Staff(base)
    answer = requests.post(base + "/api/v1/intake", json={
        "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak", "description": "三栋顶楼屋顶漏水",
        "requester": {"name": "王华", "phone": "13812345670"}})
    number = answer.json()["number"]
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street"})
    staff.act("joint.supervisor", number, "escalate", {"note": "协调不动"})
    alert = wait_for(gateway, TEMPLATES["escalated"], number)
    assert alert["PhoneNumbers"] == "13900007777" and alert["TemplateParam"]["tier"] == "联合中心"


def test_an_administrator_edits_previews_and_tests_a_template(texting, desk):
    base, gateway = texting
    sign_in(desk, base, "joint.admin", path="/staff/admin/messages")
    desk.find_element(By.ID, "templates-link").click()
    desk.find_element(By.CSS_SELECTOR, "#template-closed-zh-Hans a").click()
    text = desk.find_element(By.ID, "t-text")
    text.clear()
    text.send_keys("您的诉求{number}已办结，{organization}感谢您。")
    submit_and_wait(desk, desk.find_element(By.ID, "t-save"))
    assert desk.find_element(By.ID, "admin-error").text.startswith("这种消息没有变量 {organization}")
    text = desk.find_element(By.ID, "t-text")
    text.clear()
    text.send_keys("您的诉求{number}已办结，感谢您的反映。")
    submit_and_wait(desk, desk.find_element(By.CSS_SELECTOR, "button[value=preview]"))
    assert desk.find_element(By.ID, "t-preview").text == "您的诉求MS-2026-000123已办结，感谢您的反映。"
    desk.find_element(By.ID, "t-address").send_keys("13900008888")
    submit_and_wait(desk, desk.find_element(By.ID, "t-test"))
    assert desk.find_element(By.ID, "admin-message").text == "测试消息已发出。"
    desk.save_screenshot(str(SCREENSHOTS / "template-editor-desktop.png"))
    sent = [m for m in gateway.messages if m["PhoneNumbers"] == "13900008888"]
    assert len(sent) == 1 and sent[0]["TemplateCode"] == TEMPLATES["closed"]
    submit_and_wait(desk, desk.find_element(By.ID, "t-save"))
    assert desk.find_element(By.ID, "admin-message").text == "模板已保存。"
    assert "感谢您的反映。" in desk.find_element(By.ID, "template-closed-zh-Hans").text
