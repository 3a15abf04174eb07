using System.Text.Json;
using QBroker.Cli.Output;

namespace QBroker.Cli.Configuration;

/// <summary>Reads and writes the config file. The file holds an API key, so only its owner may read it (mode 600).</summary>
public static class ConfigFileStore
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The stored config, or null when there is no file.</summary>
    public static CliConfig? Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            var config = JsonSerializer.Deserialize(text, CliJsonContext.Default.CliConfig);
            if (config is null || string.IsNullOrWhiteSpace(config.Url) || string.IsNullOrWhiteSpace(config.Token))
            {
                throw new JsonException("url and token are required");
            }

            return config;
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Error, $"{CliErrors.Prefix}{path}: not a valid qbroker config file ({e.Message}); run 'qbroker login' again");
        }
    }

    /// <summary>
    /// Writes the config atomically: a temporary file created with mode 600 from the start (so the key is never
    /// readable by others, not even for a moment) is renamed over the old one.
    /// </summary>
    public static void Save(string path, CliConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, config, CliJsonContext.Default.CliConfig);
            }

            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode is filtered by the umask and ignored when the file already existed.
                File.SetUnixFileMode(temporary, OwnerReadWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes the config file; false when there was none.</summary>
    public static bool Delete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
