namespace QBroker.Silo.Hosting;

/// <summary>
/// How a silo stops after SIGTERM. Bound from "QBroker:Shutdown" (in the environment: QBroker__Shutdown__Timeout,
/// QBroker__Shutdown__UnreadyDelay).
/// </summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "QBroker:Shutdown";

    /// <summary>
    /// The host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>): how long the silo has after SIGTERM to turn
    /// unready, hand its jobs over and leave the Orleans cluster before the remaining stop steps are cancelled.
    /// Default 60 s (.NET's own default of 30 s leaves little room for a loaded silo). It replaces
    /// <c>DOTNET_shutdownTimeoutSeconds</c>, which the silo overrides. A Kubernetes pod's termination grace period must
    /// exceed this plus its preStop pause, or the kubelet kills the silo halfway through leaving.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a stopping silo keeps answering unready before its server stops listening, so a load balancer
    /// without a preStop pause stops sending it traffic first. Default 0; part of <see cref="Timeout"/>.
    /// </summary>
    public TimeSpan UnreadyDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The section, validated: a wrong value fails at boot with the setting to fix.</summary>
    public static ShutdownOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ShutdownOptions>() ?? new ShutdownOptions();
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:Timeout must be positive (got {Timeout}).");
        }
        if (UnreadyDelay < TimeSpan.Zero || UnreadyDelay >= Timeout)
        {
            throw new InvalidOperationException($"{SectionName}:UnreadyDelay ({UnreadyDelay}) must be at least 0 and shorter than {SectionName}:Timeout ({Timeout}).");
        }
    }
}
