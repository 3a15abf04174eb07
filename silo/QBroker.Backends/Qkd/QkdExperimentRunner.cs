using QBroker.Qkd.Sessions;

namespace QBroker.Backends.Qkd;

/// <summary>Runs every session of an experiment with the QKD library and collects its figures, one row per point.</summary>
public static class QkdExperimentRunner
{
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Run(QkdExperiment experiment, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyDictionary<string, double>>();
        foreach (var point in experiment.Points())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = new QkdSession(point.Link).Run(point.Seed, point.Pulses).Report;
            rows.Add(QkdFigures.Of(report, point.Link));
        }
        return rows;
    }
}
