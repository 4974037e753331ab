namespace Assay.Domain;

/// <summary>Reads an enum from its declared name only.</summary>
/// <remarks>
/// <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> also accepts numbers and comma lists that OR values
/// together ("reviewer,lead" reads as admin), which no client input should be able to do.
/// </remarks>
public static class EnumText
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
