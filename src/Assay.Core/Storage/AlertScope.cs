namespace Assay.Storage;

/// <summary>Which alert events a reader may see: those of <paramref name="RuleIds"/> keyed <paramref name="Key"/>.</summary>
/// <remarks>How a project's key sees only its own per-project alerts, filtered in the store so that a page is full.</remarks>
public sealed record AlertScope(IReadOnlyCollection<string> RuleIds, string Key);
