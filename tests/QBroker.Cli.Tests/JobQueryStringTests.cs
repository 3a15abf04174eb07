using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests;

public sealed class JobQueryStringTests
{
    [Fact]
    public void An_empty_query_has_no_query_string() => Assert.Equal("", JobQueryString.Format(new JobQuery()));

    [Fact]
    public void Every_filter_is_escaped_and_times_keep_their_offset()
    {
        var query = new JobQuery
        {
            State = "completed",
            Tag = "x&y",
            Device = "ibm-65",
            Owner = "bob",
            Since = new DateTimeOffset(2026, 11, 25, 1, 2, 3, TimeSpan.FromHours(9)),
            Until = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero),
            Limit = 20,
            Cursor = "abc/=",
        };

        Assert.Equal(
            "?state=completed&tag=x%26y&device=ibm-65&owner=bob&since=2026-11-25T01%3A02%3A03.0000000%2B09%3A00" +
            "&until=2026-11-26T00%3A00%3A00.0000000%2B00%3A00&limit=20&cursor=abc%2F%3D",
            JobQueryString.Format(query));
    }
}
