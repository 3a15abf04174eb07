using System.Globalization;

namespace QBroker.Cli.Parsing;

/// <summary>
/// Reads a point in time as users type it: an ISO 8601 date or date-time (UTC unless it carries an offset), or a
/// span back from now such as <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>.
/// </summary>
public static class TimeArgument
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = char.ToLowerInvariant(text[^1]);
        if (unit is 's' or 'm' or 'h' or 'd' or 'w'
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            var seconds = amount * unit switch
            {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => 7 * 86_400,
            };

            // Spans reaching before year 1 cannot be represented; such input is a typo, not a query.
            if (seconds > (now - DateTimeOffset.MinValue).TotalSeconds)
            {
                return false;
            }

            value = now - TimeSpan.FromSeconds(seconds);
            return true;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
    }
}
