namespace QBroker.Storage;

/// <summary>
/// The relational schema, one statement per entry, valid for SQLite and PostgreSQL alike (portable types:
/// TEXT, BIGINT, INTEGER; times as Unix milliseconds; money as integer micro-credits). Statements are idempotent so
/// the migration step can run at every start.
/// </summary>
internal static class Schema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS jobs (
            id TEXT PRIMARY KEY,
            owner_id TEXT NOT NULL,
            institution_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NULL,
            device_id TEXT NULL,
            placed_device_id TEXT NULL,
            state INTEGER NOT NULL,
            priority INTEGER NOT NULL,
            shots INTEGER NOT NULL,
            created_at BIGINT NOT NULL,
            started_at BIGINT NULL,
            finished_at BIGINT NULL,
            attempts INTEGER NOT NULL,
            error TEXT NULL,
            estimated_cost_micros BIGINT NOT NULL,
            actual_cost_micros BIGINT NULL,
            client_token TEXT NULL,
            spec_json TEXT NOT NULL,
            version BIGINT NOT NULL
        )
        """,
        "CREATE INDEX IF NOT EXISTS ix_jobs_state ON jobs (state)",
        "CREATE INDEX IF NOT EXISTS ix_jobs_created ON jobs (created_at, id)",
        "CREATE INDEX IF NOT EXISTS ix_jobs_owner_created ON jobs (owner_id, created_at)",
        "CREATE INDEX IF NOT EXISTS ix_jobs_institution_created ON jobs (institution_id, created_at)",
        """
        CREATE TABLE IF NOT EXISTS job_tags (
            tag TEXT NOT NULL,
            job_id TEXT NOT NULL,
            PRIMARY KEY (tag, job_id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS job_transitions (
            job_id TEXT NOT NULL,
            version BIGINT NOT NULL,
            from_state INTEGER NULL,
            to_state INTEGER NOT NULL,
            at BIGINT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (job_id, version)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS job_results (
            job_id TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            engine TEXT NOT NULL,
            device_time_ticks BIGINT NOT NULL,
            completed_at BIGINT NOT NULL,
            counts_json TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS institutions (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            country TEXT NOT NULL,
            shares INTEGER NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS projects (
            id TEXT PRIMARY KEY,
            institution_id TEXT NOT NULL,
            name TEXT NOT NULL,
            shares INTEGER NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS researchers (
            id TEXT PRIMARY KEY,
            institution_id TEXT NOT NULL,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            shares INTEGER NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS project_members (
            project_id TEXT NOT NULL,
            researcher_id TEXT NOT NULL,
            PRIMARY KEY (project_id, researcher_id)
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            secret_sha256 TEXT NOT NULL,
            role TEXT NOT NULL,
            subject_id TEXT NOT NULL,
            institution_id TEXT NULL,
            label TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS ledger (
            job_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            institution_id TEXT NOT NULL,
            project_id TEXT NOT NULL,
            researcher_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            amount_micros BIGINT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (job_id, kind)
        )
        """,
        "CREATE INDEX IF NOT EXISTS ix_ledger_institution_at ON ledger (institution_id, at)",
        "CREATE INDEX IF NOT EXISTS ix_ledger_at ON ledger (at)",
        """
        CREATE TABLE IF NOT EXISTS budgets (
            node_id TEXT PRIMARY KEY,
            node_kind TEXT NOT NULL,
            amount_micros BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            etag BIGINT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        )
        """,
        // Orleans membership (cluster mode): one version row per cluster, whose etag every membership change must
        // name, and one row per silo incarnation (address@generation). Times are DateTime ticks (UTC), kept exact.
        """
        CREATE TABLE IF NOT EXISTS membership_version (
            cluster_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            etag BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS membership (
            cluster_id TEXT NOT NULL,
            silo TEXT NOT NULL,
            silo_name TEXT NOT NULL,
            host_name TEXT NOT NULL,
            role_name TEXT NULL,
            status INTEGER NOT NULL,
            proxy_port INTEGER NOT NULL,
            update_zone INTEGER NOT NULL,
            fault_zone INTEGER NOT NULL,
            suspect_times TEXT NOT NULL,
            start_time BIGINT NOT NULL,
            i_am_alive_time BIGINT NOT NULL,
            etag BIGINT NOT NULL,
            PRIMARY KEY (cluster_id, silo)
        )
        """,
        // Orleans reminders, per service (they outlive a cluster's redeployment), found by the grain's uniform hash
        // when a silo takes over a range of the ring.
        """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id TEXT NOT NULL,
            grain_id TEXT NOT NULL,
            reminder_name TEXT NOT NULL,
            grain_hash BIGINT NOT NULL,
            start_at BIGINT NOT NULL,
            period_ticks BIGINT NOT NULL,
            etag BIGINT NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        )
        """,
        "CREATE INDEX IF NOT EXISTS ix_reminders_hash ON reminders (service_id, grain_hash)",
        // QKD key delivery (ETSI GS QKD 014) per master->slave pair: the end-to-end key drawn from the links and not yet
        // issued, in blocks of up to 512 bytes (hex) that lose their issued bytes as keys are issued (start_byte: the
        // offset in the drawn chunk of the block's first unissued byte); and each key issued to the master that the
        // slave has not fetched yet, deleted when the slave fetches it.
        """
        CREATE TABLE IF NOT EXISTS qkd_reserve_block (
            pair TEXT NOT NULL,
            block_index INTEGER NOT NULL,
            generation BIGINT NOT NULL,
            link_path TEXT NOT NULL,
            start_byte BIGINT NOT NULL,
            key_hex TEXT NOT NULL,
            PRIMARY KEY (pair, block_index)
        )
        """,
        // Its predecessor kept each whole chunk, issued bytes included, until the next chunk replaced it: dropped, with
        // every byte it held (a reserve not yet issued is lost with it; it was never handed out, so nothing repeats).
        "DROP TABLE IF EXISTS qkd_key_reserve",
        """
        CREATE TABLE IF NOT EXISTS qkd_awaiting_key (
            pair TEXT NOT NULL,
            key_id TEXT NOT NULL,
            key_material TEXT NOT NULL,
            PRIMARY KEY (pair, key_id)
        )
        """,
    ];

    /// <summary>
    /// Columns added to a table after its first release, as (table, column, type): the migration adds each one a
    /// database does not have yet. SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>, so the check is the migration's.
    /// </summary>
    public static readonly (string Table, string Column, string Type)[] AddedColumns =
    [
        // The silo whose device ran an execution attempt, on the attempt's start transition.
        ("job_transitions", "silo", "TEXT NULL"),
    ];
}
