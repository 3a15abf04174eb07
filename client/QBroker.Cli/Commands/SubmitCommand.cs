using System.CommandLine;
using QBroker.Cli.Output;
using QBroker.Cli.Parsing;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Commands;

/// <summary>
/// <c>qbroker submit FILE.qasm --shots N</c>: submits a circuit to a named device or to any device meeting the
/// requirements; with <c>--wait</c> follows it and prints the result. <c>qbroker submit FILE.json --kind qkd</c>
/// submits a QKD experiment (docs/qkd-job-format.md) the same way; it needs no shots.
/// </summary>
internal static class SubmitCommand
{
    /// <summary>The API's priority range (within the owner's own work).</summary>
    private const int MaxPriority = 10;

    public static Command Create(CliSession session)
    {
        var file = new Argument<FileInfo>("file") { Description = "OpenQASM 2.0 or 3 source file (a QKD experiment JSON file with --kind qkd)" }.AcceptExistingOnly();
        var kind = new Option<string>("--kind") { Description = "circuit, or qkd for a QKD experiment", DefaultValueFactory = _ => "circuit" };
        kind.AcceptOnlyFromAmong("circuit", "qkd");
        var shots = BoundedNumber.Optional("--shots", "Number of shots (circuits; required for them)", 1, int.MaxValue);
        var device = new Option<string?>("--device") { Description = "Run on this device (see 'qbroker devices')" };
        var minQubits = BoundedNumber.Optional("--min-qubits", "Any device with at least N qubits", 1, int.MaxValue);
        var providers = new Option<string[]>("--provider") { Description = "Allowed provider (repeat for several): ibm, ionq, rigetti, dwave, local" };
        var optimize = new Option<string?>("--optimize") { Description = "Among eligible devices prefer the soonest completion, lowest cost or highest fidelity" };
        optimize.AcceptOnlyFromAmong("time", "cost", "fidelity");
        var priority = BoundedNumber.Optional("--priority", "Priority among your own jobs, -10..10", -MaxPriority, MaxPriority);
        var tags = new Option<string[]>("--tag") { Description = "Tag (repeat for several)" };
        var clientToken = new Option<string?>("--client-token") { Description = "Idempotency key: submitting again with it returns the first job (default: a new one per invocation)" };
        var project = new Option<string?>("--project") { Description = "Project to charge (default: your first project)" };
        var name = new Option<string?>("--name") { Description = "A name to recognise the job by" };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it ends, then print its result" };
        var interval = CommonOptions.PollInterval();
        var top = CommonOptions.Top();

        var command = new Command("submit", "Submit an OpenQASM circuit")
        {
            file, kind, shots, device, minQubits, providers, optimize, priority, tags, clientToken, project, name, wait, interval, top,
        };
        command.Validators.Add(result =>
        {
            // Presence, not values: a value that failed to parse has its own error already.
            var hasRequirements = result.GetResult(minQubits) is not null
                || result.GetResult(providers) is not null
                || result.GetResult(optimize) is not null;
            if (result.GetResult(device) is not null && hasRequirements)
            {
                result.AddError("--device names the device; it cannot be combined with --min-qubits, --provider or --optimize");
            }
            // Read from the tokens: GetValue throws on a kind that AcceptOnlyFromAmong has already reported.
            var kindTokens = result.GetResult(kind)?.Tokens;
            var kindName = kindTokens is { Count: > 0 } ? kindTokens[^1].Value : "circuit";
            if (kindName == "circuit" && result.GetResult(shots) is not { Implicit: false })
            {
                result.AddError("Option '--shots' is required for a circuit.");
            }
        });

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(file)!;
            // Errors name the file as the user typed it, as a compiler would.
            var displayName = parseResult.GetResult(file)?.Tokens.FirstOrDefault()?.Value ?? source.Name;
            var requirements = new JobRequirements
            {
                MinQubits = parseResult.GetValue(minQubits),
                Providers = parseResult.GetValue(providers) is { Length: > 0 } p ? p : null,
                Optimize = parseResult.GetValue(optimize),
            };
            var text = await File.ReadAllTextAsync(source.FullName, cancellationToken);
            var qkd = parseResult.GetValue(kind) == "qkd";
            var request = new SubmitJobRequest
            {
                Kind = parseResult.GetValue(kind),
                Qasm = qkd ? null : text,
                Experiment = qkd ? SubmitExperimentFile.Read(displayName, text) : null,
                Shots = parseResult.GetValue(shots),
                Device = parseResult.GetValue(device),
                Requirements = requirements == new JobRequirements() ? null : requirements,
                Project = parseResult.GetValue(project),
                Priority = parseResult.GetValue(priority),
                Tags = parseResult.GetValue(tags) is { Length: > 0 } t ? t : null,
                // Without a token of the user's, one per invocation: it makes this submission idempotent, so the
                // client may safely send it again while a restarting server answers 503.
                ClientToken = parseResult.GetValue(clientToken) ?? $"cli-{Guid.NewGuid():N}",
                Name = parseResult.GetValue(name),
            };

            using var client = session.Connect(parseResult);
            JobView job;
            try
            {
                job = await client.SubmitJobAsync(request, cancellationToken);
            }
            catch (QBrokerApiException e) when (CliErrors.FormatSourceError(displayName, e.Problem) is { } line)
            {
                throw new CliException(ExitCodes.Error, line);
            }

            var json = session.Json(parseResult);
            if (!json && job.BudgetWarning is { } warning)
            {
                // On stderr, so stdout stays the job (or its result) alone; --json carries it as budgetWarning.
                await session.Terminal.Error.WriteLineAsync($"{CliErrors.Prefix}warning: {CliErrors.OneLine(warning)}");
            }
            if (!parseResult.GetValue(wait))
            {
                session.Print(parseResult, job, QBrokerJsonContext.Default.JobView, j => session.Console.Write(JobDetails.Build(j, session.Now, withTransitions: false)));

                return ExitCodes.Success;
            }

            if (!json)
            {
                session.Out.WriteLine($"submitted job {job.Id}{(job.Duplicate == true ? " (already submitted with this client token)" : "")}");
            }

            JobView final;
            try
            {
                final = await JobWatcher.WatchAsync(
                    session,
                    client,
                    job.Id,
                    TimeSpan.FromSeconds(parseResult.GetValue(interval)),
                    json ? WatchOutput.Quiet : WatchOutput.Human,
                    cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C stops the waiting, not the job: say how to pick it up again.
                throw new CliException(
                    ExitCodes.Interrupted,
                    $"{CliErrors.Prefix}interrupted; job {job.Id} goes on (follow it with 'qbroker watch {job.Id}')");
            }

            JobWatcher.ThrowUnlessCompleted(final);
            await ResultCommand.PrintAsync(session, parseResult, client, final.Id, parseResult.GetValue(top), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
