namespace QBroker.Qasm.Tests;

public sealed class ConcurrencyTests
{
    /// <summary>Grains parse on many threads at once; the shared gate tables must not be disturbed by that.</summary>
    [Fact]
    public void Parallel_parses_give_the_same_circuits_as_sequential_ones()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.qasm").Order().ToArray();
        var sources = files.Select(File.ReadAllText).ToArray();
        var expected = sources.Select(source => string.Join('\n', CircuitText.Lines(QasmParser.Parse(source)))).ToArray();

        var actual = new string[sources.Length * 20];
        Parallel.For(0, actual.Length, i => actual[i] = string.Join('\n', CircuitText.Lines(QasmParser.Parse(sources[i % sources.Length]))));

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % sources.Length], actual[i]);
        }
    }
}
