using System.Globalization;
using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>Groups flattened list attributes (<c>prefix.{i}.rest</c>) by index, the form OpenLLMetry and OpenInference use.</summary>
internal static class IndexedAttributes
{
    /// <summary>Index to (rest of the key to value), indexes in ascending order; keys whose index is not a number are skipped.</summary>
    public static SortedDictionary<int, Dictionary<string, AnyValue>> Group(IReadOnlyDictionary<string, AnyValue> attributes, string prefix)
    {
        var result = new SortedDictionary<int, Dictionary<string, AnyValue>>();
        foreach (var (key, value) in attributes)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length <= prefix.Length || key[prefix.Length] != '.')
                continue;
            var rest = key.AsSpan(prefix.Length + 1);
            var dot = rest.IndexOf('.');
            var indexText = dot < 0 ? rest : rest[..dot];
            if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                continue;
            if (!result.TryGetValue(index, out var members))
                result[index] = members = new Dictionary<string, AnyValue>(StringComparer.Ordinal);
            members[dot < 0 ? "" : rest[(dot + 1)..].ToString()] = value;
        }

        return result;
    }

    public static string? Text(Dictionary<string, AnyValue> members, string key) =>
        members.TryGetValue(key, out var value) ? OtlpValues.Text(value) : null;
}
