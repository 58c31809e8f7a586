"""Admin pieces the apps share (nothing is registered here)."""

from django.contrib import admin
from django.utils import timezone

from .outbox import OutboxEmail, enqueue_on_commit
from .pagination import LargeTablePaginator


class OutboxAdmin(admin.ModelAdmin):
    """An outbox (portal.outbox), for superusers: what waits to go out, what failed and
    why, and an action to send the selected e-mails again. `send_task` is the task that
    sends one row."""

    list_display = ["created_at", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state"]
    paginator = LargeTablePaginator
    show_full_result_count = False
    actions = ["send_now"]
    send_task = None

    def get_readonly_fields(self, request, obj=None):
        hidden = set(self.exclude or ())
        return [field.name for field in self.model._meta.fields if field.name not in hidden]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected e-mails again now", permissions=["view"])
    def send_now(self, request, queryset):
        ids = list(queryset.exclude(state=OutboxEmail.State.SENT).values_list("pk", flat=True))
        self.model.objects.filter(pk__in=ids).update(
            state=OutboxEmail.State.PENDING, next_attempt_at=timezone.now()
        )
        for pk in ids:  # or, with the broker down, the periodic task within a minute
            enqueue_on_commit(self.send_task, pk)
        self.message_user(request, f"{len(ids)} e-mail(s) queued to be sent again.")
