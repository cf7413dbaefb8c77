"""Messages Accord sends. They carry no case data: only what the reader needs to act."""

from __future__ import annotations

from django.core.mail import send_mail

from accord.core.models import TaskForce, User


def send_invitation(user: User, link: str) -> None:
    task_force = TaskForce.current()
    send_mail(
        subject=f"Your invitation to {task_force.name} on Accord",
        message=(
            f"Hello {user.first_name},\n\n"
            f"You have been invited to join {task_force.name} on Accord as a member of {user.organization}.\n"
            f"Open this link within 3 days to choose your password:\n\n{link}\n\n"
            "You will then set up an authenticator app as a second factor.\n"
            "If you did not expect this, ignore this message.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
