using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QBroker.Storage;

namespace QBroker.Storage.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated store of the given provider, deleted afterwards: SQLite in its own temporary folder, or
/// PostgreSQL in its own schema of the provisioned server.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly string? _schema;

    private TestDatabase(StoreOptions options, string? schema)
    {
        Options = options;
        _schema = schema;
        Database = Open();
    }

    /// <summary>Both providers: every store test runs once on each.</summary>
    public static TheoryData<string> Providers => [Sqlite, Postgres];

    /// <summary>The SQLite folder (only for the SQLite provider).</summary>
    public string Folder => Options.DataDirectory;

    public StoreOptions Options { get; }

    public SqlDatabase Database { get; }

    public bool IsPostgres => _schema is not null;

    public static async Task<TestDatabase> CreateAsync(string provider = Sqlite, bool migrate = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "qbroker-store-" + Guid.NewGuid().ToString("N"));
        TestDatabase database;
        if (provider == Postgres)
        {
            var (schema, connectionString) = await TestPostgres.CreateSchemaAsync();
            database = new TestDatabase(new StoreOptions { Provider = Postgres, ConnectionString = connectionString, DataDirectory = folder }, schema);
        }
        else
        {
            database = new TestDatabase(new StoreOptions { Provider = Sqlite, DataDirectory = folder }, null);
        }
        if (migrate)
        {
            await database.Database.MigrateAsync();
        }
        return database;
    }

    /// <summary>Another connection pool on the same store, as a second silo would have.</summary>
    public SqlDatabase Open() =>
        new(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<SqlDatabase>.Instance);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_schema is not null)
        {
            await TestPostgres.DropSchemaAsync(_schema);
        }
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
