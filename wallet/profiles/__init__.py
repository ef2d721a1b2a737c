"""Occupational profiles: roles and career ladders, and what a learner's credentials meet."""
