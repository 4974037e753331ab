using System.Text.Json;

namespace Assay.Server.Tests;

/// <summary>Checks the API's convention for statistics it cannot compute: JSON null, and a <c>warning</c> beside it saying why.</summary>
internal static class UndefinedNumbers
{
    /// <summary>Asserts <paramref name="body"/> has no "NaN" or "Infinity", some null, and a warning in every object holding a null.</summary>
    /// <returns>The paths of the null numbers, e.g. <c>$.overall.alpha.value</c>.</returns>
    public static IReadOnlyList<string> AssertNullWithWarning(string body)
    {
        Assert.DoesNotContain("NaN", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", body, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(body);
        var nulls = new List<string>();
        Walk(document.RootElement, "$", nulls);
        Assert.NotEmpty(nulls);
        return nulls;
    }

    private static void Walk(JsonElement element, string path, List<string> nulls)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
                Walk(item, $"{path}[{i++}]", nulls);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
            return;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                nulls.Add($"{path}.{property.Name}");
                Assert.True(element.TryGetProperty("warning", out var warning) && !string.IsNullOrWhiteSpace(warning.GetString()),
                    $"{path}.{property.Name} is null but {path} has no warning");
            }
            else
            {
                Walk(property.Value, $"{path}.{property.Name}", nulls);
            }
        }
    }
}
