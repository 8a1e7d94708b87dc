"""The search index's schema: table ``zoekindex`` and the triggers that keep it current (see migration 0006).

A row is one searchable thing that somebody may find, keyed by ``sleutel = id * 4 + kind``; besides its text it
holds ``kenmerken``, tokens for visibility and the filters (see below), so a search needs no join. Migrations call these
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


# --- filter tokens ("kenmerken") ------------------------------------------------------------------------------
# Every row carries, in a column of its own that the user's words never reach, the tokens that visibility and the
# filters need, so a search needs no join: the kind of a row anybody may see (zzs0…zzs3; a concept voorstel has
# CONCEPT instead of zzs2; rows nobody may find are not in the index at all), the regelingen (zzr<id>; a meeting:
# those of its bodies) and gemeenten (zzg<id>: bodies of a gemeente), for a voorstel also zzp<id> (its own regeling,
# to leave out those of a deleted regeling) and the year (zzj<yyyy>). The "zz" prefix keeps them apart from Dutch
# words. One token for kind and visibility keeps the posting lists that a search intersects short.
CONCEPT = "zzs2c"
SOORT_CONCEPT = 4  # PostgreSQL's column ``soort``: the kind, or 4 for a concept voorstel


def soort_token(code: int) -> str:
    return f"zzs{code}"


def regeling_token(regeling_id: int) -> str:
    return f"zzr{regeling_id}"


def voorstel_regeling_token(regeling_id: int) -> str:
    return f"zzp{regeling_id}"


def gemeente_token(gemeente_id: int) -> str:
    return f"zzg{gemeente_id}"


def jaar_token(jaar: int) -> str:
    return f"zzj{jaar}"


def _jaar_datum(bind, expr: str) -> str:
    """'zzj<year>' of a date, or '' when NULL."""
    if _postgres(bind):
        return f"coalesce(' zzj' || to_char({expr}, 'YYYY'), '')"
    return f"coalesce(' zzj' || substr({expr}, 1, 4), '')"


def _jaar_moment(bind, expr: str) -> str:
    """'zzj<year>' of a meeting's start, in Dutch time. SQLite knows no time zones: its UTC wall time plus one
    hour is exact at the turn of the year (always winter time, UTC+1, in Europe/Amsterdam)."""
    if _postgres(bind):
        return f"' zzj' || to_char({expr} AT TIME ZONE 'Europe/Amsterdam', 'YYYY')"
    return f"' zzj' || strftime('%Y', {expr}, '+1 hour')"


def _vergadering_kenmerken(bind, v: str) -> str:
    agg = "string_agg" if _postgres(bind) else "group_concat"
    tokens = "coalesce('zzr' || o.regeling_id, '') || ' ' || coalesce('zzg' || o.gemeente_id, '')"
    organen = (f"(SELECT {agg}({tokens}, ' ') "
               f"FROM vergaderingorgaan vo JOIN orgaan o ON o.id = vo.orgaan_id WHERE vo.vergadering_id = {v}.id)")
    return f"{_jaar_moment(bind, v + '.start')} || ' ' || coalesce({organen}, '')"


def _voorstel_kenmerken(bind, code: int, datum: str) -> str:
    soort = f"CASE WHEN p.fase = 'concept' THEN '{CONCEPT}' ELSE '{soort_token(code)}' END" if code == VOORSTEL \
        else f"'{soort_token(code)}'"
    return (f"'zzalles ' || {soort} || ' zzr' || p.regeling_id || ' zzp' || p.regeling_id"
            f" || {_jaar_datum(bind, datum)}")


def selects(bind, where: dict[str, str]) -> list[str]:
    """INSERT … SELECT statements that (re)write the rows of the source rows matching ``where`` (per table).
    Only what somebody may find gets a row: no deleted or closed meetings or items, no deleted voorstellen,
    a decision once published; a concept voorstel is marked CONCEPT."""
    statements = []
    kolommen = f"{_kolom(bind)}, titel, tekst, kenmerken"
    if "vergadering" in where:
        statements.append(
            f"INSERT INTO {TABEL} ({kolommen}) SELECT v.id * 4 + {VERGADERING}, "
            f"coalesce(v.naam, ''), {_concat(bind, 'v.locatie', _organen(bind, 'v.id'))}, "
            f"'zzalles {soort_token(VERGADERING)}' || {_vergadering_kenmerken(bind, 'v')} "
            f"FROM vergadering v WHERE v.deleted_at IS NULL AND v.openbaar AND ({where['vergadering']})")
    if "agendapunt" in where:
        statements.append(
            f"INSERT INTO {TABEL} ({kolommen}) SELECT a.id * 4 + {AGENDAPUNT}, a.titel, '', "
            f"'zzalles {soort_token(AGENDAPUNT)}' || {_vergadering_kenmerken(bind, 'v')} "
            f"FROM agendapunt a JOIN vergadering v ON v.id = a.vergadering_id "
            f"WHERE a.deleted_at IS NULL AND a.openbaar AND v.deleted_at IS NULL AND v.openbaar "
            f"AND ({where['agendapunt']})")
    if "voorstel" in where:
        statements.append(
            f"INSERT INTO {TABEL} ({kolommen}) SELECT p.id * 4 + {VOORSTEL}, p.titel, "
            f"coalesce(p.toelichting, ''), "
            f"{_voorstel_kenmerken(bind, VOORSTEL, 'coalesce(p.besloten_op, p.beschikbaar, p.uiterlijk)')} "
            f"FROM voorstel p WHERE p.deleted_at IS NULL AND ({where['voorstel']})")
        statements.append(
            f"INSERT INTO {TABEL} ({kolommen}) SELECT p.id * 4 + {BESLUIT}, p.titel, "
            f"{_concat(bind, 'p.besluit_tekst', 'p.publicatie')}, "
            f"{_voorstel_kenmerken(bind, BESLUIT, 'coalesce(p.gepubliceerd_op, p.besloten_op)')} "
            f"FROM voorstel p WHERE p.deleted_at IS NULL AND p.fase = 'gepubliceerd' AND ({where['voorstel']})")
    return statements


def _kolom(bind) -> str:
    return "sleutel" if _postgres(bind) else "rowid"


def create_table(bind) -> None:
    if _postgres(bind):
        bind.exec_driver_sql(
            f"CREATE TABLE {TABEL} (sleutel bigint PRIMARY KEY, titel text NOT NULL, tekst text NOT NULL, "
            "kenmerken text NOT NULL, "
            "vector tsvector GENERATED ALWAYS AS (setweight(to_tsvector('dutch'::regconfig, titel), 'A') || "
            "setweight(to_tsvector('dutch'::regconfig, tekst), 'B')) STORED, "
            "filter tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, kenmerken)) STORED, "
            f"soort smallint GENERATED ALWAYS AS (CASE WHEN position(' {CONCEPT} ' in kenmerken) > 0 "
            f"THEN {SOORT_CONCEPT} ELSE mod(sleutel, {SOORTEN}) END) STORED)")
        # One GIN index per kind (partial), none over all: a search names its kinds as "soort = 0 OR soort = 1 …"
        # and PostgreSQL ORs the indexes' bitmaps; a count per kind reads only that kind's index.
        for soort in (VERGADERING, AGENDAPUNT, VOORSTEL, BESLUIT, SOORT_CONCEPT):
            bind.exec_driver_sql(f"CREATE INDEX ix_{TABEL}_vector_{soort} ON {TABEL} USING gin (vector) "
                                 f"WHERE soort = {soort}")
        bind.exec_driver_sql(f"CREATE INDEX ix_{TABEL}_filter ON {TABEL} USING gin (filter)")
    else:
        bind.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {TABEL} USING fts5(titel, tekst, kenmerken, "
            "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')")


def drop_table(bind) -> None:
    bind.exec_driver_sql(f"DROP TABLE IF EXISTS {TABEL}")


# SQLite: the index's vocabulary, one row per term (FTS5's fts5vocab), so that a search can complete a word to the
# terms that begin with it (app.zoeken.service.vul_aan) instead of an FTS5 prefix query, which merges every such
# term's whole posting list on each MATCH (a common word: tens of milliseconds).
TERMEN = f"{TABEL}_termen"


def create_vocabulary(bind) -> None:
    if not _postgres(bind):
        bind.exec_driver_sql(f"CREATE VIRTUAL TABLE {TERMEN} USING fts5vocab({TABEL}, 'row')")


def drop_vocabulary(bind) -> None:
    if not _postgres(bind):
        bind.exec_driver_sql(f"DROP TABLE IF EXISTS {TERMEN}")


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
        # A meeting's visibility, year and bodies are its agenda items' too: rewrite both.
        return [verwijder(f"SELECT id * 4 + {VERGADERING} FROM vergadering WHERE id IN ({ids})"),
                verwijder(f"SELECT id * 4 + {AGENDAPUNT} FROM agendapunt WHERE vergadering_id IN ({ids})"),
                *selects(bind, {"vergadering": f"v.id IN ({ids})", "agendapunt": f"a.vergadering_id IN ({ids})"})]

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
                        ("update", "UPDATE OF naam, locatie, start, openbaar, deleted_at", vergaderingen("NEW.id")),
                        ("delete", "DELETE", weg_vergadering)],
        "vergaderingorgaan": [("insert", "INSERT", vergaderingen("NEW.vergadering_id")),
                              ("update", "UPDATE", vergaderingen("NEW.vergadering_id")
                               + vergaderingen("OLD.vergadering_id")),
                              ("delete", "DELETE", vergaderingen("OLD.vergadering_id"))],
        "orgaan": [("update", "UPDATE OF naam, regeling_id, gemeente_id",
                    vergaderingen("SELECT vergadering_id FROM vergaderingorgaan WHERE orgaan_id = NEW.id"))],
        "agendapunt": [("insert", "INSERT", agendapunt("NEW")),
                       ("update", "UPDATE OF titel, openbaar, deleted_at, vergadering_id", agendapunt("NEW")),
                       ("delete", "DELETE", weg_agendapunt)],
        "voorstel": [("insert", "INSERT", voorstel("NEW")),
                     ("update", "UPDATE OF titel, toelichting, besluit_tekst, publicatie, fase, deleted_at, "
                     "regeling_id, besloten_op, gepubliceerd_op, beschikbaar, uiterlijk", voorstel("NEW")),
                     ("delete", "DELETE", weg_voorstel)],
    }


# A trigger's statements are planned for each row, with the tables as large as they are then. A session keeps
# PL/pgSQL's generic plan once made: made while a source table was (nearly) empty, a look-up by key stays a
# sequential scan for the rest of that session, and a bulk load of 100,000 voorstellen takes half an hour
# instead of 20 seconds. Planning per row costs about 0.2 ms per written row.
PER_RIJ_GEPLAND = "SET plan_cache_mode = force_custom_plan"


def _triggers(bind, tables: tuple[str, ...]):
    """(name, table, event, statements) of the index's triggers on the given source tables."""
    for table, triggers in _bodies(bind).items():
        if table in tables:
            for suffix, event, statements in triggers:
                yield f"zoekindex_{table}_{suffix}", table, event, statements


def trigger_functions(bind, tables: tuple[str, ...] = BRONTABELLEN) -> list[str]:
    """PostgreSQL: the names of the index's trigger functions."""
    return [name for name, _table, _event, _statements in _triggers(bind, tables)]


def create_triggers(bind, tables: tuple[str, ...] = BRONTABELLEN) -> None:
    """Create the index's triggers on the given source tables (after a batch ALTER on SQLite: that table's)."""
    postgres = _postgres(bind)
    for name, table, event, statements in _triggers(bind, tables):
        body = "; ".join(statements)
        if postgres:
            # A plain AFTER ROW trigger: the index changes in the writer's own transaction.
            ret = "OLD" if event == "DELETE" else "NEW"
            bind.exec_driver_sql(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql {PER_RIJ_GEPLAND} "
                f"AS $$ BEGIN {body}; RETURN {ret}; END $$")
            bind.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                                 f"FOR EACH ROW EXECUTE FUNCTION {name}()")
        else:
            bind.exec_driver_sql(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body}; END")


def drop_triggers(bind, tables: tuple[str, ...] = BRONTABELLEN) -> None:
    postgres = _postgres(bind)
    for name, table, _event, _statements in _triggers(bind, tables):
        if postgres:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
