"""Who may answer people's requests about their personal data: whoever may use the
programme office's area (accounts' permission, named: privacy knows no app above it)."""

import rules


@rules.predicate
def uses_hq_area(user) -> bool:
    return bool(user) and user.has_perm("accounts.use_hq_area")


rules.add_perm("privacy.answer_requests", uses_hq_area)
# The record of provisions to third parties (APPI Art. 29): the programme office reads it.
rules.add_perm("privacy.read_provisions", uses_hq_area)
