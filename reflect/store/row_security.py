"""Row-level security for a practitioners' stores database on a PostgreSQL server (`reflect org init`).

Many practitioners share one database, each connecting as their own LOGIN role, a member of the
NOLOGIN group role `reflect_practitioner`. The group gets only what using reflect needs: CONNECT,
USAGE of the schema, SELECT/INSERT/UPDATE/DELETE on reflect's tables (never TRUNCATE, which would
pass by the policies, and never ownership, so no practitioner can run a migration) and SELECT on
alembic_version (to know the schema). Every table has row-level security on, with one policy: a
role reaches the rows whose owner (reflect.store.tables.OWNER, filled by the database with the role
writing) is its own, for every command, and may write only rows that are its own. Settings are also
readable where the owner is '': the database's own facts (the answer codes' question order), which
the administrator's run writes and then hands to the database.

The administrator's role owns the tables, so it passes by row-level security (as PostgreSQL has a
table's owner do): that is what lets the organisation's views sum across roles.

Each step looks first and does only what is missing, so running it again changes nothing, and after
an upgrade of reflect it gives the new tables the same protection. Role names are always quoted as
identifiers, never formatted into SQL as they were given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import SQLModel

from reflect.server_url import ServerURL
from reflect.settings import DATABASE_ROLE, RESPONSE_SLOTS
from reflect.store.errors import StoreError
from reflect.store.tables import OWNER

PRACTITIONER_GROUP = "reflect_practitioner"
"""The group role every practitioner's LOGIN role is a member of (roles are the whole server's)."""

OWN_ROWS = f'{OWNER} = (current_user::text COLLATE "default")'
"""The rows of the connecting role. current_user is a name, whose collation is "C": compared as it is,
the comparison takes that collation, which no index on the owner (the database's default) serves, and
every query a policy adds it to reads every practitioner's rows. Given the column's collation, the
owner-led indexes (OWNER_LED_INDEXES) seek straight to the role's own."""
OWN_ROWS_POLICY = "reflect_own_rows"
DATABASE_SETTINGS_POLICY = "reflect_database_settings"
DATABASE_FACTS = (RESPONSE_SLOTS, DATABASE_ROLE)
"""The settings that are facts about the database itself: written by the administrator's run, read by every role."""
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
VERSION_TABLE = "alembic_version"
SETTINGS_TABLE = "store_setting"


def reflect_tables() -> list[str]:
    """Every table of reflect's schema (SQLModel.metadata), parents first."""
    import reflect.store.supervision_tables  # noqa: F401  (its tables join the metadata when imported)
    import reflect.store.tables  # noqa: F401

    return [table.name for table in SQLModel.metadata.sorted_tables]


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _identifier(name: str) -> str:
    """`name` quoted as PostgreSQL reads an identifier, for _run_as_written (the dialect's quoting also
    doubles a `%`, for statements that go through SQLAlchemy's text)."""
    return '"' + name.replace('"', '""') + '"'


def _run_as_written(connection: Connection, statement: str) -> None:
    """Run `statement` (with a role's name in it, quoted) on the driver's cursor, in the same transaction:
    text() would take a `:x` in the name for a parameter and the driver a `%` for a placeholder."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]  # an open connection has its driver's
    cursor.execute(statement)


def role_exists(connection: Connection, role: str) -> bool:
    return bool(connection.execute(text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role)"), {"role": role}).scalar())


def current_role(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_user")).scalar())


def may_set_up(connection: Connection) -> bool:
    """Whether the connected role may create reflect's tables or change them: a superuser, or the owner
    of the schema's tables (alembic_version's), or, before there are any, a role that may create in the schema."""
    return bool(connection.execute(text(
        "SELECT CASE WHEN to_regclass('alembic_version') IS NULL"
        " THEN has_schema_privilege(current_schema(), 'CREATE')"
        " ELSE pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('alembic_version')), 'USAGE') END"
    )).scalar())  # fmt: skip


def _direct_privileges(connection: Connection, catalogue: str, grantee: str | None, *, name: str | None = None) -> set[str]:
    """The privileges granted straight to `grantee` (None: PUBLIC) on the current database ("database"),
    the current schema ("schema") or the table `name` ("table")."""
    queries = {
        "database": "SELECT a.privilege_type FROM pg_database o, aclexplode(coalesce(o.datacl, acldefault('d', o.datdba))) a"
        " WHERE o.datname = current_database()",
        "schema": "SELECT a.privilege_type FROM pg_namespace o, aclexplode(coalesce(o.nspacl, acldefault('n', o.nspowner))) a"
        " WHERE o.nspname = current_schema()",
        "table": "SELECT a.privilege_type FROM pg_class o, aclexplode(coalesce(o.relacl, acldefault('r', o.relowner))) a"
        " WHERE o.oid = to_regclass(:name)",
    }
    who = " AND a.grantee = 0" if grantee is None else " AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = :grantee)"
    found = connection.execute(text(queries[catalogue] + who), {"grantee": grantee, "name": name})
    return {str(row[0]) for row in found}


def _ensure_group(connection: Connection) -> list[str]:
    if role_exists(connection, PRACTITIONER_GROUP):
        return []
    # Roles are the whole server's: another database's set-up may be making it at the same moment, and
    # the second of two at once fails on the catalogue's unique name even inside IF NOT EXISTS.
    try:
        with connection.begin_nested():
            connection.execute(text(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PRACTITIONER_GROUP}') THEN "
                f"CREATE ROLE {PRACTITIONER_GROUP} NOLOGIN; END IF; END $$"
            ))  # fmt: skip
    except IntegrityError:
        return []  # made by the other one
    return [f"created the group role {PRACTITIONER_GROUP} (NOLOGIN: practitioners' own roles are its members)"]


def _database_grants(connection: Connection) -> list[str]:
    done: list[str] = []
    database = str(connection.execute(text("SELECT current_database()")).scalar())
    schema = str(connection.execute(text("SELECT current_schema()")).scalar())
    if "CONNECT" not in _direct_privileges(connection, "database", PRACTITIONER_GROUP):
        connection.execute(text(f"GRANT CONNECT ON DATABASE {_quoted(connection, database)} TO {PRACTITIONER_GROUP}"))
        done.append(f"granted CONNECT on database {database} to {PRACTITIONER_GROUP}")
    if "CONNECT" in _direct_privileges(connection, "database", None):
        # PostgreSQL lets every role connect to a new database: here, only those given it may.
        connection.execute(text(f"REVOKE CONNECT ON DATABASE {_quoted(connection, database)} FROM PUBLIC"))
        done.append(f"revoked CONNECT on database {database} from PUBLIC (only the roles granted it may connect)")
    if "TEMPORARY" in _direct_privileges(connection, "database", None):
        connection.execute(text(f"REVOKE TEMPORARY ON DATABASE {_quoted(connection, database)} FROM PUBLIC"))
        done.append(f"revoked TEMPORARY on database {database} from PUBLIC")
    if "CREATE" in _direct_privileges(connection, "schema", None):
        # PostgreSQL before 15 lets every role create in the public schema: a practitioner could put a
        # function there (a lower() of their own) that the administrator's next index or view would call.
        connection.execute(text(f"REVOKE CREATE ON SCHEMA {_quoted(connection, schema)} FROM PUBLIC"))
        done.append(f"revoked CREATE on schema {schema} from PUBLIC (only the tables' owner makes things there)")
    if "USAGE" not in _direct_privileges(connection, "schema", PRACTITIONER_GROUP):
        connection.execute(text(f"GRANT USAGE ON SCHEMA {_quoted(connection, schema)} TO {PRACTITIONER_GROUP}"))
        done.append(f"granted USAGE on schema {schema} to {PRACTITIONER_GROUP}")
    return done


def _table_grants(connection: Connection, tables: list[str]) -> list[str]:
    done: list[str] = []
    wanted = {**{table: set(TABLE_PRIVILEGES) for table in tables}, VERSION_TABLE: {"SELECT"}}
    for table, privileges in wanted.items():
        held = _direct_privileges(connection, "table", PRACTITIONER_GROUP, name=table)
        if missing := [privilege for privilege in TABLE_PRIVILEGES if privilege in privileges - held]:
            connection.execute(text(f"GRANT {', '.join(missing)} ON {_quoted(connection, table)} TO {PRACTITIONER_GROUP}"))
            done.append(f"granted {', '.join(missing)} on {table} to {PRACTITIONER_GROUP}")
        if extra := sorted(held - privileges):
            # Anything more (TRUNCATE passes by the policies; a practitioner writing alembic_version could
            # claim a schema the tables are not at) is taken back.
            connection.execute(text(f"REVOKE {', '.join(extra)} ON {_quoted(connection, table)} FROM {PRACTITIONER_GROUP}"))
            done.append(f"revoked {', '.join(extra)} on {table} from {PRACTITIONER_GROUP}")
    return done


def _policies(connection: Connection, tables: list[str]) -> list[str]:
    done: list[str] = []
    secured = {str(row[0]) for row in connection.execute(text(
        "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relrowsecurity"
    ))}  # fmt: skip
    policies = {(str(row[0]), str(row[1])) for row in connection.execute(text(
        "SELECT tablename, policyname FROM pg_policies WHERE schemaname = current_schema()"
    ))}  # fmt: skip
    own = OWN_ROWS
    for table in tables:
        name = _quoted(connection, table)
        if table not in secured:
            connection.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
            done.append(f"row-level security on for {table}")
        if (table, OWN_ROWS_POLICY) not in policies:
            connection.execute(text(
                f"CREATE POLICY {OWN_ROWS_POLICY} ON {name} FOR ALL TO {PRACTITIONER_GROUP} USING ({own}) WITH CHECK ({own})"
            ))  # fmt: skip
            done.append(f"policy on {table}: a role reaches only the rows it owns")
    if (SETTINGS_TABLE, DATABASE_SETTINGS_POLICY) not in policies:
        connection.execute(text(
            f"CREATE POLICY {DATABASE_SETTINGS_POLICY} ON {SETTINGS_TABLE} FOR SELECT TO {PRACTITIONER_GROUP} USING ({OWNER} = '')"
        ))  # fmt: skip
        done.append(f"policy on {SETTINGS_TABLE}: every practitioner reads the database's own settings")
    return done


OWNER_LED_INDEXES = {
    "reflection": ("ix_reflection_patterns", "ix_reflection_history", "ix_reflection_kind_history", "ix_reflection_person_history"),
    "reflection_tag": ("ix_reflection_tag_tag",),
}
"""The indexes each practitioner's queries seek by, made again led by the owner: the policy adds
`owner = current_user` to every query, and with these a role's page of History, its counts and its
figures read its own rows only, not every practitioner's entries in between."""
OWNER_LED_SUFFIX = "_by_owner"


