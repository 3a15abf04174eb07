namespace QBroker.Grains;

/// <summary>How the broker runs jobs. Bound from the "QBroker:Broker" configuration section.</summary>
public sealed class BrokerOptions
{
    public const string SectionName = "QBroker:Broker";

    /// <summary>
    /// Multiplies the device time a backend reports to get how long the device stays busy. 1 behaves like the real
    /// device; the default 0.05 keeps demos brisk; tests use 0.
    /// </summary>
    public double DeviceTimeScale { get; set; } = 0.05;

    /// <summary>Execution attempts a job gets before a transient fault or a lost execution fails it for good.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Jobs a QPU runs at once (real QPUs run one).</summary>
    public int QpuSlots { get; set; } = 1;

    /// <summary>Jobs the local simulator runs at once.</summary>
    public int SimulatorSlots { get; set; } = 2;

    /// <summary>Wait before the first retry of a transient fault; doubles with each further attempt. Default 2 s.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between retries. Default 1 minute.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Fair-share tree settings: usage half-life (default 7 days) and dampening.</summary>
    public Scheduling.FairShareOptions FairShare { get; set; } = new();

    /// <summary>Weights of the multifactor job priority: fair share, age (saturating), the job's own priority.</summary>
    public Scheduling.JobPriorityOptions Priority { get; set; } = new();
}
