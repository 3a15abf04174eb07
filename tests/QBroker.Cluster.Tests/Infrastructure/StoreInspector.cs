using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using QBroker.Cluster.Tests.History;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// Reads what a run left behind straight from the store's tables (never through the broker under test), and the
/// scheduler's queue through a surviving silo's device list.
/// </summary>
public sealed class StoreInspector(Func<DbConnection> connect)
{
    /// <summary>Orleans' SiloStatus.Dead, as the membership table stores it.</summary>
    public const int DeadStatus = 6;

    /// <summary>Jobs not yet terminal: queued, running or retrying.</summary>
    public async Task<long> CountActiveJobsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM jobs WHERE state IN (0, 1, 2)";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How many incarnations of the silo listening on <paramref name="siloPort"/> membership has declared dead; a
    /// restarted silo keeps its port, so a death shows as this count going up.
    /// </summary>
    public async Task<long> CountDeadIncarnationsAsync(int siloPort)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM membership WHERE silo LIKE @silo AND status = @dead";
        AddParameter(command, "@silo", $"127.0.0.1:{siloPort.ToString(CultureInfo.InvariantCulture)}@%");
        AddParameter(command, "@dead", DeadStatus);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The membership status of the newest incarnation on <paramref name="siloPort"/>; null when it never joined.</summary>
    public async Task<int?> MembershipStatusAsync(int siloPort)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM membership WHERE silo LIKE @silo ORDER BY start_time DESC LIMIT 1";
        AddParameter(command, "@silo", $"127.0.0.1:{siloPort.ToString(CultureInfo.InvariantCulture)}@%");
        return await command.ExecuteScalarAsync() is { } status and not DBNull ? Convert.ToInt32(status, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The silo ports that voted the newest dead incarnation on <paramref name="siloPort"/> dead, from its row's
    /// suspect list. A silo that writes its own Dead row (a graceful stop) lists itself, so a crash detected by the
    /// others shows as a list without <paramref name="siloPort"/>.
    /// </summary>
    public async Task<IReadOnlyList<int>> DeathDeclaredByAsync(int siloPort)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT suspect_times FROM membership WHERE silo LIKE @silo AND status = @dead ORDER BY start_time DESC LIMIT 1";
        AddParameter(command, "@silo", $"127.0.0.1:{siloPort.ToString(CultureInfo.InvariantCulture)}@%");
        AddParameter(command, "@dead", DeadStatus);
        var suspects = await command.ExecuteScalarAsync() as string ?? string.Empty;
        // "ip:port@generation,ticks|ip:port@generation,ticks"
        return [.. suspects.Split('|', StringSplitOptions.RemoveEmptyEntries)
            .Select(suspect => suspect[(suspect.IndexOf(':', StringComparison.Ordinal) + 1)..suspect.IndexOf('@', StringComparison.Ordinal)])
            .Select(port => int.Parse(port, CultureInfo.InvariantCulture))
            .Distinct()];
    }

    /// <summary>How many job transitions since <paramref name="since"/> give a reason starting with <paramref name="reasonPrefix"/>.</summary>
    public async Task<long> CountTransitionsAsync(string reasonPrefix, DateTimeOffset since)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM job_transitions WHERE reason LIKE @reason AND at >= @since";
        AddParameter(command, "@reason", reasonPrefix + "%");
        AddParameter(command, "@since", since.ToUnixTimeMilliseconds());
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The executions running now: each running job with the silo its current attempt started on (recorded on the
    /// start transition, which is the job's latest).
    /// </summary>
    public async Task<IReadOnlyList<(Guid JobId, string Silo)>> RunningExecutionsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT j.id, t.silo FROM jobs j JOIN job_transitions t ON t.job_id = j.id AND t.version = j.version " +
            "WHERE j.state = @running AND t.silo IS NOT NULL";
        AddParameter(command, "@running", (int)JobState.Running);
        await using var reader = await command.ExecuteReaderAsync();
        var running = new List<(Guid, string)>();
        while (await reader.ReadAsync())
        {
            running.Add((Guid.Parse(reader.GetString(0)), reader.GetString(1)));
        }
        return running;
    }