def _owner_led_indexes(connection: Connection) -> list[str]:
    """Create the OWNER_LED_INDEXES (and one on the answer rollup by owner, span and period) that are missing.

    Written out rather than as Index objects, which would join the tables' metadata (and the schema
    every database is compared with): these belong to a shared database only.
    """
    from sqlalchemy import Column

    def part(expression: object) -> str:
        return _quoted(connection, expression.name) if isinstance(expression, Column) else str(expression)

    tables = SQLModel.metadata.tables
    held = {str(row[0]) for row in connection.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"))}
    wanted = {
        f"{index.name}{OWNER_LED_SUFFIX}": (table_name, [OWNER, *(part(expression) for expression in index.expressions)])
        for table_name, names in OWNER_LED_INDEXES.items()
        for index in tables[table_name].indexes
        if index.name in names
    }
    wanted[f"ix_answer_rollup{OWNER_LED_SUFFIX}"] = ("answer_rollup", [OWNER, "span", "period"])
    done: list[str] = []
    for name, (table_name, parts) in wanted.items():
        if name not in held:
            connection.execute(text(f"CREATE INDEX {_quoted(connection, name)} ON {_quoted(connection, table_name)} ({', '.join(parts)})"))
            done.append(f"index {name}: each role's queries seek its own rows")
    return done


def _text_index(connection: Connection) -> list[str]:
    """None of the trigram indexes History's filter uses in a database of one's own (reflect.store.text_index):
    with row-level security on, PostgreSQL cannot use them for a practitioner's role (ILIKE is not
    leakproof, so the policy is checked first), and each would only cost every save its upkeep. An
    earlier schema's, made while the database was still one role's own, are dropped. Nor pg_trgm,
    which nothing here would use (and a second run is then quiet on a server without it)."""
    from reflect.store.text_index import POSTGRESQL_INDEXES, missing_postgresql_indexes

    done: list[str] = []
    missing = set(missing_postgresql_indexes(connection))
    for name in POSTGRESQL_INDEXES:
        if name not in missing:
            connection.execute(text(f"DROP INDEX {_quoted(connection, name)}"))
            done.append(f"index {name} dropped: under row-level security no practitioner's query can use it")
    return done


def hand_facts_to_database(connection: Connection) -> list[str]:
    """The database facts (DATABASE_FACTS) the connected role wrote as its own, made the database's
    (owner ''), so that every role reads them; never a practitioner's settings (their id, their name)."""
    done: list[str] = []
    setting = _quoted(connection, SETTINGS_TABLE)
    for key in DATABASE_FACTS:
        value = connection.execute(
            text(f"SELECT value FROM {setting} WHERE key = :key AND {OWNER} = current_user"), {"key": key}
        ).scalar_one_or_none()
        if value is None:
            continue
        connection.execute(text(
            f"INSERT INTO {setting} (key, value, {OWNER}) VALUES (:key, :value, '') "
            f"ON CONFLICT (key, {OWNER}) DO UPDATE SET value = excluded.value"
        ), {"key": key, "value": value})  # fmt: skip
        connection.execute(text(f"DELETE FROM {setting} WHERE key = :key AND {OWNER} = current_user"), {"key": key})
        done.append(f"the setting {key} made the database's, for every role to read")
    return done


def secure_stores_database(connection: Connection) -> list[str]:
    """Give the practitioners' stores database its group role, grants and policies, in the caller's
    transaction (the administrator's, at the current schema): one line for each thing done."""
    tables = reflect_tables()
    return [
        *_ensure_group(connection),
        *_database_grants(connection),
        *_table_grants(connection, tables),
        *_policies(connection, tables),
        *_owner_led_indexes(connection),
        *_text_index(connection),
        *hand_facts_to_database(connection),
        *_first_facts(connection),
    ]


def _first_facts(connection: Connection) -> list[str]:
    """In a new database, the answer codes' question order, as the database's: otherwise each role writes
    its own on its first start. Never over one already there (each role's codes were made for that)."""
    from reflect.questions import default_question_set

    setting = _quoted(connection, SETTINGS_TABLE)
    if connection.execute(text(
        f"SELECT EXISTS (SELECT 1 FROM {setting} WHERE key = :key) OR EXISTS (SELECT 1 FROM reflection)"
    ), {"key": RESPONSE_SLOTS}).scalar():  # fmt: skip
        return []
    slots = ",".join(default_question_set().keys)
    connection.execute(text(f"INSERT INTO {setting} (key, value, {OWNER}) VALUES (:key, :value, '')"), {"key": RESPONSE_SLOTS, "value": slots})
    return [f"the setting {RESPONSE_SLOTS} written as the database's, for every role to read"]


def is_member(connection: Connection, role: str, group: str = PRACTITIONER_GROUP) -> bool:
    return bool(connection.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member"
        " WHERE r.rolname = :group AND u.rolname = :role)"
    ), {"group": group, "role": role}).scalar())  # fmt: skip


