namespace QBroker.Cli.Tests.Support;

/// <summary>Files of the repository the tests run from, such as the example circuits a newcomer submits.</summary>
public static class RepositoryFiles
{
    /// <summary>The absolute path of <paramref name="relativePath"/> below the folder holding QBroker.sln.</summary>
    public static string Path(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "QBroker.sln")))
            {
                return System.IO.Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new DirectoryNotFoundException($"No QBroker.sln above {AppContext.BaseDirectory}.");
    }
}
