using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using QBroker.Silo.Accounts;
using QBroker.Storage.Cluster;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.ClusterMode;

/// <summary>
/// Cluster mode end to end: two silo processes on one machine, started together on one empty PostgreSQL store, form
/// one Orleans cluster through our membership table and both serve the API over the shared store.
/// </summary>
public sealed class TwoSiloClusterTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Two_silo_processes_on_one_empty_store_seed_it_once_see_each_other_active_and_both_serve_the_api()
    {
        var (schema, connectionString) = await TestPostgres.CreateSchemaAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using var first = ClusterSiloProcess.Start(connectionString, clusterId);
            await using var second = ClusterSiloProcess.Start(connectionString, clusterId);
            // Two .NET processes starting at once on a shared two-core machine: allow them time.
            await Task.WhenAll(first.WaitReadyAsync(TimeSpan.FromSeconds(120)), second.WaitReadyAsync(TimeSpan.FromSeconds(120)));

            await using var store = new SqlDatabase(
                Options.Create(new StoreOptions { Provider = "postgres", ConnectionString = connectionString }), NullLogger<SqlDatabase>.Instance);
            var membership = new SqlMembershipTable(store, Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "qbroker" }));
            var active = await WaitForActiveSilosAsync(membership, 2, TimeSpan.FromSeconds(60), first, second);
            Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), active.Select(silo => silo.Endpoint.Port).Order());

            // The demo world was seeded by exactly one of them: one key file, one set of demo keys in the store.
            var keyFiles = new[] { first, second }.Select(silo => Path.Combine(silo.DataDir, DemoKeys.FileName)).Where(File.Exists).ToList();
            var keyFile = Assert.Single(keyFiles);
            Assert.Equal(DemoWorld.Researchers.Count, await CountAsync(store, "SELECT COUNT(*) FROM api_keys WHERE label = 'demo researcher key'"));
            Assert.Equal(DemoWorld.Institutions.Count, await CountAsync(store, "SELECT COUNT(*) FROM institutions"));

            // A job accepted by one silo is visible through the other, and both answer the operator.
            var keys = JsonSerializer.Deserialize<DemoKeys>(await File.ReadAllTextAsync(keyFile), Json)!;
            var researcher = keys.Researchers[DemoWorld.Researchers[0].Id];
            using var viaFirst = first.Client(researcher);
            using var viaSecond = second.Client(researcher);
            using var submitted = await viaFirst.PostAsJsonAsync("/api/v1/jobs", new { qasm = BellCircuit, shots = 100, device = "local-sim" }, Json);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetString();
            using var read = await viaSecond.GetAsync($"/api/v1/jobs/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(id, (await read.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetString());
            foreach (var silo in new[] { first, second })
            {
                using var operatorClient = silo.Client(ClusterSiloProcess.OperatorKey);
                using var devices = await operatorClient.GetAsync("/api/v1/devices");
                Assert.Equal(HttpStatusCode.OK, devices.StatusCode);
            }
        }
        finally
        {
            await TestPostgres.DropSchemaAsync(schema);
        }
    }

    private const string BellCircuit = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0], q[1];
        measure q -> c;
        """;

    private static async Task<IReadOnlyList<SiloAddress>> WaitForActiveSilosAsync(
        SqlMembershipTable membership, int count, TimeSpan timeout, params ClusterSiloProcess[] silos)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var rows = (await membership.ReadAllAsync(CancellationToken.None)).Members;
            var active = rows.Where(row => row.Item1.Status == SiloStatus.Active).Select(row => row.Item1.SiloAddress).ToList();
            if (active.Count == count)
            {
                return active;
            }
            if (DateTime.UtcNow > deadline)
            {
                var table = string.Join(", ", rows.Select(row => $"{row.Item1.SiloAddress} {row.Item1.Status}"));
                throw new TimeoutException($"Membership has {table} after {timeout}:\n{string.Join("\n----\n", silos.Select(s => s.Output))}");
            }
            await Task.Delay(250);
        }
    }

    private static async Task<long> CountAsync(SqlDatabase store, string sql)
    {
        await using var connection = await store.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
