using System.Text.Json;
using Assay.Incidents;
using Assay.Monitoring;
using Assay.Server.Auth;
using Assay.Server.Monitoring;
using Assay.Server.Policies;
using Assay.Storage;

namespace Assay.Server.Incidents;

/// <summary>
/// What an incident's links point at, read from the stores: checked before a link is stored (it exists, and in the
/// incident's project), and gathered into the timeline and the measured half of the post-mortem.
/// </summary>
/// <remarks>
/// A link that names something of another project is refused as "not found", like every other cross-project read, so an
/// incident cannot be used to learn that another project's interaction exists. The timeline shows labels with their
/// reviewers: incidents are for leads, who see every label anyway.
/// </remarks>
internal sealed class IncidentEvidence(IInteractionStore interactions, IReviewStore reviews, IAlertStore alerts, IAuditStore audit, LivePolicy live)
{
    /// <summary>The most linked items read into one timeline; the rest are listed, not read.</summary>
    public const int MaxGathered = 200;

    /// <summary>Null when every link names something the caller may see in <paramref name="project"/>; else the first that does not, and why.</summary>
    public async Task<(int Index, string Detail)?> CheckAsync(IReadOnlyList<IncidentLink> links, string project, Caller caller, CancellationToken cancellationToken)
    {
        for (var i = 0; i < links.Count; i++)
        {
            if (!await ExistsAsync(links[i], project, caller, cancellationToken))
                return (i, $"{links[i]} was not found{(project == Assay.Review.ApiKey.AllProjects ? "" : $" in project {project}")}");
        }

        return null;
    }

    private async Task<bool> ExistsAsync(IncidentLink link, string project, Caller caller, CancellationToken cancellationToken)
    {
        switch (link.Kind)
        {
            case IncidentLinkKind.Interaction:
                return await InteractionAsync(link.Ref, project, cancellationToken) is not null;
            case IncidentLinkKind.Flag:
                return await InteractionAsync(link.FlagInteraction, project, cancellationToken) is { } flagged
                    && flagged.Flags.Any(f => f.Rule == link.FlagRule);
            case IncidentLinkKind.Task:
                return await reviews.GetTaskAsync(long.Parse(link.Ref, System.Globalization.CultureInfo.InvariantCulture), project, cancellationToken) is not null;
            case IncidentLinkKind.Label:
                return await LabelAsync(long.Parse(link.Ref, System.Globalization.CultureInfo.InvariantCulture), project, cancellationToken) is not null;
            default:
                return await AlertEventAsync(long.Parse(link.Ref, System.Globalization.CultureInfo.InvariantCulture), caller, cancellationToken) is not null;
        }
    }

    /// <summary>The incident's timeline (its own steps and the linked items' facts, in time order) and what the links measure.</summary>
    public async Task<IncidentDossier> GatherAsync(Incident incident, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var entries = incident.Events.Select(e => new TimelineEntry(e.At, "incident", e.Actor.Name, e.Text, null)).ToList();
        var seen = new Dictionary<string, InteractionRecord>(StringComparer.Ordinal);
        foreach (var link in incident.Links.Take(MaxGathered))
        {
            var id = link.ToString();
            switch (link.Kind)
            {
                case IncidentLinkKind.Interaction or IncidentLinkKind.Flag:
                    var interactionId = link.Kind == IncidentLinkKind.Flag ? link.FlagInteraction : link.Ref;
                    if (await InteractionAsync(interactionId, incident.Project, cancellationToken) is not { } record)
                    {
                        entries.Add(new(incident.OpenedAt, "interaction", "", $"{interactionId} is no longer stored (pruned)", id));
                        break;
                    }

                    if (seen.TryAdd(interactionId, record))
                    {
                        var stored = record.Stored;
                        entries.Add(new(stored.Interaction.Timestamp ?? stored.ReceivedAt, "interaction", stored.Interaction.ModelKey,
                            $"interaction {interactionId} ({stored.Interaction.ModelKey}); {(record.Flags.Count == 0 ? "no automated flag" : $"{record.Flags.Count} flag(s)")}", id));
                        entries.AddRange(record.Flags.Where(f => link.Kind != IncidentLinkKind.Flag || f.Rule == link.FlagRule).Select(f =>
                            new TimelineEntry(stored.ReceivedAt, "flag", "pipeline", $"{f.Rule} flagged {interactionId} as {f.Category} ({f.Severity.ToString().ToLowerInvariant()})", id)));
                    }

                    break;
                case IncidentLinkKind.Task:
                    await AddTaskAsync(entries, seen, long.Parse(link.Ref, System.Globalization.CultureInfo.InvariantCulture), incident.Project, id, null, cancellationToken);
                    break;
                case IncidentLinkKind.Label:
                    var labelId = long.Parse(link.Ref, System.Globalization.CultureInfo.InvariantCulture);
                    if (await LabelAsync(labelId, incident.Project, cancellationToken) is { } taskId)
                        await AddTaskAsync(entries, seen, taskId, incident.Project, id, labelId, cancellationToken);
                    break;
                default:
                    if (await AlertEventAsync(long.Parse(link.Ref, System.Globalization.CultureInfo.InvariantCulture), caller, cancellationToken) is { } stored2)
                    {
                        var alert = stored2.Alert;
                        entries.Add(new(alert.State == AlertState.Firing ? alert.FiredAt : alert.ResolvedAt ?? stored2.RecordedAt, "alert", "monitor",
                            $"{alert.RuleId} [{alert.Key}] {(alert.State == AlertState.Firing ? "fired" : "resolved")}: {alert.Message}", id));
                    }

                    break;
            }
        }

        var unflagged = seen.Where(s => s.Value.Flags.Count == 0).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        DateTimeOffset? earliest = seen.Count == 0 ? null : seen.Values.Min(r => r.Stored.Interaction.Timestamp ?? r.Stored.ReceivedAt);
        return new IncidentDossier(incident, [.. entries.OrderBy(e => e.At).ThenBy(e => e.Kind == "incident" ? 1 : 0)], seen.Count, unflagged, earliest,
            incident.DetectionDelay(earliest), Math.Max(0, incident.Links.Count - MaxGathered));
    }

