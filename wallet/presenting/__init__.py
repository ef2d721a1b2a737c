"""A verifier asks for credentials by OpenID4VP: the learner sees who asks for what, chooses,
and sends or declines; every answer sent is listed with the learner's shares."""
