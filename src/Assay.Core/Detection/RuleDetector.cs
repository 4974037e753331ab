using Assay.Domain;
using Assay.Policy;

namespace Assay.Detection;

/// <summary>The detector that runs a policy's literal, lexicon and regex rules over an interaction.</summary>
/// <remarks>
/// <para>
/// Built once per policy. Every literal and lexicon term of every rule, together with the required literals
/// of the regexes (see <see cref="RegexAnalysis.RequiredLiterals"/>), goes into one
/// <see cref="AhoCorasick"/> automaton, so each text is read once whatever the number of rules. A regex runs
/// on a text only when one of its required literals occurred there, or always when none could be extracted; a
/// regex with a validator is also skipped on texts where no passing match could occur (<see cref="TextShape"/>).
/// </para>
/// <para>
/// One flag is raised per rule that fired, carrying up to <see cref="MaxEvidencePerFlag"/> evidence spans.
/// A regex match whose validator (Luhn, IBAN, SSN) fails, or that is empty, is not evidence. Instances are
/// immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class RuleDetector : IDetector
{
    /// <summary>The most evidence spans one flag carries; further matches are counted in the explanation only.</summary>
    public const int MaxEvidencePerFlag = 20;

    [ThreadStatic]
    private static List<AhoCorasickMatch>? s_threadMatches;

    [ThreadStatic]
    private static int[]? s_threadSetsSeen;

    private readonly CompiledRule[] _rules;
    private readonly CompiledRegex[] _regexes;
    private readonly MatcherEntry[] _entries;
    private readonly AhoCorasick? _matcher;
    private readonly bool[] _fieldRead = new bool[3];
    private readonly bool _useValidatorGate;

    private RuleDetector(PolicyDocument policy, bool usePrefilter)
    {
        Policy = policy;
        _useValidatorGate = usePrefilter;
        _rules = [.. policy.Rules.Select(r => new CompiledRule(r, policy.FindCategory(r.Category)))];
        var entries = new List<MatcherEntry>();
        var seen = new HashSet<(string, int, bool, bool)>();
        var regexes = new List<CompiledRegex>();
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r].Rule;
            foreach (var field in Enum.GetValues<TextField>())
            {
                _fieldRead[(int)field] |= _rules[r].Reads(field);
            }

            if (rule.Kind == RuleKind.Regex)
            {
                var sets = usePrefilter ? RegexAnalysis.RequiredLiteralSets(rule.Patterns[0], !rule.CaseSensitive) : [];
                for (var set = 0; set < sets.Count; set++)
                {
                    foreach (var literal in sets[set])
                    {
                        entries.Add(new MatcherEntry(literal, -1, regexes.Count, set, rule.CaseSensitive, WholeWord: false));
                    }
                }

                regexes.Add(new CompiledRegex(r, CompiledRegex.Create(rule.Patterns[0], rule.CaseSensitive), sets.Count));
                continue;
            }

            foreach (var pattern in rule.Patterns.Where(p => p.Length > 0))
            {
                var key = rule.CaseSensitive ? pattern : CaseFold.Fold(pattern);
                if (seen.Add((key, r, rule.CaseSensitive, rule.WholeWord)))
                {
                    entries.Add(new MatcherEntry(pattern, r, -1, 0, rule.CaseSensitive, rule.WholeWord));
                }
            }
        }

        _entries = [.. entries];
        _regexes = [.. regexes];
        _matcher = entries.Count > 0 ? AhoCorasick.Build([.. entries.Select(e => e.Text)]) : null;
    }

    /// <inheritdoc/>
    public string Id => "rules";

    /// <inheritdoc/>
    public IReadOnlyList<FlagKind> Kinds => [.. Policy.Rules.Select(r => new FlagKind(r.Id, r.Category))];

    /// <summary>The policy this detector was built from; its hash is recorded on every flag.</summary>
    public PolicyDocument Policy { get; }

    /// <summary>Compiles <paramref name="policy"/>'s rules.</summary>
    /// <exception cref="ArgumentException">A regex is invalid or unsupported by the non-backtracking engine (a loaded policy has none).</exception>
    public static RuleDetector Create(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new RuleDetector(policy, usePrefilter: true);
    }

    /// <summary>Compiles <paramref name="policy"/>, optionally without the regex prefilters (to test that they never change results).</summary>
    internal static RuleDetector Create(PolicyDocument policy, bool usePrefilter) => new(policy, usePrefilter);

    /// <inheritdoc/>
    public void Detect(Interaction interaction, ICollection<Flag> flags)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(flags);
        var collector = new EvidenceCollector();

        // Scratch space is per thread (the detector is shared by every pipeline worker) and reused across
        // calls, so a text full of prefilter hits does not grow a fresh list each time.
        var matches = s_threadMatches ??= [];
        var setsSeen = s_threadSetsSeen is { } cached && cached.Length >= _regexes.Length ? cached : s_threadSetsSeen = new int[_regexes.Length];
        for (var m = 0; m < interaction.Input.Count; m++)
        {
            Scan(TextField.Input, m, interaction.Input[m].Content, collector, matches, setsSeen);
        }

        Scan(TextField.Response, null, interaction.Response, collector, matches, setsSeen);
        if (interaction.Reasoning is not null)
        {
            Scan(TextField.Reasoning, null, interaction.Reasoning, collector, matches, setsSeen);
        }

        collector.Emit(_rules, Policy.Hash, flags);
        if (matches.Capacity > 4096)
        {
            // One pathological text must not pin a large buffer to the thread for ever.
            s_threadMatches = null;
        }
    }

    private void Scan(
        TextField field, int? message, string text, EvidenceCollector collector, List<AhoCorasickMatch> matches, int[] setsSeen)
    {
        if (!_fieldRead[(int)field] || text.Length == 0)
        {
            return;
        }

        Array.Clear(setsSeen, 0, _regexes.Length);
        if (_matcher is not null)
        {
            matches.Clear();
            _matcher.Scan(text, matches);
            foreach (var match in matches)
            {
                var entry = _entries[match.Pattern];
                var start = match.End - entry.Text.Length;
                if (entry.CaseSensitive && !text.AsSpan(start, entry.Text.Length).SequenceEqual(entry.Text))
                {
                    continue;
                }

                if (entry.Regex >= 0)
                {
                    setsSeen[entry.Regex] |= 1 << entry.Set;
                }
                else if (_rules[entry.Rule].Reads(field)
                    && (!entry.WholeWord || WordBoundary.IsWholeWord(text, start, match.End)))
                {
                    collector.Add(entry.Rule, field, message, text, start, match.End);
                }
            }
        }

        TextShape? shape = null;
        for (var x = 0; x < _regexes.Length; x++)
        {
            var regex = _regexes[x];
            var rule = _rules[regex.RuleIndex];
            if (!rule.Reads(field) || !regex.ShouldRun(setsSeen[x]))
            {
                continue;
            }

            if (_useValidatorGate && rule.Rule.Validator != RuleValidator.None
                && !(shape ??= TextShape.Of(text)).Allows(rule.Rule.Validator))
            {
                continue;
            }

            foreach (var found in regex.Regex.EnumerateMatches(text))
            {
                if (found.Length > 0 && rule.Validates(text.AsSpan(found.Index, found.Length)))
                {
                    collector.Add(regex.RuleIndex, field, message, text, found.Index, found.Index + found.Length);
                }
            }
        }
    }
}
