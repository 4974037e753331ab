using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Assay.Detection;

/// <summary>A case-folding Aho–Corasick automaton that finds every occurrence of many patterns in one pass.</summary>
/// <remarks>
/// <para>
/// The automaton is compiled to a dense DFA. Every UTF-16 char maps, through one 64K-entry table, to the
/// class of its case fold (<see cref="CaseFold"/>); chars that occur in no pattern share class 0. The
/// transition table is a flat <c>int[]</c> of <c>states × classes</c> holding the next state already
/// multiplied by the class count, with the sign bit set when that state ends at least one pattern. The hot
/// loop is therefore two loads, an add and a sign test per char, with no bounds checks and no allocation.
/// </para>
/// <para>
/// Patterns are matched on folded text; callers that need exact case compare the matched span themselves.
/// All overlapping occurrences are reported ("he", "she" and "hers" in "ushers"). Memory is
/// <c>states × classes × 4</c> bytes: about 4 MB for a thousand 15-char phrases over 60 distinct chars.
/// Instances are immutable and thread-safe.
/// </para>
/// </remarks>
internal sealed class AhoCorasick
{
    private const int OutputBit = int.MinValue;

    private readonly ushort[] _classOf;
    private readonly int _stride;
    private readonly int[] _delta;
    private readonly int[] _outputStart;
    private readonly int[] _outputs;
    private readonly int _maxPatternLength;

    private AhoCorasick(ushort[] classOf, int stride, int[] delta, int[] outputStart, int[] outputs, int[] lengths)
    {
        _classOf = classOf;
        _stride = stride;
        _delta = delta;
        _outputStart = outputStart;
        _outputs = outputs;
        PatternLengths = lengths;
        _maxPatternLength = lengths.Length == 0 ? 1 : lengths.Max();
    }

    /// <summary>The length, in chars, of each pattern by index.</summary>
    public IReadOnlyList<int> PatternLengths { get; }

    /// <summary>Number of DFA states, for diagnostics.</summary>
    public int StateCount => _outputStart.Length - 1;

    /// <summary>Compiles <paramref name="patterns"/> (non-empty strings); pattern ids are their indexes.</summary>
    public static AhoCorasick Build(IReadOnlyList<string> patterns)
    {
        var folded = patterns.Select(p =>
            p.Length == 0 ? throw new ArgumentException("Patterns must not be empty.", nameof(patterns)) : CaseFold.Fold(p)).ToList();

        // Alphabet: one class per distinct folded char; class 0 is "any char in no pattern".
        var classOfFolded = new Dictionary<char, ushort>();
        foreach (var c in folded.SelectMany(p => p))
        {
            if (!classOfFolded.ContainsKey(c))
            {
                classOfFolded[c] = checked((ushort)(classOfFolded.Count + 1));
            }
        }

        var classOf = new ushort[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            classOf[i] = classOfFolded.GetValueOrDefault(CaseFold.Fold((char)i));
        }

        var trie = AhoCorasickTrie.Build(folded, classOfFolded, classOfFolded.Count + 1);
        return new AhoCorasick(classOf, trie.Stride, trie.Delta, trie.OutputStart, trie.Outputs, [.. patterns.Select(p => p.Length)]);
    }

    /// <summary>Appends every occurrence of every pattern in <paramref name="text"/> to <paramref name="matches"/>, in no particular order.</summary>
    public void Scan(ReadOnlySpan<char> text, List<AhoCorasickMatch> matches)
    {
        // Each step of a DFA waits for the previous step's table load, so one walk is bound by load latency,
        // not by the CPU's width. Walking the two halves of the text at once gives the CPU two independent
        // chains (about twice the throughput). The second walk starts early by the longest pattern's length
        // minus one, so it sees every match that ends in its half, and reports only those.
        var mid = text.Length / 2;
        var secondStart = mid - (_maxPatternLength - 1);
        if (secondStart <= 0)
        {
            Walk(text, 0, 0, matches);
            return;
        }

        ref var classes = ref MemoryMarshal.GetArrayDataReference(_classOf);
        ref var delta = ref MemoryMarshal.GetArrayDataReference(_delta);
        ref var chars = ref MemoryMarshal.GetReference(text);
        int first = 0, second = 0, i = 0, j = secondStart;
        for (; i < mid; i++, j++)
        {
            // Indexes are in range by construction: classes has an entry for every char, delta one for every
            // (state, class) pair, i < mid and j < secondStart + mid <= text.Length.
            first = Unsafe.Add(ref delta, first + Unsafe.Add(ref classes, Unsafe.Add(ref chars, i)));
            second = Unsafe.Add(ref delta, second + Unsafe.Add(ref classes, Unsafe.Add(ref chars, j)));
            if ((first | second) < 0)
            {
                if (first < 0)
                {
                    first &= ~OutputBit;
                    AddOutputs(first / _stride, i + 1, matches);
                }

                if (second < 0)
                {
                    second &= ~OutputBit;
                    if (j >= mid)
                    {
                        AddOutputs(second / _stride, j + 1, matches);
                    }
                }
            }
        }

        Walk(text, j, second, matches);
    }

    /// <summary>A single walk from <paramref name="start"/> in state <paramref name="state"/> to the end of the text.</summary>
    private void Walk(ReadOnlySpan<char> text, int start, int state, List<AhoCorasickMatch> matches)
    {
        ref var classes = ref MemoryMarshal.GetArrayDataReference(_classOf);
        ref var delta = ref MemoryMarshal.GetArrayDataReference(_delta);
        for (var i = start; i < text.Length; i++)
        {
            state = Unsafe.Add(ref delta, state + Unsafe.Add(ref classes, text[i]));
            if (state < 0)
            {
                state &= ~OutputBit;
                AddOutputs(state / _stride, i + 1, matches);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddOutputs(int state, int end, List<AhoCorasickMatch> matches)
    {
        for (var k = _outputStart[state]; k < _outputStart[state + 1]; k++)
        {
            matches.Add(new AhoCorasickMatch(_outputs[k], end));
        }
    }
}
