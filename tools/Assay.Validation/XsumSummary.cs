namespace Assay.Validation;

/// <summary>One XSum summary with how many of its raters marked a hallucinated span.</summary>
internal sealed record XsumSummary(string Document, string System, string Summary, int Raters, int Marked)
{
    /// <summary>A majority of the raters marked a hallucinated span.</summary>
    public bool Hallucinated => Marked * 2 > Raters;
}
