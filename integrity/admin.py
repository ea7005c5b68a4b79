"""Admin of the forbidden-term list (禁用词)."""

from django.contrib import admin

from .models import ForbiddenTerm


@admin.register(ForbiddenTerm)
class ForbiddenTermAdmin(admin.ModelAdmin):
    list_display = ["term", "category", "is_active", "note", "created_at"]
    list_editable = ["is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["term", "note"]
    ordering = ["category", "term"]
    list_per_page = 100
