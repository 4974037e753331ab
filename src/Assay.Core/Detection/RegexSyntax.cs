using System.Globalization;

namespace Assay.Detection;

/// <summary>A small, conservative parser of .NET regular-expression syntax.</summary>
/// <remarks>
/// It understands enough to find literals and nested quantifiers. Whatever it does not understand
/// (inline options, backreferences, lookarounds, conditionals, octal escapes) makes it give up and
/// return null, so that callers fall back to the safe choice (run the regex on every text).
/// </remarks>
internal static class RegexSyntax
{
    /// <summary>Parses <paramref name="pattern"/> into its top-level alternatives, or returns null.</summary>
    public static IReadOnlyList<IReadOnlyList<RegexNode>>? TryParse(string pattern)
    {
        var position = 0;
        var result = ParseAlternatives(pattern, ref position);
        return result is not null && position == pattern.Length ? result : null;
    }

    private static List<IReadOnlyList<RegexNode>>? ParseAlternatives(string p, ref int i)
    {
        var alternatives = new List<IReadOnlyList<RegexNode>>();
        var sequence = new List<RegexNode>();
        while (i < p.Length && p[i] != ')')
        {
            var c = p[i];
            if (c == '|')
            {
                alternatives.Add(sequence);
                sequence = [];
                i++;
                continue;
            }

            if (c is '*' or '+' or '?' || (c == '{' && IsQuantifier(p, i)))
            {
                if (sequence.Count == 0 || !ApplyQuantifier(p, ref i, sequence[^1]))
                {
                    return null;
                }

                continue;
            }

            var atom = ParseAtom(p, ref i);
            if (atom is null)
            {
                return null;
            }

            sequence.Add(atom);
        }

        alternatives.Add(sequence);
        return alternatives;
    }

    private static RegexNode? ParseAtom(string p, ref int i)
    {
        var start = i;
        var c = p[i];
        switch (c)
        {
            case '(':
                return ParseGroup(p, ref i);
            case '[':
                return SkipClass(p, ref i) ? new RegexNode(RegexNodeKind.Other, start) : null;
            case '.' or '^' or '$':
                i++;
                return new RegexNode(RegexNodeKind.Other, start);
            case '\\':
                return ParseEscape(p, ref i);
            default:
                i++;
                return new RegexNode(RegexNodeKind.Char, start) { Char = c };
        }
    }

    private static RegexNode? ParseGroup(string p, ref int i)
    {
        var start = i;
        i++;
        if (i < p.Length && p[i] == '?')
        {
            // Only non-capturing and named groups; lookarounds, atomic groups, options and
            // conditionals are outside what this parser reasons about.
            if (i + 1 < p.Length && p[i + 1] == ':')
            {
                i += 2;
            }
            else if (i + 1 < p.Length && (p[i + 1] == '<' || p[i + 1] == '\'')
                && i + 2 < p.Length && char.IsLetter(p[i + 2]))
            {
                var close = p.IndexOf(p[i + 1] == '<' ? '>' : '\'', i + 2);
                if (close < 0)
                {
                    return null;
                }

                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        var alternatives = ParseAlternatives(p, ref i);
        if (alternatives is null || i >= p.Length || p[i] != ')')
        {
            return null;
        }

        i++;
        return new RegexNode(RegexNodeKind.Group, start) { Alternatives = alternatives };
    }

    private static RegexNode? ParseEscape(string p, ref int i)
    {
        var start = i;
        if (i + 1 >= p.Length)
        {
            return null;
        }

        var e = p[i + 1];
        i += 2;
        switch (e)
        {
            case 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                return new RegexNode(RegexNodeKind.Other, start);
            case 'p' or 'P':
                var close = p.IndexOf('}', i);
                if (close < 0)
                {
                    return null;
                }

                i = close + 1;
                return new RegexNode(RegexNodeKind.Other, start);
            case 'n': return Literal('\n');
            case 't': return Literal('\t');
            case 'r': return Literal('\r');
            case 'f': return Literal('\f');
            case 'v': return Literal('\v');
            case 'a': return Literal('\a');
            case 'e': return Literal('\u001B');
            case 'x': return Hex(p, ref i, 2, start);
            case 'u': return Hex(p, ref i, 4, start);
            default:
                // Digits (backreferences, octal), \k, \c and unknown letters are given up on.
                return char.IsLetterOrDigit(e) ? null : Literal(e);
        }

        RegexNode Literal(char value) => new(RegexNodeKind.Char, start) { Char = value };
    }

    private static RegexNode? Hex(string p, ref int i, int digits, int start)
    {
        if (i + digits > p.Length
            || !int.TryParse(p.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        i += digits;
        return new RegexNode(RegexNodeKind.Char, start) { Char = (char)value };
    }

    private static bool SkipClass(string p, ref int i)
    {
        // Character classes nest only through subtraction, e.g. [a-z-[aeiou]].
        var depth = 0;
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '[')
            {
                depth++;
                i++;
                if (i < p.Length && p[i] == '^')
                {
                    i++;
                }

                if (i < p.Length && p[i] == ']')
                {
                    i++;
                }

                continue;
            }

            i++;
            if (c == ']' && --depth == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsQuantifier(string p, int i)
    {
        var j = i + 1;
        var digits = 0;
        while (j < p.Length && char.IsAsciiDigit(p[j]))
        {
            j++;
            digits++;
        }

        if (digits == 0 || j >= p.Length)
        {
            return false;
        }

        if (p[j] == ',')
        {
            j++;
            while (j < p.Length && char.IsAsciiDigit(p[j]))
            {
                j++;
            }
        }

        return j < p.Length && p[j] == '}';
    }

    private static bool ApplyQuantifier(string p, ref int i, RegexNode node)
    {
        if (node.Min != 1 || node.Max != 1)
        {
            return false; // A quantified quantifier (a**) is a syntax error in .NET anyway.
        }

        switch (p[i])
        {
            case '*': node.Min = 0; node.Max = RegexNode.Unbounded; i++; break;
            case '+': node.Max = RegexNode.Unbounded; i++; break;
            case '?': node.Min = 0; i++; break;
            default:
                var close = p.IndexOf('}', i);
                var body = p.AsSpan(i + 1, close - i - 1);
                var comma = body.IndexOf(',');
                if (!int.TryParse(comma < 0 ? body : body[..comma], CultureInfo.InvariantCulture, out var min))
                {
                    return false;
                }

                var max = min;
                if (comma >= 0 && !int.TryParse(body[(comma + 1)..], CultureInfo.InvariantCulture, out max))
                {
                    max = comma == body.Length - 1 ? RegexNode.Unbounded : -1;
                }

                if (max < min)
                {
                    return false;
                }

                node.Min = min;
                node.Max = max;
                i = close + 1;
                break;
        }

        if (i < p.Length && p[i] == '?')
        {
            i++; // Laziness changes which match is found first, not which literals a match contains.
        }

        return true;
    }
}
