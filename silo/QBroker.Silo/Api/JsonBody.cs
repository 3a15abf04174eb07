using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace QBroker.Silo.Api;

/// <summary>
/// Reads a JSON request body ourselves rather than through model binding, so every failure gets a precise
/// problem document: the size limit (413), malformed JSON with line and column (400), an empty body (400).
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ApiError? Error)> ReadAsync<T>(HttpContext context, long maxBytes)
        where T : class
    {
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, ApiError.PayloadTooLarge(maxBytes));
        }
        if (context.Request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, new ApiError(415, "/problems/unsupported-media-type", "Unsupported media type", "Send the body as application/json."));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ApiJson.Options, context.RequestAborted);
            return value is null ? (null, ApiError.BadRequest("The request body is empty or null.")) : (value, null);
        }
        catch (JsonException error)
        {
            // JsonException positions are 0-based; people count from 1.
            var line = error.LineNumber + 1;
            var column = error.BytePositionInLine + 1;
            var detail = $"line {line}, column {column}: {FirstSentence(error.Message)}";
            return (null, ApiError.MalformedJson(detail, line, column));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ApiError.PayloadTooLarge(maxBytes));
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}

/// <summary>The API's JSON conventions: web defaults (camelCase), nulls omitted.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
