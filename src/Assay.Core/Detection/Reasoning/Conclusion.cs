namespace Assay.Detection.Reasoning;

/// <summary>Where the reasoning concludes: its sentence and the concluded phrase, as token indexes.</summary>
/// <param name="Sentence">Index of the conclusion sentence in the reasoning.</param>
/// <param name="PhraseStart">First token of the concluded phrase.</param>
/// <param name="PhraseEnd">End of the concluded phrase (exclusive token index).</param>
/// <param name="FromCue">Whether an explicit conclusion cue was found; otherwise it is the last sentence.</param>
internal readonly record struct Conclusion(int Sentence, int PhraseStart, int PhraseEnd, bool FromCue);
