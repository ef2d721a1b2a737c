"""Screen sizes the browser tests use: the phones our learners and employers hold."""

PHONE = {"width": 360, "height": 740}
SMALL_PHONE = {"width": 320, "height": 640}
