"""Scanning an offer's QR code on the import page: Chromium's fake camera plays a video of a real
QR code, the page reads it with jsQR and opens the confirmation page; Stop releases the camera;
without script the button is absent and a photo of the code does the same job on the server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from support.qr_photos import qr_photo
from support.qr_photos import qr_y4m
from support.screens import PHONE
from support.site import log_in
from support.vci_issuer import offer_link

FAKE_CAMERA = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")
CAMERA_OPEN = "Boolean(document.getElementById('qr-scan-video').srcObject)"


def import_page(browser, live_server, user, **options):
    page = browser.new_context(viewport=PHONE, locale="en-GB", **options).new_page()
    log_in(page, live_server, user)
    page.goto(f"{live_server}/wallet/import")
    return page


def on_confirmation_page(page) -> None:
    page.wait_for_url(re.compile(r"/wallet/offer\?credential_offer="))
    expect(page.locator("input[name=offer]")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Swedish for care work")


def test_the_camera_scans_an_offer_and_opens_its_confirmation(
    launch_chromium, live_server, user, vci_issuer, tmp_path
):
    video = qr_y4m(offer_link(vci_issuer.offer()), tmp_path / "offer.y4m")
    browser = launch_chromium(*FAKE_CAMERA, f"--use-file-for-fake-video-capture={video}")
    page = import_page(browser, live_server, user)
    expect(page.locator("#qr-scan-video")).to_be_hidden()
    page.get_by_role("button", name="Scan a QR code").click()
    on_confirmation_page(page)


def test_other_text_goes_to_the_paste_field_and_stop_releases_the_camera(
    launch_chromium, live_server, user, tmp_path
):
    link = "https://issuer.example/credentials/42.jwt"
    video = qr_y4m(link, tmp_path / "link.y4m")
    browser = launch_chromium(*FAKE_CAMERA, f"--use-file-for-fake-video-capture={video}")
    page = import_page(browser, live_server, user)
    page.get_by_role("button", name="Scan a QR code").click()
    expect(page.locator("#credential")).to_have_value(link)
    expect(page.locator("#qr-scan-status")).to_contain_text("it is in the field for pasted text")
    assert page.evaluate(CAMERA_OPEN) is False  # released on a hit
    expect(page.get_by_role("button", name="Scan a QR code")).to_be_visible()


def test_stop_closes_the_camera(launch_chromium, live_server, user):
    browser = launch_chromium(*FAKE_CAMERA)  # Chromium's own test pattern: no QR code in it
    page = import_page(browser, live_server, user)
    page.get_by_role("button", name="Scan a QR code").click()
    expect(page.locator("#qr-scan-video")).to_be_visible()
    page.wait_for_function(CAMERA_OPEN)
    page.get_by_role("button", name="Stop").click()
    expect(page.locator("#qr-scan-video")).to_be_hidden()
    assert page.evaluate(CAMERA_OPEN) is False
    expect(page.get_by_role("button", name="Scan a QR code")).to_be_visible()


def test_without_script_a_photo_of_the_code_opens_the_confirmation(
    browser, live_server, user, vci_issuer, tmp_path
):
    page = import_page(browser, live_server, user, java_script_enabled=False)
    expect(page.locator("#qr-scan-start")).to_be_hidden()
    photo = tmp_path / "offer.jpg"
    photo.write_bytes(qr_photo(offer_link(vci_issuer.offer())))
    page.set_input_files("#qr_photo", str(photo))
    page.locator("#import-form button[type=submit]").click()
    on_confirmation_page(page)
