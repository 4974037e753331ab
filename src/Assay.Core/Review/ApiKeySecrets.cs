using System.Security.Cryptography;
using System.Text;

namespace Assay.Review;

/// <summary>Creates and checks API key tokens of the form <c>assay_{keyId}_{secret}</c>.</summary>
/// <remarks>
/// Only the SHA-256 of the secret is stored. The secret is 32 random bytes, so a fast hash is enough:
/// slow password hashes exist to protect guessable secrets, and these are not guessable.
/// </remarks>
public static class ApiKeySecrets
{
    private const string Prefix = "assay_";

    /// <summary>A new token and its parts; the token is shown once and never stored.</summary>
    public static (string Token, string KeyId, string SecretHash) Create()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{keyId}_{secret}", keyId, Hash(secret));
    }

    /// <summary>Splits a presented token; false when it is not shaped like one of ours.</summary>
    public static bool TryParse(string token, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = token.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != 12)
            return false;
        keyId = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return secret.Length > 0;
    }

    /// <summary>Compares in constant time, so that response timing reveals nothing of the stored hash.</summary>
    public static bool Verify(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
