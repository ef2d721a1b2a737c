"""The public portal: the employer's page for a share link (HTML and JSON v1), its downloads and
signed receipts, the typed code, and ``/verify`` for one credential. No account, no cookie.
"""
