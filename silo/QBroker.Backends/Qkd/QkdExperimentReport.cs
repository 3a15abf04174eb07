using System.Text.Json;
using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;

namespace QBroker.Backends.Qkd;

/// <summary>
/// The result of a QKD experiment job as a table: one row per session, figures per stage. Rebuilt from the stored
/// counts (<see cref="QkdResultCodec"/>) and the experiment itself, which supplies what the counts need not repeat:
/// the swept values and the seeds.
/// </summary>
public sealed record QkdExperimentReport(string Protocol, ulong Seed, string? SweepVariable, IReadOnlyList<QkdResultRow> Rows)
{
    public static QkdExperimentReport FromCounts(QkdExperiment experiment, IReadOnlyDictionary<string, long> counts)
    {
        var points = experiment.Points();
        var figures = QkdResultCodec.Decode(counts);
        if (figures.Count != points.Count)
        {
            throw new FormatException($"The result holds {figures.Count} rows; the experiment has {points.Count} sessions.");
        }
        var rows = points.Select((point, i) => new QkdResultRow(point.SweepValue, point.Seed, Outcome(figures[i]), figures[i]));
        return new QkdExperimentReport(
            ProtocolName(experiment.Link.Protocol),
            experiment.Seed,
            experiment.Sweep is { } sweep ? QkdSweepVariables.Name(sweep.Variable) : null,
            [.. rows]);
    }

    /// <summary>The protocol as the experiment JSON names it.</summary>
    public static string ProtocolName(QkdProtocol protocol) => protocol switch
    {
        QkdProtocol.DecoyStateBb84 => "decoy",
        QkdProtocol.Bb84Gllp => "gllp",
        QkdProtocol.Bbm92 => "bbm92",
        _ => "bb84",
    };

    private static string Outcome(IReadOnlyDictionary<string, double> figures)
    {
        var reason = figures.TryGetValue("abortReason", out var code) ? (AbortReason)(int)code : AbortReason.None;
        return reason == AbortReason.None ? "keyEstablished" : JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());
    }
}
