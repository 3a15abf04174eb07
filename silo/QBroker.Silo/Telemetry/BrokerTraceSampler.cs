using System.Diagnostics;
using OpenTelemetry.Trace;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Decides which spans start a trace. A trace starts at an HTTP request or at a broker span of its own (a QKD block);
/// any other client or server span without a parent starts none, so the backend holds one trace per request or job.
/// (The broker's own grain-call spans never are roots: <see cref="TracedIncomingCallFilter"/> makes one only under a
/// traced caller. The rule keeps other instrumentation that may be added, such as Orleans' own per-call spans or an
/// outgoing HTTP client's, from flooding the backend with one-span traces of background work.) Every span with a
/// parent follows its parent's decision (wrap in <see cref="ParentBasedSampler"/>). Of the roots it would keep, it keeps
/// the share the operator asks for through OTEL_TRACES_SAMPLER (<see cref="TraceSamplerSetting"/>), decided by trace id.
/// </summary>
public sealed class BrokerTraceSampler(double rootRatio = 1.0) : Sampler
{
    /// <summary>The name ASP.NET Core gives the request activity when it is created (the display name comes later).</summary>
    public const string HttpRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly Sampler? _ratio = rootRatio switch
    {
        >= 1 => null,
        >= 0 => new TraceIdRatioBasedSampler(rootRatio),
        _ => throw new ArgumentOutOfRangeException(nameof(rootRatio), rootRatio, "The share of traces kept lies in [0, 1]."),
    };

    /// <summary>The sampler the silo uses: parents decide for their children, this one for roots.</summary>
    public static Sampler Create(double rootRatio = 1.0) => new ParentBasedSampler(new BrokerTraceSampler(rootRatio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var startsTrace = samplingParameters.Kind switch
        {
            // Without a parent, only the HTTP request's server span starts a trace.
            ActivityKind.Client => false,
            ActivityKind.Server => samplingParameters.Name == HttpRequestActivity,
            _ => true,
        };
        if (!startsTrace)
        {
            return Drop;
        }

        return _ratio?.ShouldSample(samplingParameters) ?? Keep;
    }
}
