"""Personal data in the browser: the requester's name and phone are masked on the staff ticket page until someone in
the handling chain presses "show contact", and people outside the chain get no button at all."""
from selenium.webdriver.common.by import By

from conftest import SCREENSHOTS
from test_public_flow import submit_and_wait, submit_leak
from test_staff_flow import sign_in


def test_contact_is_masked_until_the_handling_chain_reveals_it(server, phone, desk):
    number, _ = submit_leak(phone, server, "七栋地下室积水，电梯停运")

    sign_in(desk, server, "joint.leader", number)
    assert desk.find_element(By.ID, "requester").text.startswith("王* · 138****5678")
    assert not desk.find_elements(By.ID, "reveal-contact")

    sign_in(desk, server, "joint.dispatcher", number)
    requester = desk.find_element(By.ID, "requester").text
    assert "138****5678" in requester and "13812345678" not in desk.page_source
    submit_and_wait(desk, desk.find_element(By.ID, "reveal-contact"))
    assert desk.find_element(By.ID, "requester").text.startswith("王华 · 13812345678")
    assert not desk.find_elements(By.ID, "reveal-contact")
    desk.save_screenshot(str(SCREENSHOTS / "14-contact-revealed.png"))
