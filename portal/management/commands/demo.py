"""`manage.py demo`: the README's first command. Migrates, seeds the demo once, (re)sets the
demo accounts' password and prints it, then starts the development server.

The password is generated afresh on every run and stored nowhere but in the accounts' hashes:
the printed one is the only copy. So is the second factor (双因素认证, required for staff): each
run binds a new TOTP authenticator to every demo account and prints its secret, its otpauth://
URI and a one-time backup code (备用验证码), so that the demo login still works in one step.
"""

import secrets

from django.core.management import call_command
from django.core.management.base import BaseCommand

from disclosure.demo.seeding import DEMO_ACCOUNTS, ensure_demo_accounts
from portal.security import demo_second_factor

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    help = "一键演示：迁移数据库、写入演示数据、重置并打印演示账号密码、启动开发服务器。"

    def add_arguments(self, parser):
        parser.add_argument("--no-server", action="store_true", help="只准备数据，不启动服务器。")
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=f"开发服务器地址和端口（默认 {DEFAULT_ADDRPORT}）。",
        )

    def handle(self, *args, no_server, addrport, **options):
        verbosity = options["verbosity"]
        self.stdout.write("正在迁移数据库……")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        self.stdout.write("正在写入演示数据……")
        call_command("seed_demo", stdout=self.stdout)

        password = secrets.token_urlsafe(12)
        ensure_demo_accounts(password=password)
        base = "http://" + (addrport if ":" in addrport else f"127.0.0.1:{addrport}")
        lines = [
            "",
            "=" * 60,
            f"  门户首页：{base}/",
            f"  管理后台：{base}/admin/",
            "",
            "  演示账号（密码每次运行 demo 时重新生成，仅在此显示）：",
        ]
        for username, (_role, display_name) in DEMO_ACCOUNTS.items():
            lines.append(f"    用户名：{username:<9} 密码：{password}    （{display_name}）")
        lines += ["", "  双因素认证（登录后输入验证码；备用验证码各可用一次）："]
        for username in DEMO_ACCOUNTS:
            enrolment = demo_second_factor(username)
            lines += [
                f"    {username:<9} 备用验证码：{'  '.join(enrolment.backup_codes)}",
                f"    {'':<9} 当前验证码：{enrolment.current_code}（30 秒内有效）"
                f"  密钥：{enrolment.secret}",
                f"    {'':<9} {enrolment.otpauth_uri}",
            ]
        lines += ["=" * 60, ""]
        self.stdout.write("\n".join(lines))
        if not no_server:
            # No autoreloader: it would re-run this command in a child process and reset the
            # password printed above.
            call_command("runserver", addrport, use_reloader=False)
