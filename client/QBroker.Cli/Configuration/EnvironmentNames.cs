namespace QBroker.Cli.Configuration;

/// <summary>Environment variables the CLI reads.</summary>
public static class EnvironmentNames
{
    public const string Url = "QBROKER_URL";
    public const string Token = "QBROKER_TOKEN";
    public const string ConfigFile = "QBROKER_CONFIG";
    public const string XdgConfigHome = "XDG_CONFIG_HOME";
    public const string Home = "HOME";
    public const string UserProfile = "USERPROFILE";
    public const string NoColor = "NO_COLOR";
    public const string Columns = "COLUMNS";

    /// <summary>The value of <paramref name="name"/>, treating an empty value as unset (as <c>FOO= qbroker ...</c> means).</summary>
    public static string? Get(IReadOnlyDictionary<string, string?> environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }
}
