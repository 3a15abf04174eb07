using System.Data.Common;
using System.Text;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;
using QBroker.Storage.Ledger;

namespace QBroker.Storage.Jobs;

/// <summary><see cref="IJobStore"/> over <see cref="SqlDatabase"/>; every write is group-committed.</summary>
public sealed class SqlJobStore(SqlDatabase database) : IJobStore
{
    private const string JobColumns =
        "id, owner_id, institution_id, project_id, kind, name, device_id, placed_device_id, state, priority, shots, " +
        "created_at, started_at, finished_at, attempts, error, estimated_cost_micros, actual_cost_micros, client_token, spec_json, version";

    private const string InsertJobSql =
        $"INSERT INTO jobs ({JobColumns}) VALUES (@id, @owner, @institution, @project, @kind, @name, @device, @placed, @state, " +
        "@priority, @shots, @created, @started, @finished, @attempts, @error, @estimated, @actual, @token, @spec, @version) " +
        "ON CONFLICT (id) DO NOTHING";

    private const string UpdateJobSql =
        "UPDATE jobs SET placed_device_id = @placed, state = @state, started_at = @started, finished_at = @finished, " +
        "attempts = @attempts, error = @error, actual_cost_micros = @actual, version = @version " +
        "WHERE id = @id AND version = @expected";

    public Task<bool> InsertAsync(JobRecord job, JobTransition first, IReadOnlyList<LedgerEntry>? ledger = null) =>
        database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            var insert = connection.Prepared(transaction, InsertJobSql);
            BindJob(insert, job);
            if (await insert.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
            {
                return false;
            }
            foreach (var tag in job.Spec.Tags.Distinct(StringComparer.Ordinal))
            {
                var tagInsert = connection.Prepared(transaction, "INSERT INTO job_tags (tag, job_id) VALUES (@tag, @id) ON CONFLICT DO NOTHING");
                tagInsert.Add("@tag", tag);
                tagInsert.Add("@id", job.Id.ToString());
                await tagInsert.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            await InsertTransitionAsync(connection, transaction, job.Id, job.Version, first).ConfigureAwait(false);
            if (ledger is not null)
            {
                await LedgerWrites.AppendAsync(connection, transaction, ledger).ConfigureAwait(false);
            }
            return true;
        });

    public async Task UpdateAsync(JobRecord next, long expectedVersion, JobTransition transition, JobResult? result = null, IReadOnlyList<LedgerEntry>? ledger = null)
    {
        var updated = await database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            var update = connection.Prepared(transaction, UpdateJobSql);
            BindJob(update, next);
            update.Add("@expected", expectedVersion);
            if (await update.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
            {
                return false;
            }
            await InsertTransitionAsync(connection, transaction, next.Id, next.Version, transition).ConfigureAwait(false);
            if (result is not null)
            {
                var insert = connection.Prepared(transaction,
                    "INSERT INTO job_results (job_id, device_id, engine, device_time_ticks, completed_at, counts_json) " +
                    "VALUES (@id, @device, @engine, @ticks, @completed, @counts)");
                insert.Add("@id", result.JobId.ToString());
                insert.Add("@device", result.DeviceId);
                insert.Add("@engine", result.Engine);
                insert.Add("@ticks", result.DeviceTime.Ticks);
                insert.Add("@completed", SqlValues.ToMillis(result.CompletedAt));
                insert.Add("@counts", StoredJson.Serialize(result.Counts));
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            if (ledger is not null)
            {
                await LedgerWrites.AppendAsync(connection, transaction, ledger).ConfigureAwait(false);
            }
            return true;
        }).ConfigureAwait(false);
        if (!updated)
        {
            throw new StaleJobVersionException(next.Id, expectedVersion);
        }
    }

    public async Task<JobRecord?> GetAsync(Guid id)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE id = @id";
        command.Add("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? ReadJob(reader) : null;
    }

