// Asks an OpenAI-compatible model one question, with every call copied to Assay by UseAssay().
// Settings come from the environment, so the same binary talks to OpenAI, a local vLLM or Ollama, and any Assay server.
using System.ClientModel;
using Assay.Client;
using Microsoft.Extensions.AI;
using OpenAI;

var modelEndpoint = new Uri(Environment.GetEnvironmentVariable("OPENAI_BASE_URL") ?? "http://127.0.0.1:11434/v1");
var modelKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "none";
var modelName = Environment.GetEnvironmentVariable("OPENAI_MODEL") ?? "llama3.2";
var assayUrl = new Uri(Environment.GetEnvironmentVariable("ASSAY_URL") ?? "http://127.0.0.1:5080/");
var question = args.Length > 0 ? string.Join(' ', args) : "In one sentence: why do reasoning models need monitoring?";

// One AssayClient per process: it batches in the background and never blocks or throws into the calls it copies.
await using var assay = new AssayClient(new AssayClientOptions { Endpoint = assayUrl, ApiKey = Environment.GetEnvironmentVariable("ASSAY_API_KEY") });

var model = new OpenAI.Chat.ChatClient(modelName, new ApiKeyCredential(modelKey), new OpenAIClientOptions { Endpoint = modelEndpoint }).AsIChatClient();
using var chat = new ChatClientBuilder(model)
    .UseAssay(assay, new AssayChatOptions
    {
        Project = Environment.GetEnvironmentVariable("ASSAY_PROJECT") ?? "sample",
        ModelVersion = modelName,
        // Questions about money always go to human review in Assay, whatever share of calls is sent.
        RiskSelector = (messages, _) => messages.Any(m => m.Text.Contains("payment", StringComparison.OrdinalIgnoreCase)) ? "high" : null,
    })
    .Build();

try
{
    await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, question)]))
        Console.Write(update.Text);
    Console.WriteLine();
}
catch (ClientResultException exception)
{
    Console.Error.WriteLine($"The model at {modelEndpoint} refused the call: {exception.Message}");
    return 1;
}

await assay.FlushAsync();
var counters = assay.Counters;
Console.WriteLine($"Assay at {assayUrl}: {counters.Accepted} accepted, {counters.Failed} failed, {counters.Dropped} dropped{(counters.LastError is { } error ? $" ({error})" : "")}");
return counters.Failed + counters.Dropped == 0 ? 0 : 2;
