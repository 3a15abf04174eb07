using QBroker.Backends.Qkd;

namespace QBroker.Backends.Tests.Qkd;

public sealed class QkdResultCodecTests
{
    [Fact]
    public void Whole_numbers_are_stored_as_they_are_and_reals_with_a_decimal_exponent()
    {
        var counts = QkdResultCodec.Encode([new Dictionary<string, double> { ["pulses"] = 1e8, ["qber"] = 0.03125 }]);
        Assert.Equal(100_000_000L, counts["0.pulses"]);
        Assert.Equal(31_250_000_000_000_000L, counts["0.qber@1e-18"]);
    }

    [Fact]
    public void Every_finite_double_round_trips_to_sixteen_significant_digits()
    {
        var random = new Random(20261125);
        double[] values = [0, -3, 1e-270, 0.1, 1.0 / 3, -2.5e-9, 6.02214076e23, 1e270, 9_007_199_254_740_993.0];
        var all = values.Concat(Enumerable.Range(0, 500).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)))).ToArray();
        var rows = all.Select(v => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["qber"] = v }).ToArray();
        var decoded = QkdResultCodec.Decode(QkdResultCodec.Encode(rows));
        Assert.Equal(all.Length, decoded.Count);
        for (var i = 0; i < all.Length; i++)
        {
            var back = decoded[i]["qber"];
            Assert.True(Math.Abs(back - all[i]) <= Math.Abs(all[i]) * 1e-15, $"{all[i]:R} came back as {back:R}");
        }
    }

    [Fact]
    public void Magnitudes_beyond_the_stored_range_become_zero_or_are_left_out()
    {
        var decoded = QkdResultCodec.Decode(QkdResultCodec.Encode([new Dictionary<string, double> { ["qber"] = 1e-300, ["pulses"] = 1e300 }]));
        Assert.Equal(0, decoded[0]["qber"]);
        Assert.False(decoded[0].ContainsKey("pulses"));
    }

    [Fact]
    public void Non_finite_values_are_left_out_and_rows_keep_their_order()
    {
        var rows = new IReadOnlyDictionary<string, double>[]
        {
            new Dictionary<string, double> { ["qber"] = double.NaN, ["pulses"] = 5 },
            new Dictionary<string, double> { ["keyLengthBound"] = double.NegativeInfinity, ["pulses"] = 7 },
        };
        var decoded = QkdResultCodec.Decode(QkdResultCodec.Encode(rows));
        Assert.Equal([5.0, 7.0], decoded.Select(r => r["pulses"]));
        Assert.False(decoded[0].ContainsKey("qber"));
        Assert.False(decoded[1].ContainsKey("keyLengthBound"));
    }

    [Fact]
    public void Decoded_figures_follow_the_table_order()
    {
        var counts = QkdResultCodec.Encode([new Dictionary<string, double> { ["finalKeyBits"] = 3, ["qber"] = 0.25, ["pulses"] = 9 }]);
        Assert.Equal(["pulses", "qber", "finalKeyBits"], QkdResultCodec.Decode(counts)[0].Keys);
    }

    [Theory]
    [InlineData("pulses")]
    [InlineData("x.pulses")]
    [InlineData("0.qber@1ex")]
    public void Keys_that_are_not_figures_are_refused(string key) =>
        Assert.Throws<FormatException>(() => QkdResultCodec.Decode(new Dictionary<string, long> { [key] = 1 }));
}