    public async Task<IReadOnlyList<JobTransition>> GetTransitionsAsync(Guid id)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT from_state, to_state, at, reason, silo FROM job_transitions WHERE job_id = @id ORDER BY version";
        command.Add("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var transitions = new List<JobTransition>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            transitions.Add(new JobTransition(
                reader.IsDBNull(0) ? null : (JobState)reader.GetInt32(0), (JobState)reader.GetInt32(1), SqlValues.FromMillis(reader.GetInt64(2)), reader.GetString(3),
                reader.GetNullableString(4)));
        }
        return transitions;
    }

    public async Task<JobResult?> GetResultAsync(Guid id)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_id, engine, device_time_ticks, completed_at, counts_json FROM job_results WHERE job_id = @id";
        command.Add("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return null;
        }
        return new JobResult
        {
            JobId = id,
            DeviceId = reader.GetString(0),
            Engine = reader.GetString(1),
            DeviceTime = TimeSpan.FromTicks(reader.GetInt64(2)),
            CompletedAt = SqlValues.FromMillis(reader.GetInt64(3)),
            Counts = StoredJson.Deserialize<Dictionary<string, long>>(reader.GetString(4)),
        };
    }

    public async Task<JobPageResult> QueryAsync(JobFilter filter)
    {
        var limit = Math.Clamp(filter.Limit, 1, 500);
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        if (filter.State is { } state)
        {
            where.Append(" AND state = @state");
            command.Add("@state", (int)state);
        }
        if (filter.OwnerId is not null)
        {
            where.Append(" AND owner_id = @owner");
            command.Add("@owner", filter.OwnerId);
        }
        if (filter.InstitutionId is not null)
        {
            where.Append(" AND institution_id = @institution");
            command.Add("@institution", filter.InstitutionId);
        }
        if (filter.DeviceId is not null)
        {
            where.Append(" AND (device_id = @device OR placed_device_id = @device)");
            command.Add("@device", filter.DeviceId);
        }
        if (filter.Tag is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM job_tags t WHERE t.tag = @tag AND t.job_id = jobs.id)");
            command.Add("@tag", filter.Tag);
        }
        if (filter.Since is { } since)
        {
            where.Append(" AND created_at >= @since");
            command.Add("@since", SqlValues.ToMillis(since));
        }
        if (filter.Until is { } until)
        {
            where.Append(" AND created_at < @until");
            command.Add("@until", SqlValues.ToMillis(until));
        }
        if (filter.After is { } after)
        {
            where.Append(" AND (created_at < @afterCreated OR (created_at = @afterCreated AND id < @afterId))");
            command.Add("@afterCreated", SqlValues.ToMillis(after.CreatedAt));
            command.Add("@afterId", after.Id.ToString());
        }
        command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE {where} ORDER BY created_at DESC, id DESC LIMIT @limit";
        command.Add("@limit", limit + 1);
        var items = new List<JobRecord>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                items.Add(ReadJob(reader));
            }
        }
        JobCursor? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new JobCursor(items[^1].CreatedAt, items[^1].Id);
        }
        return new JobPageResult(items, next);
    }

    public async Task<IReadOnlyList<JobRecord>> LoadActiveAsync()
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {JobColumns} FROM jobs WHERE state IN (@queued, @running, @retrying) ORDER BY created_at, id";
        command.Add("@queued", (int)JobState.Queued);
        command.Add("@running", (int)JobState.Running);
        command.Add("@retrying", (int)JobState.Retrying);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            jobs.Add(ReadJob(reader));
        }
        return jobs;
    }

    private static async Task InsertTransitionAsync(DbConnection connection, DbTransaction transaction, Guid jobId, long version, JobTransition transition)
    {
        var insert = connection.Prepared(transaction,
            "INSERT INTO job_transitions (job_id, version, from_state, to_state, at, reason, silo) VALUES (@id, @version, @from, @to, @at, @reason, @silo)");
        insert.Add("@id", jobId.ToString());
        insert.Add("@version", version);
        insert.Add("@from", transition.From is { } from ? (int)from : null);
        insert.Add("@to", (int)transition.To);
        insert.Add("@at", SqlValues.ToMillis(transition.At));
        insert.Add("@reason", transition.Reason);
        insert.Add("@silo", transition.Silo);
        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static void BindJob(DbCommand command, JobRecord job)
    {
        var spec = job.Spec;
        command.Add("@id", job.Id.ToString());
        command.Add("@owner", spec.OwnerId);
        command.Add("@institution", spec.InstitutionId);
        command.Add("@project", spec.ProjectId);
        command.Add("@kind", spec.Kind);
        command.Add("@name", spec.Name);
        command.Add("@device", spec.DeviceId);
        command.Add("@placed", job.PlacedDeviceId);
        command.Add("@state", (int)job.State);
        command.Add("@priority", spec.Priority);
        command.Add("@shots", spec.Shots);
        command.Add("@created", SqlValues.ToMillis(job.CreatedAt));
        command.Add("@started", job.StartedAt is { } started ? SqlValues.ToMillis(started) : null);
        command.Add("@finished", job.FinishedAt is { } finished ? SqlValues.ToMillis(finished) : null);
        command.Add("@attempts", job.Attempts);
        command.Add("@error", job.Error);
        command.Add("@estimated", SqlValues.ToMicros(spec.EstimatedCost));
        command.Add("@actual", job.ActualCost is { } actual ? SqlValues.ToMicros(actual) : null);
        command.Add("@token", spec.ClientToken);
        command.Add("@spec", StoredJson.Serialize(spec));
        command.Add("@version", job.Version);
    }

    private static JobRecord ReadJob(DbDataReader reader) => new()
    {
        Id = Guid.Parse(reader.GetString(0)),
        PlacedDeviceId = reader.GetNullableString(7),
        State = (JobState)reader.GetInt32(8),
        CreatedAt = SqlValues.FromMillis(reader.GetInt64(11)),
        StartedAt = reader.GetNullableInt64(12) is { } started ? SqlValues.FromMillis(started) : null,
        FinishedAt = reader.GetNullableInt64(13) is { } finished ? SqlValues.FromMillis(finished) : null,
        Attempts = reader.GetInt32(14),
        Error = reader.GetNullableString(15),
        ActualCost = reader.GetNullableInt64(17) is { } actual ? SqlValues.FromMicros(actual) : null,
        Spec = StoredJson.Deserialize<JobSpec>(reader.GetString(19)),
        Version = reader.GetInt64(20),
    };
}
