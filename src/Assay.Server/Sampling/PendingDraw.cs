namespace Assay.Server.Sampling;

/// <summary>The samples drawn so far for one interaction and the tokens they cost, kept across a failed attempt for the retry.</summary>
internal sealed class PendingDraw(long sequence)
{
    public long Sequence { get; } = sequence;

    public List<string> Samples { get; } = [];

    public long Tokens { get; set; }
}
