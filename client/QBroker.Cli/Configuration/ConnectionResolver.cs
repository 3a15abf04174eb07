namespace QBroker.Cli.Configuration;

/// <summary>
/// Decides which server and key a command uses. Each comes from the first source that has it: the
/// <c>--url</c>/<c>--token</c> options, then <c>QBROKER_URL</c>/<c>QBROKER_TOKEN</c>, then the config file, and the
/// URL finally defaults to the silo's default address.
/// </summary>
public static class ConnectionResolver
{
    /// <summary>Where a silo listens unless told otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="loadConfig">Reads the config file; called only when an option and the environment leave something open.</param>
    public static ServerConnection Resolve(
        string? urlOption,
        string? tokenOption,
        IReadOnlyDictionary<string, string?> environment,
        Func<CliConfig?> loadConfig)
    {
        ArgumentNullException.ThrowIfNull(loadConfig);
        var explicitUrl = NullIfBlank(urlOption) ?? EnvironmentNames.Get(environment, EnvironmentNames.Url);
        var explicitToken = NullIfBlank(tokenOption) ?? EnvironmentNames.Get(environment, EnvironmentNames.Token);
        var config = explicitUrl is null || explicitToken is null ? loadConfig() : null;

        var url = ParseUrl(explicitUrl ?? config?.Url ?? DefaultUrl);

        // A stored key is only ever sent to the server it was stored for: pointing --url elsewhere must not leak it.
        var token = explicitToken ?? (config is not null && SameServer(ParseUrl(config.Url), url) ? config.Token : null);
        if (token is null)
        {
            throw new CliException(
                ExitCodes.NotAuthenticated,
                $"{CliErrors.Prefix}not logged in to {url}: run 'qbroker login --url {url} --token KEY', or set {EnvironmentNames.Token}");
        }

        return new ServerConnection(url, token);
    }

    /// <summary>Only the URL, for commands such as login that bring their own key.</summary>
    public static Uri ResolveUrl(string? urlOption, IReadOnlyDictionary<string, string?> environment) =>
        ParseUrl(NullIfBlank(urlOption) ?? EnvironmentNames.Get(environment, EnvironmentNames.Url) ?? DefaultUrl);

    /// <summary>Parses a server URL; anything but an absolute http(s) URL is a usage error.</summary>
    public static Uri ParseUrl(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        throw new CliException(ExitCodes.Usage, $"{CliErrors.Prefix}'{text}' is not an http:// or https:// URL");
    }

    /// <summary>Same scheme, host, port and path, ignoring a trailing slash and letter case of the host.</summary>
    public static bool SameServer(Uri a, Uri b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.AbsolutePath.TrimEnd('/'), b.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
