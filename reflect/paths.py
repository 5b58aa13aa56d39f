"""Where reflect keeps its data and settings. Functions only: nothing is resolved at import."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reflect"
DB_ENV_VAR = "REFLECT_DB"
DB_FILE_NAME = "reflect.db"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def settings_file() -> Path:
    return config_dir() / "settings.json"


def database_path(cli_value: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The database to use, and whether it is the default location.

    `--db` wins over `REFLECT_DB`, which wins over the platform's user data directory.
    The default location's directory is created by the store; a path the user named
    must already have its directory, so a typo never scatters databases about.
    """
    if cli_value:
        return Path(cli_value).expanduser(), False
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser(), False
    return data_dir() / DB_FILE_NAME, True


def reports_dir() -> Path:
    """Where reports made in the app are written: a reflect folder in your Documents if you have
    one, otherwise beside the database in your user data folder. Created (owner-only) if missing.
    """
    documents, in_data = report_folders()
    folder = documents if documents.parent.is_dir() else in_data
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def report_folders() -> tuple[Path, Path]:
    """Both places reports made in the app may be (your Documents' reflect folder, the data folder's
    reports), whichever exist: `reflect erase` looks in each. Nothing is created."""
    from platformdirs import user_documents_path

    return user_documents_path() / "reflect", data_dir() / "reports"


def vignettes_dir() -> Path:
    """A trainer's own workshop vignettes (`reflect workshop vignettes add`)."""
    return data_dir() / "vignettes"


def workshops_dir() -> Path:
    """Workshop databases made by `reflect workshop new` without --db, one file per workshop."""
    return data_dir() / "workshops"
