using Spectre.Console;
using Spectre.Console.Rendering;

namespace Assay.Cli;

/// <summary>The one place the CLI decides how wide its output is: a terminal's width, or no limit when redirected.</summary>
/// <remarks>
/// Spectre assumes 80 columns when standard output is a file or a pipe, and wraps tables and lines to fit: a category
/// came out as <c>prompt-inje</c> / <c>ction</c> and a printed command broke between <c>Bearer</c> and its key. A file
/// has no width, so redirected output is never wrapped; a terminal keeps its own width.
/// </remarks>
internal static class ConsoleWidth
{
    /// <summary>The width used when output is redirected: wider than any line the CLI prints.</summary>
    public const int Unbounded = 32_767;

    /// <summary>The width every verb renders at.</summary>
    public static int Current => Console.IsOutputRedirected ? Unbounded : AnsiConsole.Profile.Width;

    /// <summary>Configures <see cref="AnsiConsole"/> once, before any verb runs.</summary>
    public static void Configure()
    {
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = Unbounded;
    }

    /// <summary>Renders a Spectre widget to plain text at <see cref="Current"/>, for verbs that write to the invocation's output writer.</summary>
    public static string Render(IRenderable renderable)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = Current;
        console.Write(renderable);
        return writer.ToString();
    }
}
