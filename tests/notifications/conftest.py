"""A real SMTP server for the notification tests (aiosmtpd on a free loopback port) and its inbox."""

import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.returns.conftest import filled, members_of, movement  # noqa: F401 - fixtures
from tests.review.conftest import submitted, submitted_b  # noqa: F401 - fixtures

REFUSED = "tu-choi@example.vn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Inbox:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        if REFUSED in envelope.rcpt_tos:
            return "554 5.7.1 Thư bị từ chối"
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def subject(message) -> str:
        """The decoded subject (a long one arrives folded onto the next header line)."""
        return " ".join(str(message["Subject"]).split())

    @staticmethod
    def text(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def point_mail_at(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    point_mail_at(settings, port)
    settings.SITE_URL = "https://baocao.ldld.ninhbinh.vn"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def emails(officer_a, officer_b, upper_officer_a, staff):
    """Everyone of the cast has an address but CĐCS B's officer."""
    for user, address in ((officer_a, "cdcs-a@example.vn"), (upper_officer_a, "tpnb@example.vn"),
                          (staff, "tinh@example.vn")):
        user.email = address
        user.save(update_fields=["email"])
