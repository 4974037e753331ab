namespace Assay.Statistics.Resampling;

/// <summary>A small, fast, seedable pseudo-random generator (Steele, Lea &amp; Flood's SplitMix64).</summary>
/// <remarks>
/// Used instead of <see cref="Random"/> so that a seed gives the same stream on every runtime version;
/// not for cryptography. A mutable struct: pass it by reference.
/// </remarks>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A generator for stream <paramref name="stream"/> of a seed, independent of the others in practice.</summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream)
    {
        var mixer = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (stream + 1)));
        return new SplitMix64(mixer.NextUInt64());
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, bound), by Lemire's multiply-shift with rejection (no modulo bias).</summary>
    public int NextInt(int bound)
    {
        var range = (uint)bound;
        var product = (NextUInt64() >> 32) * range;
        var low = (uint)product;
        if (low < range)
        {
            var threshold = unchecked(0u - range) % range;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * range;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
