"""The merchant application workflow, in one table (pure: no Django import).

    draft ─► submitted ─► approved ◄─► rejected
      └──────────────────► approved          (an operator onboards a partner's merchant)
    rejected ─► submitted                   (the member fixes and resubmits)

Each transition names who may cause it: the merchant's ``member`` or an ``operator``.
"""
from __future__ import annotations

from heartland.core.statemachine import IllegalTransition, StateMachine  # noqa: F401  (raised by check)

DRAFT = "draft"
SUBMITTED = "submitted"
APPROVED = "approved"
REJECTED = "rejected"

MEMBER = "member"
OPERATOR = "operator"

WORKFLOW = StateMachine("an application", {
    (DRAFT, SUBMITTED): {MEMBER},
    (REJECTED, SUBMITTED): {MEMBER},
    (SUBMITTED, APPROVED): {OPERATOR},
    (SUBMITTED, REJECTED): {OPERATOR},
    (DRAFT, APPROVED): {OPERATOR},  # onboarding from a partner programme
    (APPROVED, REJECTED): {OPERATOR},  # suspension, with a reason
    (REJECTED, APPROVED): {OPERATOR},
})
EDITABLE = frozenset({DRAFT, REJECTED})
