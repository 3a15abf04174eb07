using System.Globalization;

namespace QBroker.Cli.Output;

/// <summary>How times appear in human output: UTC, to the second, and relative to now where that reads better.</summary>
public static class TimeText
{
    public static string Absolute(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"in 2m 05s", "3s ago" or "now" (within a second).</summary>
    public static string Relative(DateTimeOffset time, DateTimeOffset now)
    {
        var delta = time - now;
        if (delta.Duration() < TimeSpan.FromSeconds(1))
        {
            return "now";
        }

        var span = Span(delta.Duration());
        return delta > TimeSpan.Zero ? $"in {span}" : $"{span} ago";
    }

    /// <summary>A duration in its two largest units: "45s", "2m 05s", "3h 07m", "2d 04h".</summary>
    public static string Span(TimeSpan duration)
    {
        var d = duration.Duration();
        return d.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalDays}d {d.Hours:00}h")
            : d.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours}h {d.Minutes:00}m")
            : d.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}m {d.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalSeconds}s");
    }
}
