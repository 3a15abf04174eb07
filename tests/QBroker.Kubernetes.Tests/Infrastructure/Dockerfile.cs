using System.Text.Json;

namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>One instruction of a Dockerfile: the keyword in upper case and its argument text.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments);

/// <summary>One build stage: its base image, its name if any, and its instructions after FROM.</summary>
public sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}

/// <summary>
/// A Dockerfile read statically (no Docker engine runs here): comments dropped, continuation lines joined, split
/// into stages at FROM. Enough of the format for checking what an image is built from and how it starts.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        string? image = null, name = null;
        var instructions = new List<DockerInstruction>();
        foreach (var line in LogicalLines(text))
        {
            var split = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (split < 0 ? line : line[..split]).ToUpperInvariant();
            var arguments = split < 0 ? string.Empty : line[(split + 1)..].Trim();
            if (keyword == "FROM")
            {
                if (image is not null)
                {
                    stages.Add(new DockerStage(image, name, instructions));
                }
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                image = parts[0];
                name = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                instructions = [];
            }
            else
            {
                instructions.Add(new DockerInstruction(keyword, arguments));
            }
        }
        if (image is null)
        {
            throw new FormatException("The Dockerfile has no FROM instruction.");
        }
        stages.Add(new DockerStage(image, name, instructions));
        return new Dockerfile(stages);
    }

    /// <summary>ENTRYPOINT or CMD in exec (JSON array) form; shell form would run under /bin/sh and swallow SIGTERM.</summary>
    public static IReadOnlyList<string>? ExecForm(string arguments) =>
        arguments.StartsWith('[') ? JsonSerializer.Deserialize<List<string>>(arguments) : null;

    /// <summary>ENV in its "KEY=value KEY2=value" form.</summary>
    public static IReadOnlyDictionary<string, string> Environment(DockerStage stage) =>
        stage.All("ENV")
            .SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1]);

    private static IEnumerable<string> LogicalLines(string text)
    {
        var pending = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var complete = (pending + line).Trim();
            pending = string.Empty;
            if (complete.Length > 0)
            {
                yield return complete;
            }
        }
    }
}
