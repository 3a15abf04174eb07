using QBroker.Contracts.Jobs;

namespace QBroker.Storage.Jobs;

/// <summary>
/// A page request over jobs, newest first. <see cref="OwnerId"/> and <see cref="InstitutionId"/> also carry the
/// caller's scope: the API sets them from the principal, never from the query string alone.
/// </summary>
public sealed record JobFilter
{
    public JobState? State { get; init; }
    public string? Tag { get; init; }
    public string? DeviceId { get; init; }
    public string? OwnerId { get; init; }
    public string? InstitutionId { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int Limit { get; init; } = 50;
    public JobCursor? After { get; init; }
}

/// <summary>Position in the newest-first order: the (created, id) of the last job of the previous page.</summary>
public sealed record JobCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CreatedAt.ToUnixTimeMilliseconds()}:{Id:N}"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, out JobCursor? cursor)
    {
        cursor = null;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], out var millis) && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new JobCursor(DateTimeOffset.FromUnixTimeMilliseconds(millis), id);
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64: an invalid cursor, reported as false below.
        }
        return false;
    }
}

/// <summary>A page of jobs and the cursor of the next page (null on the last page).</summary>
public sealed record JobPageResult(IReadOnlyList<JobRecord> Items, JobCursor? Next);
