using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace QBroker.Storage.Tests.Cluster;

[Alias("QBroker.Storage.Tests.Cluster.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Arm")]
    Task ArmAsync(TimeSpan dueTime, TimeSpan period);
}

/// <summary>A grain that registers one reminder and reports each tick to the test through a static table.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    /// <summary>Grain key → completed with the reminder's name at its first tick.</summary>
    public static ConcurrentDictionary<string, TaskCompletionSource<string>> Ticks { get; } = new();

    public Task ArmAsync(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder("probe", dueTime, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.GetOrAdd(this.GetPrimaryKeyString(), _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously))
            .TrySetResult(reminderName);
        return Task.CompletedTask;
    }
}
