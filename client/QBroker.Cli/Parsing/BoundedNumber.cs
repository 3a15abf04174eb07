using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace QBroker.Cli.Parsing;

/// <summary>
/// Numeric options whose range is checked while parsing. Conversion and range check happen in one custom parser,
/// so a value that is not a number gets one clear error instead of a range validator reading a failed conversion.
/// </summary>
public static class BoundedNumber
{
    /// <summary>An optional number: null when the option is absent.</summary>
    public static Option<T?> Optional<T>(string name, string description, T min, T max)
        where T : struct, INumber<T> => new(name)
        {
            Description = description,
            CustomParser = result => Parse(result, name, min, max),
        };

    /// <summary>A number that must be given.</summary>
    public static Option<T> Required<T>(string name, string description, T min, T max)
        where T : struct, INumber<T> => new(name)
        {
            Description = description,
            Required = true,
            CustomParser = result => Parse(result, name, min, max) ?? default,
        };

    /// <summary>A number that is <paramref name="defaultValue"/> unless given.</summary>
    public static Option<T> WithDefault<T>(string name, string description, T min, T max, T defaultValue)
        where T : struct, INumber<T> => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, min, max) ?? default,
        };

    /// <summary>Parses the option's last token (a repeated option means its last value, as in most CLIs).</summary>
    public static T? Parse<T>(ArgumentResult result, string name, T min, T max)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !T.IsFinite(value))
        {
            result.AddError($"{name} expects a number, not '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}, not {value}"));
            return null;
        }

        return value;
    }
}
