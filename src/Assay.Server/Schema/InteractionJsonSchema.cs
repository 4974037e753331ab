namespace Assay.Server;

/// <summary>The JSON Schema of the interaction format, embedded from docs/schemas/interaction.schema.json.</summary>
internal static class InteractionJsonSchema
{
    public static string Json { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(InteractionJsonSchema).Assembly.GetManifestResourceStream("Assay.interaction.schema.json")
            ?? throw new InvalidOperationException("The interaction schema resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
