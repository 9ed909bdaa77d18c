// Numbered schema migrations. A case file records the last one applied in PRAGMA user_version; a file
// from a newer workbench is refused rather than guessed at. Append only: never edit a released step.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'case metadata, hosts, events with full-text search',
    sql: `
      CREATE TABLE case_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE hosts (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        address     TEXT NOT NULL DEFAULT '',
        os          TEXT NOT NULL DEFAULT '',
        kernel      TEXT NOT NULL DEFAULT '',
        arch        TEXT NOT NULL DEFAULT '',
        connection  TEXT NOT NULL DEFAULT 'offline',
        sensor      TEXT NOT NULL DEFAULT 'not-deployed',
        added_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE events (
        id         INTEGER PRIMARY KEY,
        host_id    INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        boot_id    TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        ts_ns      INTEGER NOT NULL,
        type       TEXT NOT NULL,
        pid        INTEGER NOT NULL,
        ppid       INTEGER NOT NULL,
        uid        INTEGER NOT NULL,
        comm       TEXT NOT NULL,
        executable TEXT NOT NULL,
        summary    TEXT NOT NULL,
        raw        TEXT NOT NULL,
        UNIQUE (host_id, boot_id, seq)
      ) STRICT;
      CREATE INDEX events_by_time ON events (ts_ns DESC, id DESC);
      CREATE INDEX events_by_host_time ON events (host_id, ts_ns DESC, id DESC);
      CREATE INDEX events_by_type_time ON events (type, ts_ns DESC, id DESC);

      -- Command lines, paths and addresses, searchable; external content keeps one copy of the text.
      CREATE VIRTUAL TABLE events_fts USING fts5 (
        summary, executable, content = 'events', content_rowid = 'id'
      );
      CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, summary, executable) VALUES (new.id, new.summary, new.executable);
      END;
      CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, summary, executable)
          VALUES ('delete', old.id, old.summary, old.executable);
      END;
    `,
  },
  {
    version: 2,
    name: 'process table, stream positions, host connection settings',
    sql: `
      -- Every process seen, keyed by (host, pid, start time): pids are reused, this key is not.
      CREATE TABLE processes (
        host_id         INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        pid             INTEGER NOT NULL,
        start_ns        INTEGER NOT NULL,
        ppid            INTEGER NOT NULL,
        parent_start_ns INTEGER,
        uid             INTEGER NOT NULL,
        comm            TEXT NOT NULL,
        executable      TEXT NOT NULL,
        argv            TEXT NOT NULL,
        cwd             TEXT NOT NULL,
        exit_ns         INTEGER,
        exit_code       INTEGER,
        PRIMARY KEY (host_id, pid, start_ns)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX processes_by_parent ON processes (host_id, ppid, parent_start_ns);

      ALTER TABLE events ADD COLUMN process_start_ns INTEGER;

      -- The last event committed per sensor run: what a reconnecting stream resumes after (--since).
      CREATE TABLE stream_positions (
        host_id       INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        boot_id       TEXT NOT NULL,
        last_seq      INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        PRIMARY KEY (host_id, boot_id)
      ) STRICT;

      ALTER TABLE hosts ADD COLUMN port INTEGER NOT NULL DEFAULT 22;
      ALTER TABLE hosts ADD COLUMN user TEXT NOT NULL DEFAULT 'root';
      ALTER TABLE hosts ADD COLUMN identity_file TEXT NOT NULL DEFAULT '';
      ALTER TABLE hosts ADD COLUMN jump_host_id INTEGER REFERENCES hosts(id) ON DELETE SET NULL;
      ALTER TABLE hosts ADD COLUMN btf INTEGER;
      ALTER TABLE hosts ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    version: 3,
    name: 'events and stream positions keyed by stream (a sensor spool or run), not by boot',
    sql: `
      -- A spool keeps its numbering across sensor restarts and reboots and restarts it only when made
      -- anew (a new spool id), so the boot id never was the right key. Old keys stay valid stream ids.
      ALTER TABLE events RENAME COLUMN boot_id TO stream_id;
      ALTER TABLE stream_positions RENAME COLUMN boot_id TO stream_id;
    `,
  },
  {
    version: 4,
    name: 'the whole process context of each process, for process.parent.* and process.ancestors.*',
    sql: `
      -- As the sensor wrote it (argv0, args, user, euid, tty, container…), so a rule reads the same fields
      -- on a parent as on the process itself. '{}' for rows from before: their columns still apply.
      ALTER TABLE processes ADD COLUMN context TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 5,
    name: 'security signals: rule matches grouped, with triage state, notes and mutes',
    sql: `
      CREATE TABLE signals (
        id            INTEGER PRIMARY KEY,
        rule_id       TEXT NOT NULL,
        host_id       INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        group_key     TEXT NOT NULL,
        severity      TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
        rule          TEXT NOT NULL, -- JSON: the rule as it was when it matched
        first_event   TEXT NOT NULL, -- JSON: the first match, enriched (process context and ancestry then)
        process       TEXT NOT NULL, -- a one-line summary of the first match's process
        first_ts_ns   INTEGER NOT NULL,
        last_ts_ns    INTEGER NOT NULL,
        match_count   INTEGER NOT NULL,
        status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'under_review', 'archived')),
        assignee      TEXT NOT NULL DEFAULT '',
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX signals_by_group ON signals (rule_id, host_id, group_key, last_ts_ns);
      CREATE INDEX signals_by_time ON signals (last_ts_ns DESC, id DESC);

      CREATE TABLE signal_matches (
        signal_id INTEGER NOT NULL REFERENCES signals(id) ON DELETE CASCADE,
        event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        PRIMARY KEY (signal_id, event_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX signal_matches_by_event ON signal_matches (event_id);

      CREATE TABLE signal_notes (
        id        INTEGER PRIMARY KEY,
        signal_id INTEGER NOT NULL REFERENCES signals(id) ON DELETE CASCADE,
        at_ms     INTEGER NOT NULL,
        author    TEXT NOT NULL,
        text      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE rule_mutes (
        id            INTEGER PRIMARY KEY,
        rule_id       TEXT NOT NULL,
        host_id       INTEGER REFERENCES hosts(id) ON DELETE CASCADE,
        reason        TEXT NOT NULL,
        until_ms      INTEGER,
        created_at_ms INTEGER NOT NULL,
        suppressed    INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'local hosts: the machine the workbench runs on, reached without SSH',
    sql: `
      ALTER TABLE hosts ADD COLUMN local INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 7,
    name: 'process trees: the events of one process, and the signals of one host by time',
    sql: `
      -- A process's events in time order (the process pane, the tree's timeline); signals of a host by
      -- when they fired (related signals).
      CREATE INDEX events_by_process ON events (host_id, pid, process_start_ns, ts_ns);
      CREATE INDEX signals_by_host_time ON signals (host_id, first_ts_ns);
    `,
  },
  {
    version: 8,
    name: 'saved views: named filters of the explorers; an index for the signals facets',
    sql: `
      -- In the case file, not the app's settings: the filters name this case's hosts and rules, and a
      -- case handed to a colleague brings its views. query is the page's address after the '?'.
      CREATE TABLE saved_views (
        id            INTEGER PRIMARY KEY,
        page          TEXT NOT NULL,
        name          TEXT NOT NULL COLLATE NOCASE,
        query         TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        UNIQUE (page, name)
      ) STRICT;

      -- The explorer's facets counted from one index instead of the rows (whose rule and first event are
      -- JSON): the technique read out of the rule once, when the row is written.
      ALTER TABLE signals ADD COLUMN technique TEXT GENERATED ALWAYS AS (coalesce(json_extract(rule, '$.technique'), '')) VIRTUAL;
      CREATE INDEX signals_by_facets ON signals (first_ts_ns, status, severity, host_id, rule_id, technique);
    `,
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
