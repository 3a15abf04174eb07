namespace QBroker.Grains.Qkd;

/// <summary>How QKD links run and serve keys. Bound from the "QBroker:Qkd" configuration section.</summary>
public sealed class QkdOptions
{
    public const string SectionName = "QBroker:Qkd";

    /// <summary>
    /// How often an active link checks whether its next block is due. Default 250 ms: a block runs once the link
    /// time of the previous one has passed (so a pool fills at the link's physical rate, not faster), and the check
    /// itself costs nothing; tests use tens of milliseconds.
    /// </summary>
    public TimeSpan BlockPeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Sifted signal bits that enter error correction per block. Default 1,048,576: on this machine a block then
    /// costs about 90 ms of CPU whatever the link (1.37 s of link time on a 48 km GYS link, leaving ~190,000 key
    /// bits: 0.07 core per link while it fills); blocks of 65,536 bits leave only 2,300-3,200 bits, because the
    /// finite-size decoy bounds take most of a small block, so they cost ~5x more CPU per key bit
    /// (docs/benchmarks-qkd-links.md).
    /// </summary>
    public int BlockKeyBits { get; set; } = 1_048_576;

    /// <summary>
    /// Bytes each directional pool holds at most; blocks stop while both pools are full (but for supervision, see
    /// <see cref="SupervisionPeriod"/>). Default 64 KiB.
    /// </summary>
    public int PoolCapacityBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// While both pools are full, a link still runs a block this long after the last one was due, and at once when
    /// its eavesdropper changes: an attack on an idle link then shows in its QBER and abort reason, and its key stops
    /// being served, without waiting for key to be drawn. The block's key that does not fit is discarded. Default
    /// 10 s: one block (tens of ms of CPU) per link every 10 s while idle.
    /// </summary>
    public TimeSpan SupervisionPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Below this fraction of capacity a pool is "low". Default 0.1.</summary>
    public double LowFraction { get; set; } = 0.1;

    /// <summary>At or above this fraction of capacity a pool is "ready". Default 0.5.</summary>
    public double ReadyFraction { get; set; } = 0.5;

    /// <summary>Pre-shared secret (bytes) that authenticates a new link's first sessions. Default 4 KiB.</summary>
    public int PreSharedSecretBytes { get; set; } = 4096;

    /// <summary>ETSI 014 key_size: the default key size in bits. Default 256 (an AES-256 key).</summary>
    public int DefaultKeySizeBits { get; set; } = 256;

    /// <summary>ETSI 014 min_key_size in bits. Default 64.</summary>
    public int MinKeySizeBits { get; set; } = 64;

    /// <summary>ETSI 014 max_key_size in bits. Default 8192.</summary>
    public int MaxKeySizeBits { get; set; } = 8192;

    /// <summary>ETSI 014 max_key_per_request. Default 128.</summary>
    public int MaxKeysPerRequest { get; set; } = 128;

    /// <summary>Keys handed to a master that may wait for its slave at once; beyond this enc_keys answers 503. Default 4096.</summary>
    public int MaxPendingKeys { get; set; } = 4096;

    /// <summary>
    /// Bytes key delivery draws from a pair's path of links at once into its in-memory reserve (more when one
    /// request needs more, less when the path holds less). Default 16 KiB: 512 keys of 256 bits per link draw.
    /// </summary>
    public int ReserveChunkBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// When a request leaves a pair's reserve below this fraction of <see cref="ReserveChunkBytes"/>, the next chunk
    /// is drawn in the background, so the request that would have emptied the reserve does not wait for the links'
    /// draws. Default 0.25. Zero draws only when a request finds the reserve short.
    /// </summary>
    public double ReservePrefetchFraction { get; set; } = 0.25;

    /// <summary>
    /// How old the last health check of a reserve's links may be when a key is issued from it. Default 100 ms: an
    /// attacked link stops serving reserved key within that, and at thousands of requests a second the check is
    /// one call in hundreds. Zero checks on every request.
    /// </summary>
    public TimeSpan ReserveHealthMaxAge { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest relay path, in links. Default 4.</summary>
    public int MaxRelayHops { get; set; } = 4;

    public void Validate()
    {
        if (BlockPeriod <= TimeSpan.Zero || SupervisionPeriod <= TimeSpan.Zero || BlockKeyBits < 1024 || PoolCapacityBytes < 64 || PreSharedSecretBytes < 256)
        {
            throw new ArgumentException("QKD options: the block and supervision periods must be positive, blocks at least 1024 bits, pools at least 64 bytes, the pre-shared secret at least 256 bytes.");
        }
        if (LowFraction is < 0 or > 1 || ReadyFraction < LowFraction || ReadyFraction > 1)
        {
            throw new ArgumentException("QKD options: need 0 <= LowFraction <= ReadyFraction <= 1.");
        }
        if (MinKeySizeBits < 8 || MinKeySizeBits % 8 != 0 || MaxKeySizeBits % 8 != 0 || MaxKeySizeBits < MinKeySizeBits
            || DefaultKeySizeBits < MinKeySizeBits || DefaultKeySizeBits > MaxKeySizeBits || DefaultKeySizeBits % 8 != 0)
        {
            throw new ArgumentException("QKD options: key sizes must be multiples of 8 with min <= default <= max.");
        }
        if (MaxKeysPerRequest < 1 || MaxPendingKeys < MaxKeysPerRequest || MaxRelayHops < 1)
        {
            throw new ArgumentException("QKD options: need at least one key per request, room for one request pending, one hop.");
        }
        if (ReserveChunkBytes < 1 || ReserveHealthMaxAge < TimeSpan.Zero || ReservePrefetchFraction is not (>= 0 and <= 1))
        {
            throw new ArgumentException("QKD options: the reserve chunk must be at least one byte, its health check age not negative and its prefetch fraction within [0, 1].");
        }
    }
}
