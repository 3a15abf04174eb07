using System.Diagnostics;
using OpenTelemetry.Trace;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Decides which spans start a trace. A trace starts at an HTTP request or at a broker span of its own (a QKD block);
/// any other client or server span without a parent starts none, so the backend holds one trace per request or job.
/// (The broker's own grain-call spans never are roots: <see cref="TracedIncomingCallFilter"/> makes one only under a
/// traced caller. The rule keeps other instrumentation that may be added, such as Orleans' own per-call spans or an
/// outgoing HTTP client's, from flooding the backend with one-span traces of background work.) Every span with a
/// parent follows its parent's decision (wrap in <see cref="ParentBasedSampler"/>).
/// </summary>
public sealed class BrokerTraceSampler : Sampler
{
    /// <summary>The name ASP.NET Core gives the request activity when it is created (the display name comes later).</summary>
    public const string HttpRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);

    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    /// <summary>The sampler the silo uses: parents decide for their children, this one for roots.</summary>
    public static Sampler Create() => new ParentBasedSampler(new BrokerTraceSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => samplingParameters.Kind switch
    {
        // Without a parent, only the HTTP request's server span starts a trace.
        ActivityKind.Client => Drop,
        ActivityKind.Server => samplingParameters.Name == HttpRequestActivity ? Keep : Drop,
        _ => Keep,
    };
}
