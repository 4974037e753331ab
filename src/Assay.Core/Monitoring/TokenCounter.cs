using Microsoft.ML.Tokenizers;

namespace Assay.Monitoring;

/// <summary>Counts tokens with the o200k_base byte-pair encoding (the GPT-4o family's), embedded offline.</summary>
/// <remarks>
/// The tokenizer is built once (about 200 ms) on first use and shared: <see cref="TiktokenTokenizer"/> is thread-safe.
/// Counts are a fixed yardstick for drift, not the billing count of whatever model produced the text.
/// </remarks>
public static class TokenCounter
{
    private static readonly Lazy<TiktokenTokenizer> s_tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>The number of o200k_base tokens in <paramref name="text"/>; 0 for null or empty text.</summary>
    public static int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : s_tokenizer.Value.CountTokens(text);
}
