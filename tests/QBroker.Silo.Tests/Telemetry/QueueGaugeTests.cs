using System.Diagnostics.Metrics;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// The queue gauges read the snapshot the scheduler published, labelled by device and by institution. The board is
/// process-wide (a test silo's scheduler publishes to it), so this runs in the collection that runs alone.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class QueueGaugeTests
{
    [Fact]
    public void Gauges_report_the_published_depths_and_ages_and_nothing_once_the_publisher_withdraws()
    {
        var publisher = new object();
        var enqueued = DateTimeOffset.UtcNow.AddMinutes(-10);
        using var listener = Listen(out var observed);
        Assert.True(QueueSnapshotBoard.IsObserved);

        QueueSnapshotBoard.Publish(publisher, new QueueSnapshot(
            [new QueueLine("ibm", 3, enqueued), new QueueLine("ionq", 0, null)],
            [new QueueLine("kaist", 3, enqueued)]));
        listener.RecordObservableInstruments();

        Assert.Equal(3, observed[("qbroker.queue.depth", "ibm")]);
        Assert.Equal(0, observed[("qbroker.queue.depth", "ionq")]);
        Assert.Equal(3, observed[("qbroker.institution.queue.depth", "kaist")]);
        Assert.Equal(0, observed[("qbroker.queue.oldest_age", "ionq")]);
        // Ten minutes old when published and read within the test: between 600 s and 600 s plus the test's own run
        // time, for which a minute is generous.
        Assert.InRange(observed[("qbroker.queue.oldest_age", "ibm")], 600, 660);
        Assert.InRange(observed[("qbroker.institution.queue.oldest_age", "kaist")], 600, 660);

        // Another activation's withdrawal does not remove this snapshot; the publisher's own does.
        QueueSnapshotBoard.Withdraw(new object());
        Assert.Equal(3, QueueSnapshotBoard.Current.Devices[0].Queued);
        QueueSnapshotBoard.Withdraw(publisher);
        observed.Clear();
        listener.RecordObservableInstruments();
        Assert.DoesNotContain(observed.Keys, key => key.Instrument.Contains("queue", StringComparison.Ordinal));
    }

    /// <summary>Listens to the broker's queue gauges; each observation lands under (instrument, device or institution).</summary>
    private static MeterListener Listen(out Dictionary<(string Instrument, string Label), double> observed)
    {
        var values = new Dictionary<(string, string), double>();
        observed = values;
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == QBrokerTelemetry.Name && instrument.Name.Contains("queue.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key is QBrokerTelemetry.DeviceTag or QBrokerTelemetry.InstitutionTag)
                {
                    values[(instrument.Name, (string)tag.Value!)] = value;
                }
            }
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        return listener;
    }
}
