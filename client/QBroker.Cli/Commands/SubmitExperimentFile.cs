using System.Text.Json;

namespace QBroker.Cli.Commands;

/// <summary>Reads the QKD experiment file of <c>qbroker submit --kind qkd</c>; the broker checks its fields.</summary>
internal static class SubmitExperimentFile
{
    public static JsonElement Read(string displayName, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // Positions are 0-based in JsonException; editors count from 1.
            throw new CliException(ExitCodes.Error, $"{displayName}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: not valid JSON");
        }
    }
}
