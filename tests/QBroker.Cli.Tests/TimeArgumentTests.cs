using QBroker.Cli.Parsing;

namespace QBroker.Cli.Tests;

public sealed class TimeArgumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1.5d", 36 * 3600)]
    [InlineData("1w", 7 * 86400)]
    public void A_span_counts_back_from_now(string text, int secondsBack)
    {
        Assert.True(TimeArgument.TryParse(text, Now, out var value));
        Assert.Equal(Now.AddSeconds(-secondsBack), value);
    }

    [Fact]
    public void A_date_without_offset_is_utc()
    {
        Assert.True(TimeArgument.TryParse("2026-11-20", Now, out var value));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), value);
    }

    [Fact]
    public void An_offset_is_honoured()
    {
        Assert.True(TimeArgument.TryParse("2026-11-20T09:00:00+09:00", Now, out var value));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("5x")]
    [InlineData("-5m")]
    [InlineData("99999999999d")]
    public void Anything_else_is_rejected(string text) => Assert.False(TimeArgument.TryParse(text, Now, out _));
}
