using System.Collections;
using QBroker.Cli;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the running request and lets the command report it; a second one kills at once.
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};

// Variable names are case-insensitive on Windows only.
var environment = new Dictionary<string, string?>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
{
    environment[(string)variable.Key] = variable.Value as string;
}

var terminal = new CliTerminal(Console.Out, Console.Error, OutIsTerminal: !Console.IsOutputRedirected);
return await CliApp.RunAsync(args, terminal, environment, TimeProvider.System, interrupt.Token);
