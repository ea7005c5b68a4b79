"""Signals of the publishing workflow (发布流程), sent by `publishing.services` inside the
transition's transaction: receivers (the audit log) write in the same transaction.

- `publishable_published(sender=<model>, obj, actor)`: 审核发布 (also a scheduled publication,
  sent when the reviewer approves it).
- `publishable_withdrawn(sender=<model>, obj, actor, reason)`: 撤回.
"""

from django.dispatch import Signal

publishable_published = Signal()
publishable_withdrawn = Signal()