    /// <summary>The ids of every job in the store.</summary>
    public async Task<IReadOnlySet<Guid>> JobIdsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs";
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }
        return ids;
    }

    /// <summary>
    /// The earliest completion of an execution started at or after <paramref name="since"/>: only the recovered
    /// scheduler and devices can have started it, so this is when the queue progressed again.
    /// </summary>
    public async Task<DateTimeOffset?> FirstCompletionStartedAfterAsync(DateTimeOffset since)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(finished_at) FROM jobs WHERE started_at >= @since AND state = 3";
        AddParameter(command, "@since", since.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync() is { } at and not DBNull
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(at, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>Every job with its transitions and every ledger line; the scheduler's depth is filled in by the caller.</summary>
    public async Task<FinalState> ReadAsync(int queuedOrRunning)
    {
        await using var connection = await OpenAsync();
        var states = new Dictionary<Guid, JobState>();
        var costs = new Dictionary<Guid, (decimal Estimated, decimal? Actual, bool HasResult)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT j.id, j.state, j.estimated_cost_micros, j.actual_cost_micros, r.job_id FROM jobs j LEFT JOIN job_results r ON r.job_id = j.id";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = Guid.Parse(reader.GetString(0));
                states[id] = (JobState)Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                costs[id] = (Credits(reader.GetValue(2)), reader.IsDBNull(3) ? null : Credits(reader.GetValue(3)), !reader.IsDBNull(4));
            }
        }
        var transitions = states.Keys.ToDictionary(id => id, _ => new List<JobTransition>());
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT job_id, from_state, to_state, at, reason, silo FROM job_transitions ORDER BY job_id, version";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = Guid.Parse(reader.GetString(0));
                JobState? from = reader.IsDBNull(1) ? null : (JobState)Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                var transition = new JobTransition(from, (JobState)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5));
                if (!transitions.TryGetValue(id, out var list))
                {
                    // A transition without a job row: report it as a job the checker will find wrong.
                    transitions[id] = list = [];
                    states[id] = transition.To;
                }
                list.Add(transition);
            }
        }
        var ledger = new List<LedgerEntry>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT job_id, kind, institution_id, project_id, researcher_id, device_id, amount_micros, at FROM ledger";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ledger.Add(new LedgerEntry(
                    Guid.Parse(reader.GetString(0)),
                    Enum.Parse<LedgerKind>(reader.GetString(1), ignoreCase: true),
                    reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    Credits(reader.GetValue(6)),
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(7), CultureInfo.InvariantCulture))));
            }
        }
        var jobs = states.Select(pair => costs.TryGetValue(pair.Key, out var cost)
            ? new StoredJob(pair.Key, pair.Value, transitions[pair.Key], cost.Estimated, cost.Actual, cost.HasResult)
            : new StoredJob(pair.Key, pair.Value, transitions[pair.Key], 0m, null, HasResult: false)).ToList();
        return new FinalState(jobs, ledger, queuedOrRunning);
    }

    /// <summary>Queued plus running jobs over every device, as a silo's device list reports them; null when the silo is down.</summary>
    public static async Task<int?> QueuedOrRunningAsync(Uri silo)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NodeSettings.OperatorKey);
        try
        {
            using var devices = JsonDocument.Parse(await http.GetStringAsync("/api/v1/devices"));
            return devices.RootElement.EnumerateArray().Sum(device => device.GetProperty("queueDepth").GetInt32() + device.GetProperty("running").GetInt32());
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The store keeps money as integer micro-credits.</summary>
    private static decimal Credits(object micros) => Convert.ToInt64(micros, CultureInfo.InvariantCulture) / 1_000_000m;

    private async Task<DbConnection> OpenAsync()
    {
        var connection = connect();
        await connection.OpenAsync();
        return connection;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
