"""Settings, read from environment variables prefixed TUSSENRUIMTE_."""

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET = "ontwikkel-sleutel-niet-voor-productie"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TUSSENRUIMTE_", env_file=".env", extra="ignore")

    mode: Literal["development", "production", "test"] = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'tussenruimte.db'}"
    secret_key: str = DEVELOPMENT_SECRET
    base_url: str = "http://127.0.0.1:8000"
    time_zone: str = "Europe/Amsterdam"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Tussenruimte <noreply@tussenruimte.localhost>"
    smtp_tls: bool = False  # TLS from the first byte (port 465); smtp_starttls upgrades a plain connection instead
    smtp_timeout: float = Field(default=30, gt=0, le=300)
    # Seconds between runs of the time-driven notifications (reminders) and the outbox in the app itself, so no
    # cron is needed; 0 turns the loop off. Unset: every 300 seconds, except in tests (mode "test": off).
    meldingen_interval: int | None = Field(default=None, ge=0, le=86_400)

    # Calendar feeds: the window of meetings they hold, and how long a cancelled meeting stays in them.
    feed_maanden_terug: int = Field(default=6, ge=0, le=120)
    feed_maanden_vooruit: int = Field(default=18, ge=1, le=120)
    feed_annulering_dagen: int = Field(default=30, ge=0, le=366)
    # A worker trusts the change counter it read less than this many seconds ago (0: read it on every request):
    # a change reaches every worker's feeds within this time.
    feed_stand_ttl: float = Field(default=0.5, ge=0, le=60)
    # Keep whole anonymous public pages in memory while the counter and the minute stay the same
    # (app/web/paginacache.py); pages that read a table without feedstand triggers are never kept.
    pagina_cache: bool = True

    # Speaking rights (inspreken): registration closes this many hours before a meeting starts; at most this many
    # registrations per client address per hour; personal data is deleted this many days after the meeting.
    inspreken_sluit_uren: int = Field(default=24, ge=0, le=24 * 14)
    inspreken_per_uur: int = Field(default=5, ge=1, le=1000)
    inspreken_bewaardagen: int = Field(default=30, ge=0, le=3650)

    login_max_failures: int = 5
    login_window_minutes: int = 15
    page_size: int = 50

    @model_validator(mode="after")
    def _refuse_development_secret(self) -> "Settings":
        if self.mode == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError(
                "TUSSENRUIMTE_SECRET_KEY is de ontwikkelsleutel; stel in productie een eigen geheime sleutel in."
            )
        if self.mode == "production" and len(self.secret_key) < 32:
            raise ValueError("TUSSENRUIMTE_SECRET_KEY moet in productie minstens 32 tekens lang zijn.")
        if self.mode == "production" and not self.secure_cookies:
            raise ValueError("TUSSENRUIMTE_BASE_URL moet in productie met https:// beginnen (veilige cookies).")
        if self.smtp_tls and self.smtp_starttls:
            raise ValueError("Kies TUSSENRUIMTE_SMTP_TLS (poort 465) óf TUSSENRUIMTE_SMTP_STARTTLS, niet allebei.")
        ZoneInfo(self.time_zone)  # an unknown zone fails here, not at the first page view
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def meldingen_elke(self) -> int:
        """The interval of the notification loop in seconds; 0: no loop."""
        if self.meldingen_interval is not None:
            return self.meldingen_interval
        return 0 if self.mode == "test" else 300

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


@lru_cache
def get_settings() -> Settings:
    return Settings()
