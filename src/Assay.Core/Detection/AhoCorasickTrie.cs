namespace Assay.Detection;

/// <summary>The construction of <see cref="AhoCorasick"/>'s dense transition table from a trie of folded patterns.</summary>
/// <remarks>
/// Classic Aho–Corasick: a trie with sparse children, failure links computed breadth-first, and every
/// missing transition filled from the failure state's, giving a DFA. Output sets are flattened so that a
/// state reports the patterns ending there and those ending at its failure chain (the overlapping matches).
/// </remarks>
internal sealed class AhoCorasickTrie
{
    // A dense table beyond this many entries (256 MB) means a policy far beyond what one matcher should hold.
    private const long MaxTableEntries = 64L * 1024 * 1024;

    private AhoCorasickTrie(int stride, int[] delta, int[] outputStart, int[] outputs)
    {
        Stride = stride;
        Delta = delta;
        OutputStart = outputStart;
        Outputs = outputs;
    }

    public int Stride { get; }

    /// <summary>Next state times <see cref="Stride"/>, with the sign bit set when that state has outputs.</summary>
    public int[] Delta { get; }

    /// <summary>For state <c>s</c>, its outputs are <c>Outputs[OutputStart[s]..OutputStart[s + 1]]</c>.</summary>
    public int[] OutputStart { get; }

    public int[] Outputs { get; }

    public static AhoCorasickTrie Build(IReadOnlyList<string> folded, Dictionary<char, ushort> classOfFolded, int stride)
    {
        var children = new List<Dictionary<int, int>> { new() };
        var own = new List<List<int>> { new() };
        for (var p = 0; p < folded.Count; p++)
        {
            var state = 0;
            foreach (var c in folded[p])
            {
                var cls = classOfFolded[c];
                if (!children[state].TryGetValue(cls, out var next))
                {
                    next = children.Count;
                    children[state][cls] = next;
                    children.Add([]);
                    own.Add([]);
                }

                state = next;
            }

            own[state].Add(p);
        }

        var count = children.Count;
        if ((long)count * stride > MaxTableEntries)
        {
            throw new InvalidOperationException(
                $"The patterns need a {count}-state automaton over {stride} character classes, more than one matcher holds.");
        }

        var table = new int[count * stride];
        var fail = new int[count];
        var outputs = new List<int>[count];
        outputs[0] = [];
        var queue = new Queue<int>();
        foreach (var (cls, child) in children[0])
        {
            table[cls] = child;
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            var f = fail[s];
            outputs[s] = [.. own[s], .. outputs[f]];
            for (var cls = 0; cls < stride; cls++)
            {
                if (children[s].TryGetValue(cls, out var child))
                {
                    fail[child] = table[(f * stride) + cls];
                    table[(s * stride) + cls] = child;
                    queue.Enqueue(child);
                }
                else
                {
                    table[(s * stride) + cls] = table[(f * stride) + cls];
                }
            }
        }

        var outputStart = new int[count + 1];
        var flat = new List<int>();
        for (var s = 0; s < count; s++)
        {
            outputStart[s] = flat.Count;
            flat.AddRange(outputs[s]);
        }

        outputStart[count] = flat.Count;
        for (var i = 0; i < table.Length; i++)
        {
            var target = table[i];
            table[i] = (target * stride) | (outputs[target].Count > 0 ? int.MinValue : 0);
        }

        return new AhoCorasickTrie(stride, table, outputStart, [.. flat]);
    }
}
