namespace QBroker.Cli.Configuration;

/// <summary>
/// Where the config file lives: <c>$QBROKER_CONFIG</c> if set, else <c>$XDG_CONFIG_HOME/qbroker/config.json</c>
/// (XDG Base Directory Specification), else <c>~/.config/qbroker/config.json</c> (home from HOME, or USERPROFILE).
/// </summary>
public static class ConfigFilePath
{
    public static string Resolve(IReadOnlyDictionary<string, string?> environment)
    {
        if (EnvironmentNames.Get(environment, EnvironmentNames.ConfigFile) is { } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        if (EnvironmentNames.Get(environment, EnvironmentNames.XdgConfigHome) is { } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "qbroker", "config.json");
        }

        // Windows sets USERPROFILE rather than HOME.
        if ((EnvironmentNames.Get(environment, EnvironmentNames.Home) ?? EnvironmentNames.Get(environment, EnvironmentNames.UserProfile)) is { } home)
        {
            return Path.Combine(home, ".config", "qbroker", "config.json");
        }

        throw new CliException(
            ExitCodes.Error,
            $"{CliErrors.Prefix}cannot locate the config file: set {EnvironmentNames.ConfigFile} or {EnvironmentNames.Home}");
    }
}
