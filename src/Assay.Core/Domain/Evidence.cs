namespace Assay.Domain;

/// <summary>A span of an interaction's text that a flag points at.</summary>
/// <remarks>
/// <see cref="Start"/> and <see cref="End"/> are UTF-16 code-unit offsets (end exclusive) into the
/// field's text. For <see cref="TextField.Input"/>, <see cref="Message"/> is the index of the input
/// message and the offsets are into that message's content; it is null for the other fields.
/// </remarks>
public sealed record Evidence(TextField Field, int? Message, int Start, int End, string Text);
