using Xunit.Abstractions;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>Test output for a shared cluster's start, before any test's own output exists.</summary>
public sealed class ConsoleOutput : ITestOutputHelper
{
    public void WriteLine(string message) => Console.WriteLine(message);

    public void WriteLine(string format, params object[] args) => Console.WriteLine(format, args);
}
