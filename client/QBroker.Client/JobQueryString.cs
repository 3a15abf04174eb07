using System.Globalization;
using System.Text;
using QBroker.Client.Api;

namespace QBroker.Client;

/// <summary>Turns a <see cref="JobQuery"/> into the query string of <c>GET /api/v1/jobs</c>.</summary>
public static class JobQueryString
{
    /// <summary>The query string including its leading '?', or an empty string when no filter is set.</summary>
    public static string Format(JobQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var builder = new StringBuilder();
        Append(builder, "state", query.State);
        Append(builder, "tag", query.Tag);
        Append(builder, "device", query.Device);
        Append(builder, "owner", query.Owner);
        // Round-trip format keeps the offset, so the server compares instants, not wall-clock times.
        Append(builder, "since", query.Since?.ToString("O", CultureInfo.InvariantCulture));
        Append(builder, "until", query.Until?.ToString("O", CultureInfo.InvariantCulture));
        Append(builder, "limit", query.Limit?.ToString(CultureInfo.InvariantCulture));
        Append(builder, "cursor", query.Cursor);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string name, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        builder.Append(builder.Length == 0 ? '?' : '&')
            .Append(name)
            .Append('=')
            .Append(Uri.EscapeDataString(value));
    }
}
