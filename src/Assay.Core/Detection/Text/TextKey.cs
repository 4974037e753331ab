namespace Assay.Detection.Text;

/// <summary>The 64-bit FNV-1a hash that word keys are made of.</summary>
internal static class TextKey
{
    public const ulong Seed = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Add(ulong hash, char c) => (hash ^ c) * Prime;

    /// <summary>The key of a pair of adjacent words (order matters).</summary>
    public static ulong Pair(ulong first, ulong second) => (ulong.RotateLeft(first, 23) ^ second) * Prime;

    /// <summary>The key of an already normalised word, as <see cref="WordTokenizer"/> would compute it.</summary>
    public static ulong Of(ReadOnlySpan<char> normalised)
    {
        var hash = Seed;
        foreach (var c in normalised)
        {
            hash = Add(hash, c);
        }

        return hash;
    }
}