def add_member(connection: Connection, role: str, group: str = PRACTITIONER_GROUP) -> list[str]:
    """Make `role` a member of `group`, first creating it as a LOGIN role (no password) if it is not there."""
    done: list[str] = []
    if not role_exists(connection, role):
        _run_as_written(connection, f"CREATE ROLE {_identifier(role)} LOGIN")
        done.append(
            f"created the login role {role}, with no password: set one with psql's \\password {role}, "
            "or its way of signing in in pg_hba.conf"
        )
    if not is_member(connection, role, group):
        _run_as_written(connection, f"GRANT {_identifier(group)} TO {_identifier(role)}")
        done.append(f"granted {group} to {role}")
    return done


def remove_member(connection: Connection, role: str, group: str = PRACTITIONER_GROUP) -> bool:
    """Take `role` out of `group`; False if it was not a member (or not there)."""
    if not role_exists(connection, role) or not is_member(connection, role, group):
        return False
    _run_as_written(connection, f"REVOKE {_identifier(group)} FROM {_identifier(role)}")
    return True


def rows_owned_by(connection: Connection, role: str) -> int:
    """How many rows of reflect's tables `role` owns (read by the tables' owner, whom the policies do not limit)."""
    return sum(
        int(connection.execute(text(f"SELECT count(*) FROM {_quoted(connection, table)} WHERE {OWNER} = :role"), {"role": role}).scalar() or 0)
        for table in reflect_tables()
    )


