using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace QBroker.Storage;

/// <summary>
/// The one relational database behind the broker: SQLite in a data directory (one machine) or PostgreSQL
/// (cluster). The SQL is the same for both; only how a connection is opened differs. Writes go through
/// <see cref="Writes"/> (group commit); reads open a pooled connection each.
/// </summary>
public sealed class SqlDatabase : IAsyncDisposable
{
    private readonly StoreOptions _options;
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public SqlDatabase(IOptions<StoreOptions> options, ILogger<SqlDatabase> logger)
    {
        _options = options.Value;
        if (IsPostgres)
        {
            _connectionString = _options.ConnectionString
                ?? throw new InvalidOperationException($"{StoreOptions.SectionName}:ConnectionString is required when the provider is postgres.");
            _postgres = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            Directory.CreateDirectory(_options.DataDirectory);
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = _options.SqliteFilePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
        Writes = new WriteBatcher(this, _options.MaxWriteBatch, logger);
    }

    public bool IsPostgres => string.Equals(_options.Provider, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Group-committed writes: many callers, one transaction per batch.</summary>
    public WriteBatcher Writes { get; }

    /// <summary>Opens a connection with the session settings the broker relies on.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var pragma = connection.CreateCommand())
        {
            // WAL lets readers run beside the single writer; busy_timeout waits instead of failing on a lock;
            // secure_delete zeroes deleted rows and freed pages, so QKD key deleted once served leaves no copy in the
            // file's free space (old page images stay in the WAL file until it is written over after a checkpoint).
            pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={_options.SqliteSynchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return connection;
    }

    /// <summary>
    /// Creates or upgrades the schema. Safe to run at every start and from several silos at once: on PostgreSQL the
    /// migration holds a transaction-scoped advisory lock, because concurrent CREATE TABLE IF NOT EXISTS of the same
    /// table can still collide on the catalog's unique index; SQLite's write transaction already excludes other writers.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (IsPostgres)
        {
            await using var lockCommand = connection.CreateCommand();
            lockCommand.Transaction = transaction;
            lockCommand.CommandText = "SELECT pg_advisory_xact_lock(hashtext(@name))";
            lockCommand.Add("@name", MigrationLockName);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var statement in Schema.Statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        foreach (var (table, column, type) in Schema.AddedColumns)
        {
            await using var exists = connection.CreateCommand();
            exists.Transaction = transaction;
            exists.CommandText = IsPostgres
                ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column"
                : "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";
            exists.Add("@table", table);
            exists.Add("@column", column);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                await using var add = connection.CreateCommand();
                add.Transaction = transaction;
                add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {type}";
                await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own (not the group-commit batch) and commits only if it
    /// returns true; otherwise rolls back, so a conditional write that finds its precondition broken leaves nothing.
    /// For writes whose all-or-nothing outcome the caller must know, such as Orleans membership changes.
    /// </summary>
    public async Task<bool> CommitIfAsync(Func<DbConnection, DbTransaction, CancellationToken, Task<bool>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (!await work(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Takes a lock named <paramref name="name"/> that excludes every other holder of the same name on this store,
    /// in any process, until the returned handle is disposed; waits while another holds it. PostgreSQL: a session
    /// advisory lock on a connection of its own (released by the server if the holder dies). SQLite: an exclusive
    /// lock file beside the database (released by the operating system if the holder dies).
    /// </summary>
    public async Task<IAsyncDisposable> AcquireLockAsync(string name, CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            var connection = await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT pg_advisory_lock(hashtext(@name))";
                command.Add("@name", name);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return new PostgresAdvisoryLock(connection, name);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        return await LockFile.AcquireAsync(Path.Combine(_options.DataDirectory, $"qbroker.{name}.lock"), cancellationToken).ConfigureAwait(false);
    }

    private const string MigrationLockName = "qbroker-migration";

    public async ValueTask DisposeAsync()
    {
        await Writes.DisposeAsync().ConfigureAwait(false);
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
