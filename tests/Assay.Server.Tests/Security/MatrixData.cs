using Assay.Incidents;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Security;

/// <summary>Project P's data, which the matrix's requests name: a task and its interaction to read, a key, and fresh ones for requests that change them.</summary>
/// <remarks>Also every identifier of P that a caller scoped to another project must never see in an answer.</remarks>
internal sealed class MatrixData
{
    private readonly ReviewAssayServer _server;
    private readonly Queue<long> _freshTasks;
    private readonly HashSet<string> _identifiers;

    private MatrixData(ReviewAssayServer server, string project, long task, string interactionId, string keyId, long incidentId, IEnumerable<long> freshTasks, IEnumerable<string> identifiers)
    {
        IncidentId = incidentId;
        _server = server;
        Project = project;
        Task = task;
        InteractionId = interactionId;
        KeyId = keyId;
        _freshTasks = new Queue<long>(freshTasks);
        _identifiers = new HashSet<string>(identifiers, StringComparer.Ordinal) { project, keyId };
    }

    public string Project { get; }

    /// <summary>A task that no request of the matrix changes.</summary>
    public long Task { get; }

    /// <summary>The interaction of <see cref="Task"/>.</summary>
    public string InteractionId { get; }

    /// <summary>A key of P that no request of the matrix revokes.</summary>
    public string KeyId { get; }

    /// <summary>An incident of P, linked to <see cref="InteractionId"/>.</summary>
    public long IncidentId { get; }

    /// <param name="freshTasks">How many tasks to open for requests that change one (labels, adjudications).</param>
    public static async Task<MatrixData> CreateAsync(ReviewAssayServer server, string project, int freshTasks)
    {
        // An email address in the response raises a flag, so that P's data is in the flag list too, where others must not see it.
        var tasks = await server.TasksAsync(project, freshTasks + 1, "You can reach the owner at owner@example.org.");
        var interactions = new List<string>();
        foreach (var task in tasks)
        {
            interactions.Add(await server.ScalarAsync<string>(
                "SELECT i.id FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq WHERE t.task_id = $p0", task));
        }

        var (_, keyId) = await server.KeyWithIdAsync(Role.Reviewer, project);
        var incident = await server.Services.GetRequiredService<IIncidentStore>().OpenAsync(new NewIncident(project, "Matrix incident", IncidentSeverity.Low, "",
            [new IncidentLink(IncidentLinkKind.Interaction, interactions[0])]), Assay.Audit.AuditActor.System, CancellationToken.None);
        return new MatrixData(server, project, tasks[0], interactions[0], keyId, incident.Id, tasks.Skip(1), interactions);
    }

    public long FreshTask() => _freshTasks.Count > 0
        ? _freshTasks.Dequeue()
        : throw new InvalidOperationException("the matrix opened too few fresh tasks: count the rows that change a task");

    public async Task<string> FreshKeyAsync()
    {
        var (_, keyId) = await _server.KeyWithIdAsync(Role.Reviewer, Project);
        Add(keyId);
        return keyId;
    }

    /// <summary>Remembers another identifier of P's data, such as an interaction a request ingested.</summary>
    public void Add(string identifier) => _identifiers.Add(identifier);

    /// <summary>The first identifier of P's data that <paramref name="body"/> contains, or null.</summary>
    public string? LeakIn(string body) => _identifiers.FirstOrDefault(id => body.Contains(id, StringComparison.Ordinal));
}
