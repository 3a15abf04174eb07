using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// The share of traces an operator asks for with the standard OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG
/// variables (OpenTelemetry SDK environment variable specification). The broker always decides parent-based (a job's
/// spans follow its request's decision, or its trace would be cut in pieces), so <c>always_on</c> and
/// <c>parentbased_always_on</c> mean the same, as do the <c>traceidratio</c> pair. A value it cannot honour stops the
/// silo at boot naming the variable, rather than sampling otherwise than asked.
/// </summary>
public static class TraceSamplerSetting
{
    public const string SamplerVariable = "OTEL_TRACES_SAMPLER";

    public const string ArgumentVariable = "OTEL_TRACES_SAMPLER_ARG";

    /// <summary>The share of would-be roots kept: 1 when unset.</summary>
    public static double RootRatio(IConfiguration configuration)
    {
        var sampler = configuration[SamplerVariable]?.Trim().ToLowerInvariant();
        var argument = configuration[ArgumentVariable]?.Trim();
        switch (sampler)
        {
            case null or "" or "always_on" or "parentbased_always_on":
                return 1;
            case "always_off" or "parentbased_always_off":
                return 0;
            case "traceidratio" or "parentbased_traceidratio":
                if (string.IsNullOrEmpty(argument))
                {
                    // The specification's default ratio.
                    return 1;
                }

                if (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1 || double.IsNaN(ratio))
                {
                    throw new InvalidOperationException($"{ArgumentVariable}={argument}: the ratio of {sampler} must be a number in [0, 1].");
                }

                return ratio;
            default:
                throw new InvalidOperationException(
                    $"{SamplerVariable}={sampler} is not supported; use always_on, always_off, traceidratio or their parentbased_ forms.");
        }
    }
}
