using BenchmarkDotNet.Running;
using QBroker.Benchmarks.Broker;

// `load ...` drives a running broker end to end (see LoadGenerator); anything else selects BenchmarkDotNet classes:
// dotnet run -c Release --project tests/QBroker.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "load")
{
    return await LoadGenerator.RunAsync(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
