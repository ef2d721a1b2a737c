"""The learner's wallet: the credentials they hold, imported verified and all-or-nothing."""
