using System.Text.Json;

namespace QBroker.Storage;

/// <summary>
/// The one serializer for JSON kept in the database (chosen once: System.Text.Json, camelCase, no type names), so
/// renaming a CLR type or namespace never breaks stored data.
/// </summary>
public static class StoredJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"Stored {typeof(T).Name} is null.");
}
