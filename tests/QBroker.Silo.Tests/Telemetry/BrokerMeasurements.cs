using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// Listens in process to every instrument of the "QBroker" meter: counters and histograms as they record, gauges when a
/// test observes them (<see cref="ObserveGauges"/>), each measurement with a copy of its tags. The meter is process-wide,
/// so tests using this belong to the collection that runs alone.
/// </summary>
public sealed class BrokerMeasurements : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentQueue<Measured> _recorded = new();
    private readonly Lock _observing = new();
    private List<Measured>? _observed;

    public BrokerMeasurements()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == QBrokerTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The counter and histogram measurements of <paramref name="instrument"/> recorded so far.</summary>
    public IReadOnlyList<Measured> Recorded(string instrument) => [.. _recorded.Where(m => m.Instrument == instrument)];

    /// <summary>Runs every gauge's callback now and returns what they reported.</summary>
    public IReadOnlyList<Measured> ObserveGauges()
    {
        lock (_observing)
        {
            _observed = [];
            // The callbacks run on this thread, inside this call.
            _listener.RecordObservableInstruments();
            var observed = _observed;
            _observed = null;
            return observed;
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        var measured = new Measured(instrument.Name, value, copy);
        if (instrument.IsObservable)
        {
            _observed?.Add(measured);
        }
        else
        {
            _recorded.Enqueue(measured);
        }
    }

    /// <summary>One measurement: the instrument's name, its value and its tags.</summary>
    public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
