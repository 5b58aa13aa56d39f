"""Bringing a database up to the schema this version of reflect expects (imports Alembic)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from reflect.store.engine import WRITE


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("reflect.store") / "migrations"))
    return config


def upgrade_to_head(engine: Engine) -> None:
    config = alembic_config()
    with engine.execution_options(**WRITE).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
