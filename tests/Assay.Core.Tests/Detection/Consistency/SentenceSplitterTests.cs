using Assay.Detection.Text;

namespace Assay.Core.Tests.Detection.Consistency;

public sealed class SentenceSplitterTests
{
    [Theory]
    [InlineData("One. Two! Three?", new[] { "One.", "Two!", "Three?" })]
    [InlineData("Pi is 3.14 roughly. Yes.", new[] { "Pi is 3.14 roughly.", "Yes." })]
    [InlineData("Use a fruit, e.g. an apple. Then eat.", new[] { "Use a fruit, e.g. an apple.", "Then eat." })]
    [InlineData("Ask Dr. Smith today. She knows.", new[] { "Ask Dr. Smith today.", "She knows." })]
    [InlineData("As Professor H. Lindqvist showed. Done.", new[] { "As Professor H. Lindqvist showed.", "Done." })]
    [InlineData("Wait... what happened? Nothing.", new[] { "Wait... what happened?", "Nothing." })]
    [InlineData("It faded… Then it rose.", new[] { "It faded…", "Then it rose." })]
    [InlineData("Apples, pears, etc. Then more.", new[] { "Apples, pears, etc.", "Then more." })]
    [InlineData("Call my_list.reverse() now. Or see example.com today.", new[] { "Call my_list.reverse() now.", "Or see example.com today." })]
    [InlineData("He said \"stop.\" Then left.", new[] { "He said \"stop.\"", "Then left." })]
    [InlineData("1. First item\n2. Second item", new[] { "1. First item", "2. Second item" })]
    [InlineData("It costs approx. five euros.", new[] { "It costs approx. five euros." })]
    [InlineData("Fell in 1989. The end", new[] { "Fell in 1989.", "The end" })]
    [InlineData("  \n  ", new string[0])]
    public void Split_text_gives_expected_sentences(string text, string[] expected)
    {
        var sentences = SentenceSplitter.Split(text).Select(s => text[s.Start..s.End]).ToArray();

        Assert.Equal(expected, sentences);
    }

    [Fact]
    public void Split_offsets_are_utf16_offsets_into_the_text()
    {
        const string text = "😀 Émoji first. Second 🎉 here.";

        var sentences = SentenceSplitter.Split(text);

        Assert.Equal([new TextSpan(0, 15), new TextSpan(16, 31)], sentences);
        Assert.Equal("Second 🎉 here.", text[16..31]);
    }
}
