"""Details of the resident's forms as they are used: an error names the field by its label, a chosen photo that a
returned form cannot keep is asked for again in plain words, and the rating's "why not satisfied" box shows only for
不满意."""
import struct
import tempfile
import zlib
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import SCREENSHOTS
from test_public_flow import look_up, submit_and_wait, submit_leak


def tiny_png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"\x00\xff\x00\x00"
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path = Path(tempfile.mkdtemp()) / "leak.png"
    path.write_bytes(png)
    return str(path)


def test_a_returned_form_names_the_field_by_its_label_and_asks_for_the_photo_again(server, phone):
    phone.get(server + "/m/jiangzuan-school")
    Select(phone.find_element(By.ID, "category")).select_by_value("housing.leak")
    phone.find_element(By.CSS_SELECTOR, "input[name=kind][value=complaint]").click()
    phone.find_element(By.ID, "photos").send_keys(tiny_png())
    phone.find_element(By.ID, "name").send_keys("王华")
    phone.find_element(By.ID, "phone").send_keys("13812340000")
    submit_and_wait(phone, phone.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    assert "“具体情况”" in phone.find_element(By.ID, "description-error").text
    assert phone.find_element(By.ID, "photos-again").text == "您选的 1 张照片没有随表单保存，请重新选择后再提交。"
    phone.find_element(By.ID, "photos-again").location_once_scrolled_into_view
    phone.save_screenshot(str(SCREENSHOTS / "45-intake-photo-again.png"))


def test_the_reason_box_shows_only_for_unsatisfied(server, phone, staff):
    number, code = submit_leak(phone, server, "九栋门口路灯不亮", mobile="13955554444")
    staff.act("joint.dispatcher", number, "dispatch", {"organization": "guanghua-street"})
    staff.act("gh.dispatcher", number, "acknowledge")
    staff.act("gh.dispatcher", number, "reply", {"text": "已修复路灯", "contactMethod": "phone"})
    look_up(phone, server, number, code)
    reason = phone.find_element(By.ID, "reason")
    phone.find_element(By.CSS_SELECTOR, "input[name=satisfaction][value=satisfied]").click()
    assert not reason.is_displayed()
    phone.find_element(By.CSS_SELECTOR, "input[name=satisfaction][value=unsatisfied]").click()
    assert reason.is_displayed()
    phone.save_screenshot(str(SCREENSHOTS / "46-rate-unsatisfied.png"))
