"""Where reflect keeps its data and settings. Functions only: nothing is resolved at import."""

from __future__ import annotations

import os
from pathlib import Path

from reflect.server_url import Location, location

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


def database_path(cli_value: str | os.PathLike[str] | None = None) -> tuple[Location, bool]:
    """The database to use (a file, or a PostgreSQL server's URL), and whether it is the default location.

    `--db` wins over `REFLECT_DB`, which wins over the platform's user data directory.
    The default location's directory is created by the store; a path the user named
    must already have its directory, so a typo never scatters databases about.
    """
    if cli_value:
        return location(cli_value), False
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return location(from_env), False
    return data_dir() / DB_FILE_NAME, True


def local_file_for(database: Location) -> Path:
    """The file that reflect's own files for `database` are named by and kept beside (recovered drafts, a
    note open in an editor): the database file itself, or for a database on a PostgreSQL server a name of
    its own in the user data folder (made, owner-only, if missing), the same for the same server, database and
    role (never holding the password)."""
    if isinstance(database, Path):
        return database
    import hashlib
    import re

    which = str(database)  # masked: a changed password is still the same database
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", which.rsplit("/", 1)[-1].split("?", 1)[0]).strip("-") or "server"
    folder = data_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        pass  # then a recovery file cannot be written either, and the app says so as it does for a file
    return folder / f"server-{name}-{hashlib.sha256(which.encode()).hexdigest()[:12]}.db"


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
