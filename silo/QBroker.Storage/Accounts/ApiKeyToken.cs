using System.Security.Cryptography;
using System.Text;

namespace QBroker.Storage.Accounts;

/// <summary>
/// The bearer token format "qbk_{id}_{secret}": a public key id to find the record and 256 random bits of secret.
/// Because the secret is uniformly random and long, one SHA-256 is enough to store it safely (a slow password hash
/// protects low-entropy secrets, which these are not), and lookups stay cheap on every request.
/// </summary>
public static class ApiKeyToken
{
    private const string Prefix = "qbk_";

    /// <summary>Makes a new token; returns the token to hand out once and the hash to store.</summary>
    public static (string Id, string Token, string SecretSha256) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    /// <summary>The stored form of an operator key injected verbatim (QBROKER_ADMIN_KEY), whatever its shape.</summary>
    public static (string Id, string SecretSha256) FromInjectedKey(string injected)
    {
        var (id, secret) = Identify(injected);
        return (id, Hash(secret));
    }

    /// <summary>
    /// The key id and secret of a presented token. Tokens in our format carry their id; any other string (an
    /// injected key) is identified by a prefix of its own hash, so it can be used exactly as injected.
    /// </summary>
    public static (string Id, string Secret) Identify(string presented) =>
        TryParse(presented, out var id, out var secret) ? (id, secret) : ($"inj{Hash(presented)[..9]}", presented);

    /// <summary>Splits a token of our format into key id and secret.</summary>
    public static bool TryParse(string token, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var separator = token.IndexOf('_', Prefix.Length);
        if (separator <= Prefix.Length || separator == token.Length - 1)
        {
            return false;
        }
        id = token[Prefix.Length..separator];
        secret = token[(separator + 1)..];
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares a presented secret with a stored hash in constant time.</summary>
    public static bool Matches(string presentedSecret, string storedSha256) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(presentedSecret)),
            Encoding.ASCII.GetBytes(storedSha256));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
