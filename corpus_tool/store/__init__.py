"""The corpus database: SQLite by default (one file, WAL), PostgreSQL by URL.

``open_store(url)`` connects and brings the schema up to date with Alembic.
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from corpus_tool.errors import CorpusToolError

DEFAULT_DB = "sqlite:///corpus.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def config_file() -> Path:
    return Path(os.environ.get("CORPUS_TOOL_CONFIG", Path.home() / ".config" / "corpus-tool" / "config.toml"))


def default_url() -> str:
    """``--db`` default: $CORPUS_TOOL_DB, else ``db`` in the config file, else ./corpus.db."""
    if os.environ.get("CORPUS_TOOL_DB"):
        return os.environ["CORPUS_TOOL_DB"]
    path = config_file()
    if path.exists():
        try:
            url = tomllib.loads(path.read_text(encoding="utf-8")).get("db")
        except tomllib.TOMLDecodeError as exc:
            raise CorpusToolError(f"{path}: malformed config ({exc})") from None
        if url:
            return url
    return DEFAULT_DB


def alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


def as_url(value: str) -> str:
    """A database URL, or a plain file path taken as an SQLite file (``corpus.db`` ->
    ``sqlite:///corpus.db``), as sqlite-utils and Datasette take a path."""
    if "://" in value or value.startswith("sqlite:"):
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def create_engine(url: str):
    from sqlalchemy import create_engine as sa_create_engine, event

    url = as_url(url)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    try:
        engine = sa_create_engine(url, future=True)
    except Exception as exc:  # unknown dialect, malformed URL
        raise CorpusToolError(f"invalid database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")   # readers do not block the ingest
            cursor.execute("PRAGMA foreign_keys=ON")    # deleting a document deletes its rows
            cursor.close()
    return engine


def open_store(url: str | None = None):
    from sqlalchemy.exc import OperationalError

    from corpus_tool.store.store import Store

    url = url or default_url()
    engine = create_engine(url)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise CorpusToolError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: "
                              f"{str(exc.orig).strip().splitlines()[0]}") from None
    return Store(engine)
