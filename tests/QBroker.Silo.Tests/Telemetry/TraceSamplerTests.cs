using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;
using QBroker.Silo.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// OTEL_TRACES_SAMPLER and its argument set the share of traces the broker keeps, on top of its own rule of which spans
/// may start a trace; children always follow their parent, so a kept job keeps every span.
/// </summary>
public sealed class TraceSamplerTests
{
    [Theory]
    [InlineData(null, null, 1.0)]
    [InlineData("always_on", null, 1.0)]
    [InlineData("parentbased_always_on", "0.3", 1.0)]
    [InlineData("always_off", null, 0.0)]
    [InlineData("parentbased_always_off", null, 0.0)]
    [InlineData("traceidratio", "0.25", 0.25)]
    [InlineData("ParentBased_TraceIdRatio", " 0.5 ", 0.5)]
    [InlineData("traceidratio", null, 1.0)]
    [InlineData("parentbased_traceidratio", "0", 0.0)]
    public void The_sampler_variables_give_the_share_of_traces_kept(string? sampler, string? argument, double expected)
    {
        Assert.Equal(expected, TraceSamplerSetting.RootRatio(Configuration(sampler, argument)));
    }

    [Theory]
    [InlineData("jaeger_remote", null, "OTEL_TRACES_SAMPLER=jaeger_remote")]
    [InlineData("traceidratio", "1.5", "OTEL_TRACES_SAMPLER_ARG=1.5")]
    [InlineData("parentbased_traceidratio", "half", "OTEL_TRACES_SAMPLER_ARG=half")]
    [InlineData("traceidratio", "NaN", "OTEL_TRACES_SAMPLER_ARG=NaN")]
    public void A_sampler_setting_the_silo_cannot_honour_is_refused_naming_the_variable(string sampler, string? argument, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TraceSamplerSetting.RootRatio(Configuration(sampler, argument)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_refuses_to_build_with_an_unsupported_sampler()
    {
        var settings = new Dictionary<string, string?>
        {
            ["QBroker:DataDir"] = Path.Combine(Path.GetTempPath(), "qbroker-sampler-" + Guid.NewGuid().ToString("N")),
            ["OTEL_TRACES_SAMPLER"] = "xray",
        };
        var error = Assert.Throws<InvalidOperationException>(
            () => QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings)));
        Assert.Contains("OTEL_TRACES_SAMPLER=xray", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Of_the_requests_that_may_start_a_trace_the_ratio_is_kept_and_other_roots_never(double ratio)
    {
        var sampler = BrokerTraceSampler.Create(ratio);
        const int Requests = 4000;
        var kept = 0;
        var random = new Random(41);
        Span<byte> id = stackalloc byte[16];
        for (var i = 0; i < Requests; i++)
        {
            random.NextBytes(id);
            var traceId = ActivityTraceId.CreateFromBytes(id);
            if (Decide(sampler, traceId, ActivityKind.Server, BrokerTraceSampler.HttpRequestActivity) == SamplingDecision.RecordAndSample)
            {
                kept++;
            }

            Assert.Equal(SamplingDecision.Drop, Decide(sampler, traceId, ActivityKind.Client, "outgoing"));
        }

        // Trace ids are uniform (seeded here): kept requests are Binomial(Requests, ratio); allow 5 standard deviations.
        var tolerance = 5 * Math.Sqrt(Requests * ratio * (1 - ratio));
        Assert.InRange(kept, (Requests * ratio) - tolerance, (Requests * ratio) + tolerance);
    }

    [Fact]
    public void A_span_under_a_kept_parent_is_kept_even_when_no_new_trace_would_be()
    {
        var sampler = BrokerTraceSampler.Create(0.0);
        var parent = new ActivityContext(ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"), ActivitySpanId.CreateFromString("00f067aa0ba902b7"), ActivityTraceFlags.Recorded);
        var child = new SamplingParameters(parent, parent.TraceId, "qbroker.job.execute", ActivityKind.Consumer);
        Assert.Equal(SamplingDecision.RecordAndSample, sampler.ShouldSample(child).Decision);
        var dropped = new ActivityContext(parent.TraceId, parent.SpanId, ActivityTraceFlags.None);
        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(new SamplingParameters(dropped, parent.TraceId, "qbroker.job.execute", ActivityKind.Consumer)).Decision);
    }

    private static SamplingDecision Decide(Sampler sampler, ActivityTraceId traceId, ActivityKind kind, string name) =>
        sampler.ShouldSample(new SamplingParameters(default, traceId, name, kind)).Decision;

    private static IConfiguration Configuration(string? sampler, string? argument) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TraceSamplerSetting.SamplerVariable] = sampler,
            [TraceSamplerSetting.ArgumentVariable] = argument,
        }).Build();
}
