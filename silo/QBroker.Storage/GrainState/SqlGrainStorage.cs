using System.Globalization;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Storage;

namespace QBroker.Storage.GrainState;

/// <summary>
/// Orleans grain storage in the broker's database (SQLite or PostgreSQL), with the state as JSON
/// (<see cref="StoredJson"/>) and an integer ETag. A write naming a stale ETag throws
/// <see cref="InconsistentStateException"/>, which Orleans answers by deactivating the stale activation.
/// </summary>
public sealed class SqlGrainStorage(SqlDatabase database) : IGrainStorage
{
    /// <summary>The storage name grains use in <c>[PersistentState(stateName, StorageName)]</c>.</summary>
    public const string StorageName = "qbroker";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE state_name = @name AND grain_id = @id";
        command.Add("@name", stateName);
        command.Add("@id", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.State = JsonSerializer.Deserialize<T>(reader.GetString(1), StoredJson.Options) ?? Activator.CreateInstance<T>();
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = JsonSerializer.Serialize(grainState.State, StoredJson.Options);
        var expected = grainState.ETag is null ? (long?)null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var next = (expected ?? 0) + 1;
        var written = await database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = expected is null
                ? "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES (@name, @id, @next, @payload) ON CONFLICT DO NOTHING"
                : "UPDATE grain_state SET etag = @next, payload = @payload WHERE state_name = @name AND grain_id = @id AND etag = @expected";
            command.Add("@name", stateName);
            command.Add("@id", grainId.ToString());
            command.Add("@next", next);
            command.Add("@payload", payload);
            command.Add("@expected", expected);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
        }).ConfigureAwait(false);
        if (!written)
        {
            throw new InconsistentStateException(
                $"Stale write of {stateName} for {grainId}: expected ETag {grainState.ETag ?? "(none)"}.", "(unknown)", grainState.ETag ?? "(none)");
        }
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM grain_state WHERE state_name = @name AND grain_id = @id";
            command.Add("@name", stateName);
            command.Add("@id", grainId.ToString());
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }
}
