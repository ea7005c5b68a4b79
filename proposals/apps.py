from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = "建议提案办理"

    def ready(self):
        from publishing.registry import register

        from . import signals  # noqa: F401
        from .models import ProposalReply

        register(ProposalReply)
