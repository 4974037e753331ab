using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Assay.Ingest;

/// <summary>Finds the strings a JSON document holds but .NET cannot read: unpaired UTF-16 surrogate escapes and duplicate property names.</summary>
/// <remarks>
/// The slow path only: it runs after the fast path has failed on an item, to say where. A property name that
/// cannot be decoded appears in its pointer as written in the request (e.g. <c>/metadata/tags/\ud800</c>).
/// Reports at most <see cref="MaxProblems"/> problems. Pure and thread-safe.
/// </remarks>
public static class JsonDefects
{
    public const int MaxProblems = 16;

    /// <summary>Adds a problem for each defect in <paramref name="element"/>; <paramref name="duplicates"/> also looks for repeated names.</summary>
    public static void Find(JsonElement element, string at, bool duplicates, List<IngestProblem> problems)
    {
        if (problems.Count >= MaxProblems)
            return;
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? names = duplicates ? new(StringComparer.Ordinal) : null;
                foreach (var property in element.EnumerateObject())
                {
                    string pointer;
                    if (TryName(property, out var name))
                    {
                        pointer = JsonPointer.Append(at, name);
                        if (names is not null && !names.Add(name))
                            Add(problems, new(pointer, $"duplicate property '{InteractionParser.Truncate(name)}'"));
                    }
                    else
                    {
                        var raw = Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));
                        pointer = JsonPointer.Append(at, raw);
                        Add(problems, new(pointer, $"the property name holds an unpaired UTF-16 surrogate escape ({LoneSurrogate(raw)}); JSON text must be valid Unicode"));
                    }

                    Find(property.Value, pointer, duplicates, problems);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Find(item, JsonPointer.Append(at, index++), duplicates, problems);
                break;
            case JsonValueKind.String when !TryString(element):
                Add(problems, new(at, $"holds an unpaired UTF-16 surrogate escape ({LoneSurrogate(Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(element)))}); JSON text must be valid Unicode"));
                break;
        }
    }

    private static void Add(List<IngestProblem> problems, IngestProblem problem)
    {
        if (problems.Count < MaxProblems)
            problems.Add(problem);
    }

    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private static bool TryString(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The first <c>\uXXXX</c> escape in <paramref name="escaped"/> that is not half of a surrogate pair.</summary>
    private static string LoneSurrogate(string escaped)
    {
        var pendingHigh = -1;
        for (var i = 0; i < escaped.Length - 1; i++)
        {
            if (escaped[i] != '\\')
            {
                if (pendingHigh >= 0)
                    return escaped.Substring(pendingHigh, 6);
                continue;
            }

            if (escaped[i + 1] != 'u' || i + 6 > escaped.Length || !ushort.TryParse(escaped.AsSpan(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var unit))
            {
                if (pendingHigh >= 0)
                    return escaped.Substring(pendingHigh, 6);
                i++;
                continue;
            }

            if (char.IsLowSurrogate((char)unit))
            {
                if (pendingHigh < 0)
                    return escaped.Substring(i, 6);
                pendingHigh = -1;
            }
            else if (pendingHigh >= 0)
            {
                return escaped.Substring(pendingHigh, 6);
            }
            else if (char.IsHighSurrogate((char)unit))
            {
                pendingHigh = i;
            }

            i += 5;
        }

        return pendingHigh >= 0 ? escaped.Substring(pendingHigh, 6) : "\\u?";
    }
}
