using System.CommandLine;
using System.CommandLine.Parsing;

namespace QBroker.Cli.Qkd;

/// <summary>Where a qkd command writes, and whether it writes JSON.</summary>
internal static class QkdOutput
{
    public static TextWriter Out(ParseResult parseResult) => parseResult.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult parseResult) => parseResult.InvocationConfiguration.Error;

    /// <summary>
    /// True if --json was given: either this command's own option, or the root's recursive one when qkd runs inside
    /// the full qbroker command line (that option belongs to another command tree, so it is recognised by its token).
    /// </summary>
    public static bool Json(ParseResult parseResult, Option<bool> ownJson) =>
        parseResult.GetValue(ownJson) || parseResult.Tokens.Any(t => t.Type == TokenType.Option && t.Value == "--json");
}
