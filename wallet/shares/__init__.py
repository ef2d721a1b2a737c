"""The learner's share links: choose credentials, make an expiring link (QR code, typed code,
print card) for one recipient, extend or end it.
"""
