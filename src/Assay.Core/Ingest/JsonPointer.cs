namespace Assay.Ingest;

/// <summary>Builds RFC 6901 JSON pointers, escaping <c>~</c> and <c>/</c> in member names.</summary>
internal static class JsonPointer
{
    public static string Append(string parent, string member) =>
        parent + "/" + member.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string parent, int index) => parent + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
