using QBroker.Backends.Anneal;

namespace QBroker.Backends.Tests;

public sealed class AnnealProblemJsonTests
{
    [Fact]
    public void A_qubo_with_sparse_linear_terms_and_parameters_is_read()
    {
        var workload = AnnealProblemJson.Parse("""
            { "type": "qubo", "variables": 4, "linear": { "0": -1, "3": 2.5 },
              "quadratic": [[0, 1, 2], [1, 0, 1], [2, 2, -3]], "offset": 1.5, "numSweeps": 500, "betaRange": [0.1, 3] }
            """);
        var p = workload.Problem;
        Assert.Equal(VariableType.Binary, p.Type);
        Assert.Equal(4, p.VariableCount);
        Assert.Equal([-1.0, 0, -3, 2.5], p.Linear);           // the diagonal term x2·x2 = x2 joined the linear part
        Assert.Equal([new QuadraticTerm(0, 1, 3)], p.Quadratic); // (0,1) and (1,0) merged
        Assert.Equal(1.5, p.Offset);
        Assert.Equal(500, workload.NumSweeps);
        Assert.Equal(new BetaRange(0.1, 3), workload.BetaRange);
    }

    [Fact]
    public void An_ising_problem_with_a_dense_bias_array_is_read_and_the_size_inferred()
    {
        var workload = AnnealProblemJson.Parse("""{"type":"ising","linear":[0.5,-1],"quadratic":[[1,4,-1]]}""");
        Assert.Equal(VariableType.Spin, workload.Problem.Type);
        Assert.Equal(5, workload.Problem.VariableCount);
        Assert.Equal(AnnealWorkload.DefaultSweeps, workload.NumSweeps);
        Assert.Null(workload.BetaRange);
        Assert.True(workload.RandomizeOrder);
        Assert.False(AnnealProblemJson.Parse("""{"type":"ising","randomizeOrder":false}""").RandomizeOrder);
    }

    [Theory]
    [InlineData("not json", "Not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"linear":[1]}""", "missing field \"type\"")]
    [InlineData("""{"type":"hubo"}""", "\"qubo\" or \"ising\"")]
    [InlineData("""{"type":"qubo","quadratic":[[0,1]]}""", "quadratic[0] must be a triple")]
    [InlineData("""{"type":"qubo","quadratic":[[0,-1,2]]}""", "quadratic[0][1]")]
    [InlineData("""{"type":"qubo","variables":2,"quadratic":[[0,5,1]]}""", "variable 5 is used")]
    [InlineData("""{"type":"qubo","linear":{"a":1}}""", "\"linear\" key \"a\"")]
    [InlineData("""{"type":"qubo","linear":[1,"x"]}""", "linear[1]")]
    [InlineData("""{"type":"qubo","offset":"1"}""", "offset")]
    [InlineData("""{"type":"qubo","numSweeps":0}""", "numSweeps")]
    [InlineData("""{"type":"qubo","betaRange":[2,1]}""", "betaRange")]
    [InlineData("""{"type":"qubo","reads":10}""", "unknown field \"reads\"")]
    [InlineData("""{"type":"qubo","randomizeOrder":1}""", "randomizeOrder")]
    public void Bad_input_is_refused_with_a_message_naming_the_problem(string json, string expected)
    {
        var error = Assert.Throws<AnnealProblemFormatException>(() => AnnealProblemJson.Parse(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_shipped_examples_parse_and_run()
    {
        var examples = Path.Combine(RepositoryRoot(), "examples");
        var files = Directory.GetFiles(examples, "*.json").Where(f => Path.GetFileName(f).StartsWith("anneal-", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(files);
        var dwave = DeviceBackends.Create(DeviceCatalogue.CreateDefault().Single(d => d.Id == "dwave-advantage"), BackendOptions.Default);
        foreach (var file in files)
        {
            var workload = AnnealProblemJson.Parse(await File.ReadAllTextAsync(file));
            Assert.True(dwave.Check(workload, 10).Accepted, file);
            var result = await dwave.ExecuteAsync(workload, 10, 1, default);
            Assert.NotEmpty(result.Samples!);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QBroker.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("QBroker.sln not found above the test binaries.");
    }
}