def refuse_the_administrator(engine: Engine, url: ServerURL) -> None:
    """StoreError if the role would open an organisation's stores database (row-level security on) as
    one that passes by the policies (the tables' owner, a superuser): it would see, sum and erase every
    practitioner's rows as if they were its own."""
    with engine.connect() as connection:
        passes_by = connection.execute(text(
            "SELECT c.relrowsecurity AND (r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, c.relowner, 'USAGE'))"
            " FROM pg_class c, pg_roles r WHERE c.oid = to_regclass('reflection') AND r.rolname = current_user"
        )).scalar()  # fmt: skip
        role = current_role(connection) if passes_by else ""
    if passes_by:
        from reflect.store.server import without_role

        raise StoreError(
            f"Your role {role} owns this organisation's database, so it would reach every practitioner's reflections as "
            f"if they were yours: use reflect with a practitioner's own role (`reflect org add-practitioner "
            f"{without_role(url)} ROLE`). Nothing was changed."
        )


# The administrator's commands, over a URL ------------------------------------------------------


@contextmanager
def administering(url: ServerURL) -> Iterator[Connection]:
    """A transaction on `url` as the role the URL connects as (the administrator's), with the server's
    refusals as one plain line (StoreError); committed when the `with` ends, or nothing at all."""
    from reflect.store.engine import WRITE, make_server_engine
    from reflect.store.server import one_line, unreachable

    engine = make_server_engine(url)
    try:
        with engine.execution_options(**WRITE).begin() as connection:
            yield connection
    except OperationalError as error:
        raise unreachable(url, error.orig or error) from None
    except DBAPIError as error:
        # The server's CONTEXT (the statement that failed) is for a developer, not the administrator.
        reason = url.hidden_in(one_line(str(error.orig or error))).partition(" CONTEXT:")[0].rstrip(". ")
        raise StoreError(f"The server refused it: {reason}. {NEEDS} Nothing was changed.") from None
    finally:
        engine.dispose()


