"""Learner accounts: register, log in and out, language, profile, wallet backup, deletion, and
who may manage the registry (``flask admin``).
"""
