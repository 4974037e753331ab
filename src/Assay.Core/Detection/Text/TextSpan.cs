namespace Assay.Detection.Text;

/// <summary>A range of UTF-16 code units in a text, end exclusive.</summary>
internal readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
}