NEEDS = "The administrator's role must own the database (and its tables) and have CREATEROLE, to create roles and grant them."


def _refuse_unless_administrator(connection: Connection, url: ServerURL) -> None:
    role = current_role(connection)
    if not may_set_up(connection):
        raise StoreError(
            f"Your role {role} does not own the reflect tables of {url}, so it cannot set them up: run this as the "
            "role that owns the database (the administrator's). Nothing was changed."
        )
    if not connection.execute(text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar():
        raise StoreError(
            f"Your role {role} may not create roles or grant them, which setting up practitioners needs: give it CREATEROLE "
            f"(as a superuser: ALTER ROLE {_quoted(connection, role)} CREATEROLE). Nothing was changed."
        )
    # The database's own row, or the administrator's: not any practitioner's (the administrator reads
    # past the policies, and one role's row saying "team" must not lock everyone's database).
    from reflect.store.opening import database_role

    held = connection.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": SETTINGS_TABLE}).scalar()
    team = database_role(connection, anyones=False) if held else None
    if team == "team":
        raise StoreError(
            f"{url} is a team database of supervision bundles, not the practitioners' own: set it up with "
            f"`reflect org init-team {url}`. Nothing was changed."
        )


def set_up_stores_database(url: ServerURL) -> list[str]:
    """`reflect org init`: the stores database at the current schema (migrated as the administrator),
    then secured (secure_stores_database). One line for each thing done; none if it was all there."""
    from reflect.store.schema import HEAD_REVISION, current_revision

    revision = current_revision(url)  # refuses someone else's tables, or a newer schema, before anything
    done: list[str] = []
    with administering(url) as connection:
        _refuse_unless_administrator(connection, url)
    if revision != HEAD_REVISION:
        from reflect.store.engine import make_server_engine
        from reflect.store.migrate import upgrade_to_head

        engine = make_server_engine(url)
        try:
            upgrade_to_head(engine, url)
        except OperationalError as error:
            from reflect.store.server import unreachable

            raise unreachable(url, error.orig or error) from None
        finally:
            engine.dispose()
        done.append(f"created reflect's tables (schema {HEAD_REVISION})" if revision is None else f"upgraded the schema from {revision} to {HEAD_REVISION}")
    try:
        with administering(url) as connection:
            done += secure_stores_database(connection)
    except StoreError as error:
        if not done:
            raise
        raise StoreError(f"{str(error).removesuffix(' Nothing was changed.')} The schema was upgraded ({done[0]}); nothing else was changed.") from None
    return done


def _refuse_without_set_up(connection: Connection, url: ServerURL) -> None:
    _refuse_unless_administrator(connection, url)
    if not role_exists(connection, PRACTITIONER_GROUP) or connection.execute(text("SELECT to_regclass('reflection') IS NULL")).scalar():
        raise StoreError(f"{url} is not set up for practitioners yet: run `reflect org init {url}` first. Nothing was changed.")


def add_practitioners(url: ServerURL, roles: list[str]) -> list[str]:
    """`reflect org add-practitioner`: each role (made if need be) a member of the practitioners' group."""
    with administering(url) as connection:
        _refuse_without_set_up(connection, url)
        for role in roles:
            _refuse_a_name_that_owns_rows(connection, url, role)
        return [line for role in roles for line in add_member(connection, role)]


def _refuse_a_name_that_owns_rows(connection: Connection, url: ServerURL, role: str) -> None:
    """A row says whose it is by the role's name: a new role of the name of one dropped before would
    read and change the rows that person left. Refuse to make it while there are any."""
    if role_exists(connection, role):
        return
    left = rows_owned_by(connection, role)
    if left:
        raise StoreError(
            f"{url} still holds {left:,} row{'' if left == 1 else 's'} written by an earlier role called {role}: a new role of that name would "
            "read and change them as its own. Give the new person another role name, or erase those rows first "
            f"(`reflect org erase-practitioner {url} {role}`). Nothing was changed."
        )


def remove_practitioners(url: ServerURL, roles: list[str]) -> list[tuple[str, bool, int]]:
    """`reflect org remove-practitioner`: for each role, whether it was taken out of the group, and how
    many rows of its own the database still holds (they stay: its rows are erased separately)."""
    with administering(url) as connection:
        _refuse_without_set_up(connection, url)
        return [(role, remove_member(connection, role), rows_owned_by(connection, role)) for role in roles]
