using System.Globalization;
using System.Text;
using QBroker.Client.Api;

namespace QBroker.Cli.Output;

/// <summary>
/// One plain line per observed change of a job, for <c>watch</c> when stdout is a file or pipe: a timestamp, then
/// <c>key=value</c> fields that grep and awk can pick apart.
/// </summary>
public static class ProgressLine
{
    public static string Format(JobView job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var line = new StringBuilder()
            .Append(now.ToUniversalTime().ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(job.Id)
            .Append(" state=").Append(job.State);
        if (job.Device is not null)
        {
            line.Append(" device=").Append(job.Device);
        }

        if (job.QueuePosition is { } position)
        {
            line.Append(" position=").Append(position.ToString(CultureInfo.InvariantCulture));
        }

        if (job.EstimatedStart is { } start && job.State is JobStates.Queued or JobStates.Retrying)
        {
            line.Append(" eta=").Append(start.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (job.Attempts > 1)
        {
            line.Append(" attempts=").Append(job.Attempts.ToString(CultureInfo.InvariantCulture));
        }

        if (job.Error is not null)
        {
            line.Append(" error=\"").Append(CliErrors.OneLine(job.Error)).Append('"');
        }

        return line.ToString();
    }
}
