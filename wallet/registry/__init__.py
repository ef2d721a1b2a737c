"""The issuer registry: the issuers the portal vouches for, their public pages and logos, the
admin pages and commands that change it, and the trust list built from it.
"""
