using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Assay.Cli.Commands;

/// <summary><c>assay policy activate FILE --server URL</c>: uploads a policy to a running server and makes it the running one.</summary>
/// <remarks>
/// The server checks the text as <c>policy check</c> does; its errors are printed compiler-style against FILE. Exit 0 when
/// the version runs, 1 when the policy has errors (nothing changed), 2 on bad input, a refusal or an unreachable server.
/// </remarks>
internal static class PolicyActivateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Policy YAML file to upload and activate" };
        var server = CommonOptions.Server();
        server.Required = true;
        var key = new Option<string?>("--key") { Description = "API key with the admin role for every project (or set ASSAY_KEY)" };
        var command = new Command("activate", "Upload a policy to a running server and make it the running policy on every node, without a restart")
        {
            file, server, key,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(file)!, parse.GetValue(server)!,
            parse.GetValue(key) ?? Environment.GetEnvironmentVariable("ASSAY_KEY"), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, Uri server, string? key, CancellationToken cancellationToken)
    {
        string yaml;
        try
        {
            yaml = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommonOptions.Fail("policy activate", $"cannot read '{file}': {e.Message}");
        }

        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(key))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        try
        {
            using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
            using var uploaded = await http.PostAsync(new Uri($"v1/policies?source={Uri.EscapeDataString(file.Name)}", UriKind.Relative), content, cancellationToken);
            var upload = await JsonAsync(uploaded, cancellationToken);
            if (!uploaded.IsSuccessStatusCode)
            {
                if (upload.TryGetProperty("errors", out var errors) && upload.TryGetProperty("type", out var type) && type.GetString()!.EndsWith("/invalid-policy", StringComparison.Ordinal))
                {
                    foreach (var error in errors.EnumerateArray())
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{file}:{error.GetProperty("line").GetInt32()}:{error.GetProperty("column").GetInt32()}: {error.GetProperty("severity").GetString()}: {error.GetProperty("message").GetString()}"));
                    }

                    Console.WriteLine($"{file}: not activated; the server runs the policy it ran before");
                    return 1;
                }

                return Refused(uploaded, upload);
            }

            var hash = upload.GetProperty("hash").GetString()!;
            using var activated = await http.PostAsync(new Uri($"v1/policies/{hash}/activate", UriKind.Relative), null, cancellationToken);
            var activation = await JsonAsync(activated, cancellationToken);
            if (!activated.IsSuccessStatusCode)
                return Refused(activated, activation);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"policy {hash[..16]} from {file} runs on {server} (activated by {activation.GetProperty("activated_by").GetProperty("name").GetString()} at {activation.GetProperty("activated_at").GetDateTimeOffset():u}); {upload.GetProperty("rules").GetInt32()} rules, {upload.GetProperty("monitors").GetInt32()} monitors"));
            return 0;
        }
        catch (HttpRequestException e)
        {
            return CommonOptions.Fail("policy activate", $"cannot reach {server}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CommonOptions.Fail("policy activate", $"{server} did not answer within 30 seconds");
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text.Length == 0 ? "{}" : text);
        }
        catch (JsonException)
        {
            return JsonSerializer.Deserialize<JsonElement>("{}");
        }
    }

    private static int Refused(HttpResponseMessage response, JsonElement problem) => CommonOptions.Fail("policy activate",
        string.Create(CultureInfo.InvariantCulture, $"the server answered {(int)response.StatusCode}: ")
        + (problem.TryGetProperty("detail", out var detail) ? detail.GetString() : response.ReasonPhrase));
}
