namespace QBroker.Grains.Qkd.Channels;

/// <summary>The API names of the channel modes.</summary>
public static class ChannelModes
{
    public const string AesGcm = "aes-gcm";
    public const string OneTimePad = "one-time-pad";

    public static bool TryParse(string? name, out ChannelMode mode)
    {
        (var known, mode) = name switch
        {
            AesGcm => (true, ChannelMode.AesGcm),
            OneTimePad => (true, ChannelMode.OneTimePad),
            _ => (false, ChannelMode.AesGcm),
        };
        return known;
    }

    public static string Name(ChannelMode mode) => mode == ChannelMode.OneTimePad ? OneTimePad : AesGcm;
}
