namespace QBroker.Qkd.Estimation;

/// <summary>
/// The result of disclosing a random sample of the sifted signal bits: the sample's error count and the bits that
/// remain secret and go on to error correction (in their original order).
/// </summary>
public sealed record QberSample(int SampleSize, int SampleErrors, byte[] AliceKey, byte[] BobKey, byte[] EveKnowsBit)
{
    public double Qber => SampleSize == 0 ? 0 : (double)SampleErrors / SampleSize;
}
