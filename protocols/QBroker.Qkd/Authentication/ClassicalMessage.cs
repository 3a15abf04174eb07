namespace QBroker.Qkd.Authentication;

/// <summary>The kinds of message Alice and Bob exchange on the classical channel during a session.</summary>
public enum ClassicalMessage
{
    /// <summary>Bob: which pulses clicked and the basis (BBM92: the setting, test angles included) of each.</summary>
    BobBases,

    /// <summary>Alice: for each click, whether the bases matched, and which state (signal, decoy, vacuum) she sent.</summary>
    AliceSiftingAnswer,

    /// <summary>BBM92: both parties' outcomes of the CHSH test rounds.</summary>
    TestOutcomes,

    /// <summary>Both parties' sifted bits of the decoy and vacuum states.</summary>
    DecoyBits,

    /// <summary>Alice: the size of the parameter-estimation sample.</summary>
    SampleSize,

    /// <summary>Bob: the errors he found in the sample.</summary>
    SampleErrors,

    /// <summary>Alice: Cascade block parities and her BINARY answers.</summary>
    CascadeParities,

    /// <summary>Bob: the ranges whose parity he asks for while bisecting an odd block (BINARY).</summary>
    BinaryRequests,

    /// <summary>Alice: the verification hash of a reconciled frame.</summary>
    VerificationTag,

    /// <summary>Alice: the public seed of the Toeplitz matrix.</summary>
    PrivacyAmplificationSeed,
}
