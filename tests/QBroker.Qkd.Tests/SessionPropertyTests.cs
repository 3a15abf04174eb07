using FsCheck.Xunit;
using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;

namespace QBroker.Qkd.Tests;

public sealed class SessionPropertyTests
{
    /// <summary>
    /// Over random seeds, distances, protocols and partial intercept-resend, a session either aborts and releases
    /// nothing, or releases identical keys of the reported length.
    /// </summary>
    [Property(MaxTest = 25)]
    public bool Keys_are_identical_or_nothing_is_released(ulong seed, byte distance, bool singlePhoton, byte eavesdropping)
    {
        var km = distance % 60;
        var fraction = (eavesdropping % 5) / 10.0;
        var link = singlePhoton
            ? new LinkConfiguration { LengthKm = km, Protocol = QkdProtocol.Bb84, Source = SourceSettings.SinglePhoton }
            : LinkConfiguration.GobbyYuanShields(km);
        if (fraction > 0)
        {
            link = link with { Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend, fraction) };
        }

        var session = new QkdSession(link);
        var result = session.Run(seed, Math.Min(200_000_000, session.PulsesForKeyBits(20_000)));
        return result.Report.Aborted
            ? result.AliceKey.Length == 0 && result.BobKey.Length == 0 && result.Report.FinalKeyBits == 0
            : result.AliceKey.AsSpan().SequenceEqual(result.BobKey) && result.AliceKey.Length * 8L == result.Report.FinalKeyBits;
    }
}
