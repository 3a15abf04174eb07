using System.Text;
using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Tests.Qkd.Channels;

/// <summary>Text messages for the channel grain tests: what goes in, what came out.</summary>
internal static class ChannelText
{
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    public static string[] Read(ChannelReceiveOutcome outcome) => [.. outcome.Messages.Select(m => Encoding.UTF8.GetString(m.Plaintext))];
}