    private async Task AddTaskAsync(List<TimelineEntry> entries, Dictionary<string, InteractionRecord> seen, long taskId, string project, string link, long? onlyLabel, CancellationToken cancellationToken)
    {
        if (await reviews.GetTaskAsync(taskId, project, cancellationToken) is not { } task)
            return;
        var interactionId = task.Interaction.Id;
        if (!seen.ContainsKey(interactionId) && await InteractionAsync(interactionId, project, cancellationToken) is { } record)
            seen[interactionId] = record;
        if (onlyLabel is null)
            entries.Add(new(task.CreatedAt, "task", "router", $"task {taskId} opened for {interactionId} ({task.Reason}); status {task.Status}", link));
        foreach (var label in await reviews.LabelsAsync(taskId, project, cancellationToken))
        {
            if (onlyLabel is { } only && label.LabelId != only)
                continue;
            var verdict = label.Verdict.Categories.Count == 0 ? "no failure" : string.Join(", ", label.Verdict.Categories.Order(StringComparer.Ordinal));
            entries.Add(new(label.CreatedAt, "label", label.Reviewer, $"label {label.LabelId} on task {taskId}: {verdict}", link));
        }

        if (onlyLabel is null && await reviews.AdjudicationAsync(taskId, project, cancellationToken) is { } settled)
        {
            var verdict = settled.Categories.Count == 0 ? "no failure" : string.Join(", ", settled.Categories.Order(StringComparer.Ordinal));
            // The store keeps the verdict; the audit log keeps when, and who, settled it.
            var history = await audit.QueryAsync(new AuditQuery(null, null, null, $"task:{taskId}", null, 100), cancellationToken);
            var settledBy = history.Items.LastOrDefault(e => e.Kind == "task.adjudicated");
            entries.Add(new(settledBy?.Time ?? task.CreatedAt, "adjudication", settledBy?.Actor.Name ?? "lead", $"task {taskId} adjudicated: {verdict}", link));
        }
    }

    private async Task<InteractionRecord?> InteractionAsync(string id, string project, CancellationToken cancellationToken) =>
        await interactions.GetAsync(id, cancellationToken) is { } record
        && (project == Assay.Review.ApiKey.AllProjects || record.Stored.Interaction.Metadata.Project == project)
            ? record
            : null;

    /// <summary>The task a label belongs to, found through the audit log (which names both), when it is in <paramref name="project"/>.</summary>
    private async Task<long?> LabelAsync(long labelId, string project, CancellationToken cancellationToken)
    {
        var page = await audit.QueryAsync(new AuditQuery(null, null, null, $"label:{labelId}", null, 1), cancellationToken);
        if (page.Items is not [var entry])
            return null;
        var task = JsonSerializer.Deserialize(entry.Subjects, Assay.Json.AssayJsonContext.Default.StringArray)?
            .FirstOrDefault(s => s.StartsWith("task:", StringComparison.Ordinal));
        return task is not null && long.TryParse(task.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var taskId)
            && await reviews.GetTaskAsync(taskId, project, cancellationToken) is not null
                ? taskId
                : null;
    }

    private async Task<StoredAlertEvent?> AlertEventAsync(long eventId, Caller caller, CancellationToken cancellationToken)
    {
        var page = await alerts.ListAsync(1, eventId + 1, AlertVisibility.Scope(caller, live.Current.Monitoring), cancellationToken);
        return page is [var stored] && stored.EventId == eventId ? stored : null;
    }
}
