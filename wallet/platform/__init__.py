"""What every feature stands on: configuration, extensions, the database, rendering, languages,
security headers, serving, errors, health, the audit log, the clock and the app's caches.

Imported by every feature package; imports none of them.
"""
