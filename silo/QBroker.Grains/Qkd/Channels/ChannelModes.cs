namespace QBroker.Grains.Qkd.Channels;

/// <summary>The API names of the channel modes.</summary>
public static class ChannelModes
{
    public const string AesGcm = "aes-gcm";
    public const string OneTimePad = "one-time-pad";
    public const string Hybrid = "hybrid";

    public static bool TryParse(string? name, out ChannelMode mode)
    {
        (var known, mode) = name switch
        {
            AesGcm => (true, ChannelMode.AesGcm),
            OneTimePad => (true, ChannelMode.OneTimePad),
            Hybrid => (true, ChannelMode.Hybrid),
            _ => (false, ChannelMode.AesGcm),
        };
        return known;
    }

    public static string Name(ChannelMode mode) => mode switch
    {
        ChannelMode.OneTimePad => OneTimePad,
        ChannelMode.Hybrid => Hybrid,
        _ => AesGcm,
    };
}
