import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CouncilAccount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("issuer", models.CharField(help_text="The provider that vouches for the id.", max_length=255)),
                ("subject", models.CharField(help_text="The provider's id for the person.", max_length=255)),
                ("linked_at", models.DateTimeField(auto_now_add=True)),
                ("last_signed_in_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="council_accounts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("issuer", "subject"), name="council_account_unique"),
                    models.UniqueConstraint(fields=("user", "issuer"), name="council_account_one_per_user"),
                ],
            },
        ),
    ]
