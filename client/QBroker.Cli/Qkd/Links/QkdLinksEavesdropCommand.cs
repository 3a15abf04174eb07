using System.CommandLine;
using QBroker.Cli.Parsing;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Qkd.Links;

/// <summary>
/// <c>qbroker qkd links eavesdrop LINK --fraction F [--kind K]</c> puts an eavesdropper on a link;
/// <c>--off</c> removes it. Operators may do it on any link, institution admins on links at their site.
/// </summary>
internal static class QkdLinksEavesdropCommand
{
    public static Command Create(CliSession session)
    {
        var link = new Argument<string>("link") { Description = "Link id (see 'qbroker qkd links')" };
        var fraction = BoundedNumber.Optional<double>("--fraction", "Fraction of pulses the eavesdropper attacks", 0, 1);
        var kind = QkdLinkOptions.Choice(
            "--kind", QkdEavesdropperView.InterceptResend, "Attack: intercept-resend, or photon-number-splitting on multi-photon pulses",
            QkdEavesdropperView.InterceptResend, QkdEavesdropperView.PhotonNumberSplitting);
        var off = new Option<bool>("--off") { Description = "Remove the eavesdropper" };
        var command = new Command("eavesdrop", "Put an eavesdropper on a link (--fraction F), or remove it (--off)") { link, fraction, kind, off };
        command.Validators.Add(result =>
        {
            var hasFraction = result.GetResult(fraction) is { Implicit: false };
            var isOff = result.GetValue(off);
            if (hasFraction == isOff)
            {
                result.AddError("give --fraction F to put an eavesdropper on the link, or --off to remove it (not both)");
            }
            else if (isOff && result.GetResult(kind) is { Implicit: false })
            {
                result.AddError("--kind goes with --fraction, not with --off");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var eavesdropper = parseResult.GetValue(off) ? null : new QkdEavesdropperView(parseResult.GetValue(kind)!, parseResult.GetValue(fraction)!.Value);
            var changed = await QkdLinkRefusals.ExplainAsync(
                () => client.SetQkdEavesdropperAsync(parseResult.GetValue(link)!, eavesdropper, cancellationToken),
                "operators, and admins of an institution at either end of the link, may change it");
            session.Print(parseResult, changed, QBrokerJsonContext.Default.QkdLinkView, l => session.Console.Write(QkdLinkTable.Build([l])));
            return ExitCodes.Success;
        });
        return command;
    }
}
