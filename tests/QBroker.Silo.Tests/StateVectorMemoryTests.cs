using System.Net;
using System.Net.Http.Json;
using QBroker.Backends;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

/// <summary>
/// The silo sizes state-vector simulations from its memory (or the configured limit), advertises local-sim's width
/// accordingly, and refuses at submission what would not fit, with a 422 problem naming qubits and memory.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class StateVectorMemoryTests(SharedSilo shared)
{
    private const string Researcher = "hanyang-syoon";

    /// <summary>21 qubits, not Clifford (the T gate), all measured at the end: one state vector of 32 MiB.</summary>
    private const string TwentyOneQubits = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[21];\ncreg c[21];\nh q;\nt q[0];\nmeasure q -> c;\n";

    /// <summary>20 qubits with a gate after a measurement, so simulated per shot: two state vectors of 16 MiB.</summary>
    private const string TwentyQubitsPerShot = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[20];\ncreg c[20];\nh q;\nt q[0];\nmeasure q[0] -> c[0];\nh q[0];\nmeasure q -> c;\n";

    [Fact]
    public async Task Without_a_configured_limit_local_sim_is_as_wide_as_its_share_of_the_silos_memory()
    {
        using var client = shared.Silo.Researcher(Researcher);

        var local = await client.GetFromJsonAsync<DeviceView>("/api/v1/devices/local-sim", Api.Json);

        // Two simulator slots and one on each of the three gate QPUs (the defaults) share the budget.
        Assert.Equal(new BackendOptions().SharedBy(5).MaxStateVectorQubits, local!.Qubits);
    }

    [Fact]
    public async Task A_configured_limit_sizes_local_sim_and_refuses_larger_circuits_at_submission()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["QBroker:Backends:MaxStateVectorBytes"] = (16L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = silo.Researcher(Researcher);

        var local = await client.GetFromJsonAsync<DeviceView>("/api/v1/devices/local-sim", Api.Json);
        var tooWide = await Api.SubmitAsync(client, new { qasm = TwentyOneQubits, shots = 100, device = "local-sim" });
        var perShot = await Api.SubmitAsync(client, new { qasm = TwentyQubitsPerShot, shots = 100, device = "local-sim" });

        Assert.Equal(20, local!.Qubits);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooWide.Status);
        Assert.Equal("/problems/no-eligible-device", tooWide.Body.GetProperty("type").GetString());
        Assert.Contains("needs 21 qubits; local-sim has 20 (the widest state vector that fits the 16 MiB", tooWide.Body.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, perShot.Status);
        Assert.Contains("touches 20 qubits: its state vector needs 32 MiB (two copies, for per-shot simulation), more than the 16 MiB",
            perShot.Body.GetProperty("detail").GetString());
    }
}
