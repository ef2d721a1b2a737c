"""Glue between the app and the domain core: verify and re-verify with this app's trust list,
key resolver, status lists and clock, and explain the results in the reader's words.
"""
