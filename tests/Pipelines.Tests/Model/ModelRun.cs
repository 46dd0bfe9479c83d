using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Tests.Registry;
using static Pipelines.Tests.Model.ModelOperation;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Model;

/// <summary>A sequence of operations run against a fresh <see cref="ModelWorld"/>, the promises checked after every step.</summary>
internal sealed partial class ModelRun(RegistryFixture registry, Action<string> log)
{
    /// <summary>Runs the sequence; null when every promise held after every step, else the step and what broke.</summary>
    public async Task<string?> FirstViolationAsync(IReadOnlyList<ModelOperation> operations)
    {
        await using var world = await ModelWorld.StartAsync(registry);
        var audit = new ConfigRepoAudit(world.BarePath);
        audit.CheckNewCommits();
        var released = new HashSet<string>(StringComparer.Ordinal);
        for (var step = 0; step < operations.Count; step++)
        {
            var operation = operations[step];
            var runs = await RunAsync(world, operation);
            var problems = new List<string>();
            foreach (var run in runs)
            {
                problems.AddRange(Crashes(run));
                if (run.Report?["pushed"]?.GetValue<bool>() == true) released.Add((string)run.Report["release"]!);
            }
            problems.AddRange(audit.CheckNewCommits());
            if (operations[step] is not Concurrently) problems.AddRange(FailedRolloutsRolledBack(runs, audit));
            foreach (var environment in Applied) problems.AddRange(await ClusterRunsGitAsync(world, audit, environment));
            if (step % 10 == 9 || step == operations.Count - 1) problems.AddRange(await HistoryListsEveryOperationAsync(world, audit, released));
            log($"{step + 1,3}. {operation}: {string.Join("; ", runs.Select(Summary))}");
            if (problems.Count > 0) return $"after step {step + 1} ({operation}): {string.Join(" | ", problems)}";
        }
        return null;
    }

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr, JsonNode? Report);

    private static async Task<IReadOnlyList<Outcome>> RunAsync(ModelWorld world, ModelOperation operation)
    {
        switch (operation)
        {
            case PushBuild push:
                await world.PushAsync(Services[push.Service], push.Bad);
                return [];
            case OutOfBand oob:
                await world.SetImageOutOfBandAsync(Environments[oob.Environment], Services[oob.Service], world.Build(Services[oob.Service], oob.Build));
                return [Parse(await world.RunAsync(["Sync", "--environment", Environments[oob.Environment], .. (oob.Adopt ? new[] { "--adopt" } : [])]))];
            case Concurrently pair:
                return (await world.RunConcurrentlyAsync(Args(world, pair.First), Args(world, pair.Second))).Select(Parse).ToList();
            default:
                return [Parse(await world.RunAsync(Args(world, operation)))];
        }
    }

    private static string[] Args(ModelWorld world, ModelOperation operation) => operation switch
    {
        ReleaseAutomated r => ["Release", .. In(r.Environment), "--automated"],
        ReleaseAll => ["Release", "--environment", "staging", "--all", "--update-all-images"],
        ReleaseBuild r => ["Release", .. In(r.Environment), "--service", Workload(r.Environment, r.Service), "--image", world.Build(ServiceOf(r.Environment, r.Service), r.Build)],
        UpdateConfigRepo u => ["UpdateConfigRepo", .. In(u.Environment), "--service", Workload(u.Environment, u.Service), "--image", world.Build(ServiceOf(u.Environment, u.Service), u.Build)],
        Rollback r => ["Rollback", .. In(r.Environment), "--service", Workload(r.Environment, r.Service)],
        Promote p => ["Promote", "--environment", "production", .. (p.Service is { } s ? new[] { "--service", Services[s] } : [])],
        PolicyChange { Target: "Lock" } p => ["Lock", .. In(p.Environment), "--service", Workload(p.Environment, p.Service), "--message", "model test"],
        PolicyChange { Target: "Policy" } p => ["Policy", .. In(p.Environment), "--service", Workload(p.Environment, p.Service), "--tag-filter", "semver:~1.0"],
        PolicyChange p => [p.Target, .. In(p.Environment), "--service", Workload(p.Environment, p.Service)],
        Unreject u => ["Unreject", .. In(u.Environment), "--image", world.Build(Services[u.Service], u.Build)],
        _ => throw new ArgumentException($"{operation} is not a command", nameof(operation)),
    };

    // A GitOps agent renders and applies gitops: its operations commit only (applying its files directly is refused).
    private static string[] In(int environment) =>
        environment == GitOps ? ["--environment", Environments[environment], "--apply", "false"] : ["--environment", Environments[environment]];

    private static Outcome Parse((int ExitCode, string Stdout, string Stderr) run)
    {
        JsonNode? report = null;
        try
        {
            report = run.Stdout.TrimStart().StartsWith('{') ? JsonNode.Parse(run.Stdout) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a report: Crashes() says so when it matters.
        }
        return new Outcome(run.ExitCode, run.Stdout, run.Stderr, report);
    }

    /// <summary>An operation may fail for a reason (exit 1 or 2, said in words), never crash or refuse its own change.</summary>
    private static IEnumerable<string> Crashes(Outcome run)
    {
        if (run.ExitCode is not (0 or 1 or 2)) yield return $"exit code {run.ExitCode}: {Tail(run.Stderr)}";
        if (UnexpectedException().Match(run.Stderr) is { Success: true } match) yield return $"an unexpected exception: {match.Value}";
        if (run.Stderr.Contains("Refused to push", StringComparison.Ordinal)) yield return $"the check before the push refused a change: {Tail(run.Stderr)}";
        if (run.ExitCode == 0 && run.Report is null && !run.Stdout.TrimStart().StartsWith('[')) yield return $"exit 0 without a JSON report: {Tail(run.Stdout)}";
    }

    /// <summary>An automated release whose rollout failed is followed by its rollback (never by a loop: the audit checks rejections).</summary>
    private static IEnumerable<string> FailedRolloutsRolledBack(IReadOnlyList<Outcome> runs, ConfigRepoAudit audit)
    {
        foreach (var report in runs.Select(r => r.Report).OfType<JsonNode>())
        {
            if ((string?)report["action"] != "release" || report["pushed"]?.GetValue<bool>() != true) continue;
            var automated = audit.Commits.FirstOrDefault(c => c.Message.Release == (string?)report["release"]).Message?.Cause.StartsWith("automation", StringComparison.Ordinal) == true;
            var failedRollouts = report["results"]!.AsArray().Where(r => (string?)r!["status"] == "failed" && ((string?)r["reason"])?.StartsWith("rollout failed", StringComparison.Ordinal) == true).ToList();
            if (!automated || failedRollouts.Count == 0) continue;
            var last = audit.Commits[^1].Message;
            if (last.Action != Pipelines.Releases.ReleaseAction.Rollback || last.RollbackOf != (string?)report["release"])
            {
                yield return $"automated release {report["release"]} had failed rollouts but the last commit is not its rollback ({last.Subject})";
            }
        }
    }

    /// <summary>After an operation settles, every workload runs the image the config repo names.</summary>
    private static async Task<IEnumerable<string>> ClusterRunsGitAsync(ModelWorld world, ConfigRepoAudit audit, string environment)
    {
        var live = await world.LiveImagesAsync(environment);
        return audit.DesiredImages(environment)
            .Where(d => live.GetValueOrDefault(d.Key) != d.Value)
            .Select(d => $"{environment}: {d.Key.Workload} {d.Key.Container} runs {live.GetValueOrDefault(d.Key) ?? "nothing"}, the config repo says {d.Value}");
    }

    private static async Task<IEnumerable<string>> HistoryListsEveryOperationAsync(ModelWorld world, ConfigRepoAudit audit, IReadOnlySet<string> released)
    {
        var (exitCode, stdout, stderr) = await world.RunAsync(["History", "--limit", "100000"]);
        if (exitCode != 0) return [$"History failed: {Tail(stderr)}"];
        var listed = Schemas.AssertConforms(stdout)["items"]!.AsArray().Select(e => (string)e!["release"]!).ToHashSet(StringComparer.Ordinal);
        var problems = released.Where(r => !listed.Contains(r)).Select(r => $"History does not list {r}, which a report said was pushed").ToList();
        if (listed.Count != audit.Commits.Count) problems.Add($"History lists {listed.Count} operations; the config repo has {audit.Commits.Count} commits of the tool");
        return problems;
    }

    private static string Summary(Outcome run) =>
        run.Report is { } report
            ? $"exit {run.ExitCode}, {(report["pushed"]?.GetValue<bool>() == true ? "pushed" : "nothing pushed")}" +
              string.Concat(report["results"]!.AsArray().Where(r => (string?)r!["status"] != "skipped" || ((string?)r["reason"])?.StartsWith("newer image rejected", StringComparison.Ordinal) == true)
                  .Select(r => $", {r!["workload"]} {r["status"]}{(r["reason"] is { } why ? $" ({why})" : "")}"))
            : $"exit {run.ExitCode}: {Tail(run.Stderr)}";

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('━') && !l.StartsWith('═') && !l.StartsWith('─')).ToList();
        return string.Join(" / ", lines.Where(l => l.Contains("failed", StringComparison.OrdinalIgnoreCase) || l.Contains("error", StringComparison.OrdinalIgnoreCase)).DefaultIfEmpty(lines.LastOrDefault() ?? "").Take(3));
    }

    [GeneratedRegex(@"failed: [A-Z][A-Za-z]*Exception: [^\n]*")]
    private static partial Regex UnexpectedException();
}
