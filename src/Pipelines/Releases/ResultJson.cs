using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// The JSON of results, written here only: a container change, a workload's result, a step and a whole report have one shape
/// wherever they appear — <c>--output json</c>, the Watch API, notifications and History.
/// </summary>
internal static class ResultJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Change(ContainerChange change, bool withWorkload = false)
    {
        var json = new JsonObject();
        if (withWorkload) json["workload"] = change.Workload;
        json["container"] = change.Container;
        json["from"] = change.From;
        json["to"] = change.To;
        return json;
    }

    public static JsonObject Workload(WorkloadResult result) => new()
    {
        ["workload"] = result.Workload,
        ["status"] = result.Status.ToString().ToLowerInvariant(),
        ["reason"] = result.Reason,
        ["changes"] = new JsonArray(result.Changes.Select(c => (JsonNode)Change(c)).ToArray()),
    };

    /// <summary>A step's values, and its wording as the text table prints it.</summary>
    public static JsonObject Step(ReportStep step)
    {
        var json = new JsonObject { ["kind"] = step.Kind };
        switch (step)
        {
            case PlanStep plan:
                json["workloads"] = plan.Workloads;
                json["containers"] = plan.Containers;
                json["skipped"] = plan.Skipped;
                break;
            case LockStep locked:
                json["state"] = locked.State switch { LockState.NotTaken => "not-taken", var state => state.ToString().ToLowerInvariant() };
                json["lock"] = locked.Lock;
                break;
            case EditStep edit:
                json["files"] = Strings(edit.Files);
                break;
            case CommitStep commit:
                json["commit"] = commit.Commit;
                json["subject"] = commit.Subject;
                break;
            case PushStep push:
                json["branch"] = push.Branch;
                json["remote"] = push.Remote;
                json["attempts"] = push.Attempts;
                break;
            case ApplyStep apply:
                json["environment"] = apply.Environment;
                json["applied"] = apply.NotDoneBecause is null;
                json["workloads"] = Strings(apply.Workloads);
                json["commit"] = apply.Commit;
                break;
            case ReviewStep review:
                json["branch"] = review.Branch;
                json["into"] = review.Into;
                break;
            case RolloutStep rollout:
                json["workload"] = rollout.Workload;
                json["outcome"] = Outcome(rollout.Outcome);
                json["reason"] = rollout.Reason;
                break;
            case RollbackStep back:
                json["commit"] = back.Commit;
                json["release"] = back.Release;
                json["workloads"] = Strings(back.Workloads);
                break;
            case SyncStep sync:
                json["environment"] = sync.Environment;
                json["commit"] = sync.Commit;
                json["objects"] = sync.Objects;
                json["dryRun"] = sync.DryRun;
                foreach (var (outcome, count) in sync.Outcomes) json[outcome] = count;
                break;
        }
        json["text"] = ReleaseSteps.Text(step);
        return json;
    }

    public static JsonObject Report(ReleaseReport report)
    {
        var json = new JsonObject
        {
            ["release"] = report.Release,
            ["action"] = report.Action.ToString().ToLowerInvariant(),
            ["environment"] = report.Environment,
            ["commit"] = report.Commit,
            ["pushed"] = report.Pushed,
            ["branch"] = report.Branch,
            ["dryRun"] = report.DryRun,
            ["steps"] = new JsonArray(report.Steps.Select(s => (JsonNode)Step(s)).ToArray()),
            ["results"] = new JsonArray(report.Results.Select(r => (JsonNode)Workload(r)).ToArray()),
        };
        if (report.Objects.Count > 0)
        {
            json["objects"] = new JsonArray(report.Objects.Select(o => (JsonNode)new JsonObject { ["object"] = o.Object, ["namespace"] = o.Namespace, ["action"] = o.Action }).ToArray());
        }
        return json;
    }

    public static JsonObject History(HistoryEntry entry) => new()
    {
        ["release"] = entry.Release,
        ["action"] = entry.ActionText,
        ["untrusted"] = entry.Untrusted,
        ["environment"] = entry.Environment,
        ["changes"] = new JsonArray(entry.Changes.Select(c => (JsonNode)Change(c, withWorkload: true)).ToArray()),
        ["workloads"] = Strings(entry.Workloads),
        ["unrejected"] = Strings(entry.Unrejected),
        ["message"] = entry.Message,
        ["cause"] = entry.Cause,
        ["commit"] = entry.Commit,
        ["time"] = entry.Time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["rollbackOf"] = entry.RollbackOf,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static string Outcome(RolloutOutcome outcome) => outcome switch
    {
        RolloutOutcome.Succeeded => "succeeded",
        RolloutOutcome.TimedOut => "pending",
        _ => "failed",
    };
}
