using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace QBroker.Cli.Output;

/// <summary>Writes <c>--json</c> output: one indented document per command, or one compact document per line for streams.</summary>
public static class CliJson
{
    // Output goes to terminals and scripts, never into HTML, so '+', '<' or non-ASCII text need not be escaped.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An indented document followed by a newline.</summary>
    public static void WriteDocument<T>(TextWriter writer, T value, JsonTypeInfo<T> type) => Write(writer, value, type, Indented);

    /// <summary>One compact document on one line (JSON Lines), for outputs that stream several values.</summary>
    public static void WriteLine<T>(TextWriter writer, T value, JsonTypeInfo<T> type) => Write(writer, value, type, Compact);

    private static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> type, JsonWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            JsonSerializer.Serialize(json, value, type);
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        writer.Flush();
    }
}
