using QBroker.Contracts.Jobs;

namespace QBroker.Grains.Tests;

internal static class Specs
{
    public const string Bell = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0], q[1];
        measure q -> c;
        """;

    public static JobSpec Circuit(string payload = Bell, int shots = 500, string hash = "bell") => new()
    {
        Kind = "circuit",
        Payload = payload,
        Shots = shots,
        DeviceId = "local-sim",
        OwnerId = "skku-jkim",
        InstitutionId = "skku",
        ProjectId = "skku-qec",
        ContentHash = hash,
    };

    public static async Task<JobRecord> WaitForTerminalAsync(IJobGrain job, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var record = await job.Get();
            if (record is not null && record.State.IsTerminal())
            {
                return record;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job is still {record?.State}.");
            }
            await Task.Delay(20);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }
            await Task.Delay(20);
        }
    }
}
