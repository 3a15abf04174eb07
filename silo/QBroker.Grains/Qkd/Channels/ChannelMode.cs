namespace QBroker.Grains.Qkd.Channels;

public enum ChannelMode
{
    /// <summary>AES-256-GCM with a fresh 256-bit QKD key per message (computational security).</summary>
    AesGcm,

    /// <summary>
    /// One-time pad with a Wegman–Carter tag (polynomial hash over GF(2^64), tag padded with key): information-
    /// theoretic secrecy and authentication; spends as many key bytes as the message plus 16.
    /// </summary>
    OneTimePad,

    /// <summary>AES-256-GCM under a key derived from the QKD key and an ML-KEM-768 shared secret: secure while either holds.</summary>
    Hybrid,
}
