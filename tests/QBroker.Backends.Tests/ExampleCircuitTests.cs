using QBroker.Qasm;

namespace QBroker.Backends.Tests;

/// <summary>The example programs shipped in examples/ parse and give their documented results.</summary>
public sealed class ExampleCircuitTests
{
    private static readonly IReadOnlyList<DeviceModel> Devices = DeviceCatalogue.CreateDefault();

    private static async Task<ExecutionResult> Run(string file, string device, int shots, BackendOptions? options = null)
    {
        var source = await File.ReadAllTextAsync(Path.Combine(AnnealProblemJsonTests.RepositoryRoot(), "examples", file));
        var backend = DeviceBackends.Create(Devices.Single(d => d.Id == device), options ?? BackendOptions.Default);
        return await backend.ExecuteAsync(new CircuitWorkload(QasmParser.Parse(source)), shots, 17, default);
    }

    [Theory]
    [InlineData("bernstein-vazirani.qasm", "1011")]
    [InlineData("adder.qasm", "1000")]
    [InlineData("qft-roundtrip.qasm", "0101")]
    public async Task Deterministic_examples_give_their_single_answer(string file, string expected)
    {
        var result = await Run(file, "local-sim", 200);
        Assert.Equal(new Dictionary<string, long> { [expected] = 200 }, result.Counts);
    }

    [Fact]
    public async Task Bell_example_splits_evenly_on_the_ideal_simulator()
    {
        const int shots = 4000;
        var counts = (await Run("bell.qasm", "local-sim", shots)).Counts;
        ExactDistribution.AssertSampledFrom(new Dictionary<string, double> { ["00"] = 0.5, ["11"] = 0.5 }, counts);
    }

    [Fact]
    public async Task Ghz_65_example_runs_on_the_ibm_device_near_its_two_ideal_outcomes()
    {
        const int shots = 1000;
        var result = await Run("ghz-65.qasm", "ibm-brooklyn", shots);
        Assert.Equal("stabilizer", result.Engine);
        // 64 CX in a chain plus the SWAPs heavy-hex needs (about 50 µs against T1 ≈ 63 µs), relaxation of the qubits
        // idling while the chain grows, and 65 readouts (some on bad qubits) flip many bits per shot, so perfect
        // shots are rare; yet shots stay closer to 0…0 or 1…1 than a uniformly random string, which is ≈ 29 bits
        // from the nearer of the two (65/2 minus the mean |weight − 32.5|).
        var distance = result.Counts.Sum(kv => Math.Min(kv.Key.Count(c => c == '1'), kv.Key.Count(c => c == '0')) * kv.Value) / (double)shots;
        Assert.InRange(distance, 0.5, 20);
        var ones = result.Counts.Where(kv => kv.Key.Count(c => c == '1') > 32).Sum(kv => kv.Value) / (double)shots;
        // Both branches of the superposition survive, each about half the time (five binomial standard deviations).
        Assert.InRange(ones, 0.5 - Exact.FiveSigma(0.5, shots), 0.5 + Exact.FiveSigma(0.5, shots));
    }

    [Fact]
    public async Task Teleport_example_delivers_the_prepared_amplitudes()
    {
        const int shots = 8000;
        var counts = (await Run("teleport.qasm", "local-sim", shots)).Counts;
        var ones = counts.Where(kv => kv.Key[0] == '1').Sum(kv => kv.Value) / (double)shots;
        var p = Math.Pow(Math.Sin(0.15), 2);
        Assert.InRange(ones, p - Exact.FiveSigma(p, shots), p + Exact.FiveSigma(p, shots));
    }

    [Fact]
    public async Task Grover_example_finds_the_marked_state_with_the_textbook_probability()
    {
        const int shots = 4000;
        var counts = (await Run("grover-3.qasm", "local-sim", shots)).Counts;
        var p = Math.Pow(Math.Sin(5 * Math.Asin(1 / Math.Sqrt(8))), 2);
        var observed = counts.GetValueOrDefault("101") / (double)shots;
        Assert.InRange(observed, p - Exact.FiveSigma(p, shots), p + Exact.FiveSigma(p, shots));
    }
}
