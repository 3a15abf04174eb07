using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QBroker.Storage;

namespace QBroker.Storage.Tests;

/// <summary>A fresh SQLite database in its own temporary folder, deleted afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string folder, SqlDatabase database)
    {
        Folder = folder;
        Database = database;
    }

    public string Folder { get; }

    public SqlDatabase Database { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "qbroker-store-" + Guid.NewGuid().ToString("N"));
        var database = new SqlDatabase(Options.Create(new StoreOptions { DataDirectory = folder }), NullLogger<SqlDatabase>.Instance);
        await database.MigrateAsync();
        return new TestDatabase(folder, database);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
