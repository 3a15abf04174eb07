using System.Net;
using QBroker.Client;

namespace QBroker.Cli.Qkd.Links;

/// <summary>
/// Says who may change links when the API refuses with 403. For jobs the CLI reports 403 as "not found" (the API
/// hides other owners' jobs that way), but links are public: a 403 here is a missing role, and saying so helps.
/// </summary>
internal static class QkdLinkRefusals
{
    public static async Task<T> ExplainAsync<T>(Func<Task<T>> call, string whoMay)
    {
        try
        {
            return await call();
        }
        catch (QBrokerApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new CliException(ExitCodes.Error, $"{CliErrors.Prefix}not allowed: {CliErrors.OneLine(e.Message)} (HTTP 403; {whoMay})");
        }
    }
}
