"""/ask: an employer asks a learner's wallet for proof with OpenID4VP, without an account.

The request is made and read by the domain core (``wallet.credentials.openid4vp``); this
package keeps it for as long as its page needs it (``store``), serves it to the wallet and reads
the answer (``views``), and shows the answer as a share's page shows one (``answer_view``).
"""
