namespace QBroker.Qkd.Sessions;

public enum AbortReason
{
    None,

    /// <summary>Too few sifted signal bits to estimate anything.</summary>
    InsufficientDetections,

    /// <summary>The sampled QBER exceeded the configured threshold.</summary>
    QberAboveThreshold,

    /// <summary>The bound on the secret key length is not positive.</summary>
    NoSecureKey,

    /// <summary>Every frame failed the verification hash after error correction.</summary>
    VerificationFailed,

    /// <summary>A tag on the classical channel did not verify: the channel was tampered with.</summary>
    AuthenticationFailed,

    /// <summary>An authentication pool ran out of key.</summary>
    AuthenticationKeyExhausted,

    /// <summary>The key produced does not repay the authentication key the session consumed.</summary>
    KeyBelowAuthenticationCost,

    /// <summary>BBM92: the CHSH value of the test rounds is not above 2 by the required margin: no entanglement shown.</summary>
    NoBellViolation,
}
