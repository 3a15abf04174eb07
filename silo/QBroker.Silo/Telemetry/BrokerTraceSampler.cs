using System.Diagnostics;
using OpenTelemetry.Trace;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Decides which spans start a trace. A trace starts at an HTTP request or at a broker span of its own (a QKD block);
/// an Orleans grain call with no traced caller (the gauge refresher, timers, a device's slot loop between jobs) starts
/// none, so the backend holds one trace per request or job instead of thousands of one-span traces of background calls.
/// Every span with a parent follows its parent's decision (wrap in <see cref="ParentBasedSampler"/>).
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
        // Orleans' grain-call spans are the only client and server spans besides the HTTP request's.
        ActivityKind.Client => Drop,
        ActivityKind.Server => samplingParameters.Name == HttpRequestActivity ? Keep : Drop,
        _ => Keep,
    };
}
