import pytest
from pydantic import ValidationError

from app.config import DEVELOPMENT_SECRET, Settings


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.delenv("TUSSENRUIMTE_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="ontwikkelsleutel"):
        Settings(mode="production", _env_file=None)


def test_production_refuses_a_short_secret():
    with pytest.raises(ValidationError, match="32 tekens"):
        Settings(mode="production", secret_key="kort", _env_file=None)


def test_development_accepts_the_development_secret():
    assert Settings(mode="development", _env_file=None).secret_key == DEVELOPMENT_SECRET


def test_settings_come_from_prefixed_environment_variables(monkeypatch):
    monkeypatch.setenv("TUSSENRUIMTE_MODE", "production")
    monkeypatch.setenv("TUSSENRUIMTE_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("TUSSENRUIMTE_BASE_URL", "https://portaal.example.nl")
    monkeypatch.setenv("TUSSENRUIMTE_SMTP_PORT", "587")
    settings = Settings(_env_file=None)
    assert settings.base_url == "https://portaal.example.nl"
    assert settings.secure_cookies is True
    assert settings.smtp_port == 587
    assert settings.tz.key == "Europe/Amsterdam"


def test_production_refuses_a_base_url_without_https():
    with pytest.raises(ValidationError, match="https://"):
        Settings(mode="production", secret_key="s" * 40, base_url="http://portaal.example.nl", _env_file=None)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(Exception, match="Nergens/Nergens"):
        Settings(time_zone="Nergens/Nergens", _env_file=None)
