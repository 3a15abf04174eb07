using System.CommandLine;
using QBroker.Cli.Parsing;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Qkd.Links;

/// <summary>
/// <c>qbroker qkd links create ID --site-a A --site-b B --length-km L [physics]</c> (operators). Physics left out
/// take the server's defaults (the Gobby–Yuan–Shields link at 1 GHz); the server validates names and ranges.
/// </summary>
internal static class QkdLinksCreateCommand
{
    public static Command Create(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "Link id: lower-case letters, digits and dashes" };
        var siteA = new Option<string>("--site-a") { Description = "Site at Alice's end (an institution id or a trusted node)", Required = true };
        var siteB = new Option<string>("--site-b") { Description = "Site at Bob's end", Required = true };
        var length = BoundedNumber.Required<double>("--length-km", "Fibre length in km", double.Epsilon, 500);
        var loss = BoundedNumber.Optional<double>("--loss-db-per-km", "Fibre loss in dB/km (default 0.21)", 0, 10);
        var detector = BoundedNumber.Optional<double>("--detector-efficiency", "Bob's detection efficiency eta_Bob (default 0.045)", 0, 1);
        var darkCount = BoundedNumber.Optional<double>("--dark-count", "Background yield Y0 per pulse (default 1.7e-6)", 0, 1);
        var misalignment = BoundedNumber.Optional<double>("--misalignment", "Misalignment error e_det (default 0.033)", 0, 0.5);
        var clock = BoundedNumber.Optional<double>("--clock-rate-hz", "Pulse rate in Hz (default 1e9)", double.Epsilon, 1e11);
        var command = new Command("create", "Create a link between two sites (operators); it starts producing key at once")
        {
            id, siteA, siteB, length, loss, detector, darkCount, misalignment, clock,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var request = new CreateQkdLinkRequest
            {
                Id = parseResult.GetValue(id)!,
                SiteA = parseResult.GetValue(siteA)!,
                SiteB = parseResult.GetValue(siteB)!,
                LengthKm = parseResult.GetValue(length),
                LossDbPerKm = parseResult.GetValue(loss),
                DetectorEfficiency = parseResult.GetValue(detector),
                DarkCountProbability = parseResult.GetValue(darkCount),
                Misalignment = parseResult.GetValue(misalignment),
                ClockRateHz = parseResult.GetValue(clock),
            };
            var created = await QkdLinkRefusals.ExplainAsync(() => client.CreateQkdLinkAsync(request, cancellationToken), "only operators create links");
            session.Print(parseResult, created, QBrokerJsonContext.Default.QkdLinkView, l => session.Console.Write(QkdLinkTable.Build([l])));
            return ExitCodes.Success;
        });
        return command;
    }
}
