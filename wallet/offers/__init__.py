"""Credentials an issuer offers by OpenID4VCI: the learner confirms, the wallet receives them."""
