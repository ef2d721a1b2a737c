"""The demo issuers: their keys, the status lists they publish, revoking and suspending what
they signed (``flask issuer``), and the demo data (``flask demo``).
"""
