"""The search index's schema: table ``zoekindex`` and the triggers that keep it current (see migration 0006).

A row is one searchable thing, keyed by ``sleutel = id * 4 + kind``; it holds text only. Migrations call these
functions with their connection; the SQL is written out here once for both databases.
"""


TABEL = "zoekindex"
VERGADERING, AGENDAPUNT, VOORSTEL, BESLUIT = 0, 1, 2, 3
SOORTEN = 4  # sleutel = id * SOORTEN + kind

# The source tables whose triggers feed the index (for a later migration that batch-alters one on SQLite).
BRONTABELLEN = ("vergadering", "vergaderingorgaan", "orgaan", "agendapunt", "voorstel")


def buiten_autogenerate(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic ``include_object``: the index (and on SQLite FTS5's shadow tables) is made by migration 0006 in SQL,
    not from the models, so autogenerate must not propose to drop it."""
    if type_ == "table" and reflected and compare_to is None and name and (
            name == TABEL or name.startswith(TABEL + "_")):
        return False
    return True


def _postgres(bind) -> bool:
    return bind.dialect.name == "postgresql"


def _concat(bind, *parts: str) -> str:
    """Text parts joined by a space, NULLs left out (SQLite has no concat_ws)."""
    if _postgres(bind):
        return f"concat_ws(' ', {', '.join(parts)})"
    return "trim(" + " || ' ' || ".join(f"coalesce({p}, '')" for p in parts) + ")"


def _organen(bind, vergadering: str) -> str:
    agg = "string_agg(o.naam, ' ')" if _postgres(bind) else "group_concat(o.naam, ' ')"
    return (f"(SELECT {agg} FROM vergaderingorgaan vo JOIN orgaan o ON o.id = vo.orgaan_id "
            f"WHERE vo.vergadering_id = {vergadering})")


def selects(bind, where: dict[str, str]) -> list[str]:
    """INSERT … SELECT statements that (re)write the rows of the source rows matching ``where`` (per table)."""
    statements = []
    if "vergadering" in where:
        statements.append(
            f"INSERT INTO {TABEL} ({_kolom(bind)}, titel, tekst) SELECT v.id * 4 + {VERGADERING}, "
            f"coalesce(v.naam, ''), {_concat(bind, 'v.locatie', _organen(bind, 'v.id'))} "
            f"FROM vergadering v WHERE {where['vergadering']}")
    if "agendapunt" in where:
        statements.append(
            f"INSERT INTO {TABEL} ({_kolom(bind)}, titel, tekst) SELECT a.id * 4 + {AGENDAPUNT}, a.titel, '' "
            f"FROM agendapunt a WHERE {where['agendapunt']}")
    if "voorstel" in where:
        statements.append(
            f"INSERT INTO {TABEL} ({_kolom(bind)}, titel, tekst) SELECT p.id * 4 + {VOORSTEL}, p.titel, "
            f"coalesce(p.toelichting, '') FROM voorstel p WHERE {where['voorstel']}")
        statements.append(
            f"INSERT INTO {TABEL} ({_kolom(bind)}, titel, tekst) SELECT p.id * 4 + {BESLUIT}, p.titel, "
            f"{_concat(bind, 'p.besluit_tekst', 'p.publicatie')} FROM voorstel p WHERE {where['voorstel']}")
    return statements


def _kolom(bind) -> str:
    return "sleutel" if _postgres(bind) else "rowid"


def create_table(bind) -> None:
    if _postgres(bind):
        bind.exec_driver_sql(
            f"CREATE TABLE {TABEL} (sleutel bigint PRIMARY KEY, titel text NOT NULL, tekst text NOT NULL, "
            "vector tsvector GENERATED ALWAYS AS (setweight(to_tsvector('dutch'::regconfig, titel), 'A') || "
            "setweight(to_tsvector('dutch'::regconfig, tekst), 'B')) STORED)")
        bind.exec_driver_sql(f"CREATE INDEX ix_{TABEL}_vector ON {TABEL} USING gin (vector)")
    else:
        bind.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {TABEL} USING fts5(titel, tekst, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')")


def drop_table(bind) -> None:
    bind.exec_driver_sql(f"DROP TABLE IF EXISTS {TABEL}")


def rebuild(bind) -> None:
    """Fill the index afresh from the source tables."""
    bind.exec_driver_sql(f"DELETE FROM {TABEL}")
    for statement in selects(bind, {"vergadering": "1 = 1", "agendapunt": "1 = 1", "voorstel": "1 = 1"}):
        bind.exec_driver_sql(statement)


# --- triggers ------------------------------------------------------------------------------------------------

def _bodies(bind) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Per source table: (trigger suffix, event, statements using NEW/OLD)."""
    def verwijder(expr: str) -> str:
        return f"DELETE FROM {TABEL} WHERE {_kolom(bind)} IN ({expr})"

    def vergaderingen(ids: str) -> list[str]:
        return [verwijder(f"SELECT id * 4 + {VERGADERING} FROM vergadering WHERE id IN ({ids})"),
                *selects(bind, {"vergadering": f"v.id IN ({ids})"})]

    def voorstel(ref: str) -> list[str]:
        return [verwijder(f"{ref}.id * 4 + {VOORSTEL}, {ref}.id * 4 + {BESLUIT}"),
                *selects(bind, {"voorstel": f"p.id = {ref}.id"})]

    def agendapunt(ref: str) -> list[str]:
        return [verwijder(f"{ref}.id * 4 + {AGENDAPUNT}"), *selects(bind, {"agendapunt": f"a.id = {ref}.id"})]

    weg_vergadering = [verwijder(f"OLD.id * 4 + {VERGADERING}")]
    weg_voorstel = [verwijder(f"OLD.id * 4 + {VOORSTEL}, OLD.id * 4 + {BESLUIT}")]
    weg_agendapunt = [verwijder(f"OLD.id * 4 + {AGENDAPUNT}")]
    return {
        "vergadering": [("insert", "INSERT", vergaderingen("NEW.id")),
                        ("update", "UPDATE OF naam, locatie", vergaderingen("NEW.id")),
                        ("delete", "DELETE", weg_vergadering)],
        "vergaderingorgaan": [("insert", "INSERT", vergaderingen("NEW.vergadering_id")),
                              ("update", "UPDATE", vergaderingen("NEW.vergadering_id")
                               + vergaderingen("OLD.vergadering_id")),
                              ("delete", "DELETE", vergaderingen("OLD.vergadering_id"))],
        "orgaan": [("update", "UPDATE OF naam",
                    vergaderingen("SELECT vergadering_id FROM vergaderingorgaan WHERE orgaan_id = NEW.id"))],
        "agendapunt": [("insert", "INSERT", agendapunt("NEW")),
                       ("update", "UPDATE OF titel", agendapunt("NEW")),
                       ("delete", "DELETE", weg_agendapunt)],
        "voorstel": [("insert", "INSERT", voorstel("NEW")),
                     ("update", "UPDATE OF titel, toelichting, besluit_tekst, publicatie", voorstel("NEW")),
                     ("delete", "DELETE", weg_voorstel)],
    }


def create_triggers(bind, tables: tuple[str, ...] = BRONTABELLEN) -> None:
    """Create the index's triggers on the given source tables (after a batch ALTER on SQLite: that table's)."""
    postgres = _postgres(bind)
    for table, triggers in _bodies(bind).items():
        if table not in tables:
            continue
        for suffix, event, statements in triggers:
            name = f"zoekindex_{table}_{suffix}"
            if postgres:
                # A plain AFTER ROW trigger: the index changes in the writer's own transaction.
                body = "; ".join(statements)
                ret = "OLD" if event == "DELETE" else "NEW"
                bind.exec_driver_sql(
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; "
                    f"RETURN {ret}; END $$")
                bind.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                                     f"FOR EACH ROW EXECUTE FUNCTION {name}()")
            else:
                body = "; ".join(statements)
                bind.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body}; END")


def drop_triggers(bind, tables: tuple[str, ...] = BRONTABELLEN) -> None:
    postgres = _postgres(bind)
    for table, triggers in _bodies(bind).items():
        if table not in tables:
            continue
        for suffix, _event, _statements in triggers:
            name = f"zoekindex_{table}_{suffix}"
            if postgres:
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
