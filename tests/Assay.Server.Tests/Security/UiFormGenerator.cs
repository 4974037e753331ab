using System.Globalization;
using System.Text;

namespace Assay.Server.Tests.Security;

/// <summary>Generates the form posts of a UI fuzz run: random fields and values, sometimes badly encoded; seeded per request.</summary>
internal sealed class UiFormGenerator(int seed, FuzzUiSession session, string key, IReadOnlyList<string> categories, IReadOnlyList<string> taskIds)
{
    private static readonly string[] s_values =
    [
        "", "true", "false", "high", "HIGH", "critical", "1", "-1", "NaN", "Infinity", "1e999", "86400", "0.5", " ", "é𝄞",
        "hallucination", "reviewer,lead", "\0", "<script>alert(1)</script>", "%", "assay_", "a=b&c=d",
    ];

    private static readonly string[] s_badEscapes = ["%", "%G1", "%FF", "%ED%A0%80", "%C0%80", "%u00e9", "%%", "%E2%82", "+%2B+"];

    public FuzzRequest Next(string template, int index)
    {
        var random = new Random(unchecked((seed * 1_000_033) + index));
        var signIn = template == "/ui/signin";
        var path = template.Replace("{taskId}", random.Next(10) == 0 ? "987654321" : taskIds[random.Next(taskIds.Count)], StringComparison.Ordinal);
        var fields = Fields(template, random);
        var token = random.Next(10) switch
        {
            0 => null,
            1 => "garbage",
            2 => signIn ? session.Token : session.AnonymousToken,
            _ => signIn ? session.AnonymousToken : session.Token,
        };
        if (token is not null)
            fields.Insert(random.Next(fields.Count + 1), ("__csrf", token));
        var cookie = random.Next(12) == 0 ? null : signIn ? session.AnonymousCookie : session.Cookie;

        var (body, contentType, encoding) = random.Next(20) switch
        {
            < 12 => (Encoding.UTF8.GetBytes(UrlEncoded(fields)), "application/x-www-form-urlencoded", "urlencoded"),
            < 15 => (BadlyEncoded(fields, random), "application/x-www-form-urlencoded", "bad-escapes"),
            < 17 => (Multipart(fields, random, out var boundary), $"multipart/form-data; boundary={boundary}", "multipart"),
            17 => ([], random.Next(2) == 0 ? "application/x-www-form-urlencoded" : null, "empty"),
            18 => (Encoding.UTF8.GetBytes(UrlEncoded(fields)), random.Next(2) == 0 ? "application/json" : "text/plain", "wrong-type"),
            _ => (RandomBytes(random), "application/x-www-form-urlencoded; charset=utf-16", "random-bytes"),
        };
        var names = string.Join(',', fields.Select(f => f.Name.Length > 20 ? f.Name[..20] + "…" : f.Name).Distinct().Take(8));
        return new FuzzRequest(index, "POST", path, $"{encoding}[{names}]{(token is null ? " no-token" : "")}{(cookie is null ? " no-cookie" : "")}",
            body, contentType, Chunked: random.Next(10) == 0, Cookie: cookie);
    }

    private List<(string Name, string Value)> Fields(string template, Random random)
    {
        var fields = new List<(string, string)>();
        if (template == "/ui/signin")
            fields.Add(("key", random.Next(4) switch { 0 => key, 1 => "assay_" + Value(random), 2 => new string('k', random.Next(3000)), _ => Value(random) }));
        else if (template != "/ui/signout")
        {
            for (var i = random.Next(4); i > 0; i--)
                fields.Add(("category", random.Next(3) > 0 ? categories[random.Next(categories.Count)] : Value(random)));
            if (random.Next(3) == 0)
                fields.Add(("no_failure", random.Next(2) == 0 ? "true" : Value(random)));
            if (random.Next(2) == 0)
                fields.Add(("severity", random.Next(2) == 0 ? "medium" : Value(random)));
            if (random.Next(2) == 0)
                fields.Add(("note", random.Next(5) == 0 ? new string('n', random.Next(9_990, 10_010)) : Value(random)));
            if (random.Next(2) == 0)
                fields.Add(("seconds", Value(random)));
        }

        switch (random.Next(12))
        {
            case 0:
                fields.Add((Value(random), Value(random)));
                break;
            case 1 when fields.Count > 0:
                fields.Add(fields[random.Next(fields.Count)]);
                break;
            case 2:
                // Beyond the form reader's default limit of 1,024 values.
                fields.AddRange(Enumerable.Range(0, random.Next(1000, 1100)).Select(i => ("category", i.ToString(CultureInfo.InvariantCulture))));
                break;
            case 3:
                // Beyond the default key length limit of 2,048.
                fields.Add((new string('f', random.Next(2040, 2100)), "v"));
                break;
            case 4:
                fields.Add(("note", new string('x', random.Next(50_000, 200_000))));
                break;
        }

        return fields;
    }

    private static string Value(Random random) => s_values[random.Next(s_values.Length)];

    private static string UrlEncoded(List<(string Name, string Value)> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    private static byte[] BadlyEncoded(List<(string Name, string Value)> fields, Random random)
    {
        var text = UrlEncoded(fields);
        var at = random.Next(text.Length + 1);
        var bytes = Encoding.UTF8.GetBytes(text[..at] + s_badEscapes[random.Next(s_badEscapes.Length)] + text[at..]).ToList();
        if (random.Next(3) == 0)
            bytes.Insert(random.Next(bytes.Count + 1), 0xFF);
        if (random.Next(4) == 0)
            bytes.AddRange("&&=&=x&"u8.ToArray());
        return [.. bytes];
    }

    private static byte[] Multipart(List<(string Name, string Value)> fields, Random random, out string boundary)
    {
        boundary = random.Next(5) == 0 ? new string('b', random.Next(60, 90)) : "fz" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
            text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        // Sometimes the closing boundary is missing or wrong, as in a cut-off upload.
        text.Append(random.Next(4) switch { 0 => "", 1 => "--other--\r\n", _ => $"--{boundary}--\r\n" });
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 1024)];
        random.NextBytes(bytes);
        return bytes;
    }
}
