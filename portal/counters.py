"""Race-free counters for numbers that must never repeat (索引号, 告知书编号, …).

A counter is a row holding the last value issued for some key (organisation, year, kind…).
`increment_counter` creates the row if needed (tolerating a concurrent creator), locks it with
SELECT … FOR UPDATE and bumps it; the lock is held until the caller's transaction ends, so two
transactions can never receive the same value, and values are never reused.
"""

from django.db import IntegrityError, models, transaction


def increment_counter(model: type[models.Model], field: str, **key) -> int:
    """Issue the next value of `model.field` for the row identified by `key`."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                model.objects.get_or_create(**key)
        except IntegrityError:
            pass  # another transaction created the row first; it exists now
        row = model.objects.select_for_update().get(**key)
        value = getattr(row, field) + 1
        setattr(row, field, value)
        row.save(update_fields=[field])
    return value
