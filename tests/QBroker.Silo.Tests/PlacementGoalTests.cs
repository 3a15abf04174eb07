using System.Net;

namespace QBroker.Silo.Tests;

/// <summary>
/// Each optimisation goal over the same three gate QPUs (IBM, IonQ, Rigetti; all idle): a GHZ circuit of 10 shots
/// costs 0.309 credits on Rigetti, 0.40 on IonQ and about 3.2 on IBM; IonQ's calibration (readout and gate errors
/// several times lower) predicts the highest fidelity; Rigetti's timing model is the fastest (about 1.002 s against
/// 1.015 s on IonQ and 2.003 s on IBM). The shared silo runs with a device time scale of 0, where every device
/// completes "now" and the fastest wins the tie; PlacementTests and LivePlacementTests cover queues.
/// </summary>
[Collection(SharedSiloCollection.Name)]
public sealed class PlacementGoalTests(SharedSilo shared)
{
    [Theory]
    [InlineData("cost", "rigetti-ankaa-3")]
    [InlineData("fidelity", "ionq-harmony")]
    [InlineData("time", "rigetti-ankaa-3")]
    public async Task Each_goal_runs_the_job_on_the_device_it_names(string optimize, string expected)
    {
        using var client = shared.Silo.Researcher("hanyang-syoon");
        var (status, job, body) = await Api.SubmitAsync(client, new
        {
            qasm = Api.Ghz3,
            shots = 10,
            requirements = new { minQubits = 3, providers = new[] { "ibm", "ionq", "rigetti" }, optimize },
        });
        Assert.True(status == HttpStatusCode.Accepted, body.ToString());

        var done = await Api.WaitForTerminalAsync(client, job!.Id);

        Assert.Equal("completed", done.State);
        Assert.Equal(expected, done.Device);
    }
}
