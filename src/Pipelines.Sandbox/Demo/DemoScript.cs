using System.Diagnostics;
using Pipelines.Sandbox.Local;
using Pipelines.Targets;

namespace Pipelines.Sandbox.Demo;

/// <summary>
/// The V1 → V3 story against the sandbox. Every step prints what it is about, runs the commands a user would
/// type, then checks independently (cluster, config repo) that it did what it said.
/// </summary>
public sealed class DemoScript(SandboxPaths paths, SandboxState state, Log log)
{
    private readonly DemoCommand _command = new(paths, log);
    private readonly DemoChecks _check = new(paths, state);
    private readonly DemoReport _report = new(log);
    private TimeSpan _v1Deploy;

    public async Task<DemoReport> RunAsync()
    {
        await Step("V1", "Build, push and set the image", "CI deploys: a push to git builds an image tagged with the commit, pushes it, and sets it on the running workload.", V1BuildPushSetAsync);
        await Step("V1", "The config repo does not know", "V1's weak spot: what runs is no longer what any file says (Diff shows the drift).", V1DriftAsync);
        await Step("V2", "Two CI jobs update the config repo at once", "V2: git is the source of truth. Two jobs release two services at the same moment; the global git lock serialises them and both commits land.", V2ConcurrentUpdatesAsync);
        await Step("V3", "Automation releases a new tag to staging", "V3: CI only pushes. A newer front-end tag appears in the registry; staging is automatic, so the release manager releases it.", V3AutomatedReleaseAsync);
        await Step("V3", "Promote staging to production", "Production is manual: promote exactly what staging runs, pinned by digest.", V3PromoteAsync);
        await Step("V3", "A bad build is rolled back and rejected", "A broken catalogue image is pushed; automation releases it, the rollout fails, and the release manager rolls it back and marks the image rejected.", V3BadImageAsync);
        await Step("V3", "Roll back a release", "Roll front-end back by changing a pointer: no CI, no rebuild.", V3RollbackAsync);
        await Step("V3", "Lock a service; the next release skips it", "A lock says who and why; automation skips the service and says so.", V3LockAsync);
        await Step("V3", "History", "Every release, rollback and lock is a commit with trailers; History reads them back.", V3HistoryAsync);
        return _report;
    }

    private async Task Step(string stage, string title, string about, Func<Task<(bool Ok, string Outcome)>> run)
    {
        log.Info("");
        log.Info($"── {stage} · {title} ──");
        log.Info("  " + about);
        var started = Stopwatch.GetTimestamp();
        (bool Ok, string Outcome) result;
        try
        {
            result = await run();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = (false, $"the step failed: {e.Message}");
        }
        _report.Add(new DemoStep(stage, title, result.Ok, result.Outcome, Stopwatch.GetElapsedTime(started)));
    }

    private async Task<(bool, string)> V1BuildPushSetAsync()
    {
        var before = await _check.LiveImageAsync("staging", "front-end");
        log.Info("  $ examples/app/prepare.sh      # puts Debian's static busybox into the build context");
        var prepared = await ProcessRunner.RunAsync("bash", [Path.Combine(paths.RootDirectory, "examples", "app", "prepare.sh")], line => log.Info("    " + line));
        if (prepared != 0) return (false, "examples/app/prepare.sh failed; is busybox-static installed?");
        string[] tag = Directory.Exists(Path.Combine(paths.RootDirectory, ".git")) ? [] : ["--tag", "v1-demo"];
        var run = await _command.RunAsync(["BuildImage", "PushImage", "SetImage", "--repository", $"{_check.Registry}/weaveworksdemos/front-end",
            "--docker-context", "examples/app", "--build-arg", "ASSETS_MB=50", "--no-cache", .. tag,
            "--kube-context", "staging", "--namespace", "sock-shop", "--service", "front-end", "--container", "front-end", "--rollout-timeout", "60s"]);
        _v1Deploy = run.Duration;
        var after = await _check.LiveImageAsync("staging", "front-end");
        return (run.Succeeded && after != before && after.StartsWith($"{_check.Registry}/weaveworksdemos/front-end:", StringComparison.Ordinal),
            $"staging front-end: {Short(before)} -> {Short(after)}; build, push and rollout took {DemoReport.Seconds(run.Duration)} (a fresh CI agent, no cache)");
    }

    private async Task<(bool, string)> V1DriftAsync()
    {
        var run = await _command.RunAsync(["Diff", "--environment", "staging"]);
        // Diff exits 1 on drift, as kubectl diff does, so a CI job can fail on it.
        return (run.ExitCode == 1 && run.Stdout.Any(l => l.Contains("sock-shop:deployment/front-end", StringComparison.Ordinal)),
            $"the cluster runs {Short(await _check.LiveImageAsync("staging", "front-end"))}; the config repo still says {Short(_check.ConfigImage("staging", "front-end"))}");
    }

    private async Task<(bool, string)> V2ConcurrentUpdatesAsync()
    {
        await _check.PushAsync("catalogue", "0.3.6");
        await _check.PushAsync("carts", "0.4.9");
        log.Info($"  (CI pushed {Short(_check.Image("catalogue", "0.3.6"))} and {Short(_check.Image("carts", "0.4.9"))})");
        var commits = _check.CommitCount();
        var runs = await _command.RunConcurrentlyAsync([
            ["UpdateConfigRepo", "--environment", "staging", "--service", "catalogue", "--image", _check.Image("catalogue", "0.3.6"), "--user", "ci-job-1"],
            ["UpdateConfigRepo", "--environment", "staging", "--service", "carts", "--image", _check.Image("carts", "0.4.9"), "--user", "ci-job-2"],
        ]);
        foreach (var run in runs) foreach (var line in run.Stdout.Concat(run.Stderr.Where(l => !run.Succeeded && l.Contains("failed", StringComparison.Ordinal)))) log.Info("    " + line);
        var waited = runs.Any(r => r.Stderr.Any(l => l.Contains("Waiting for the lock", StringComparison.Ordinal)));
        var landed = _check.CommitCount() - commits;
        var catalogue = await _check.LiveImageAsync("staging", "catalogue");
        var carts = await _check.LiveImageAsync("staging", "carts");
        var ok = runs.All(r => r.Succeeded) && landed == 2 && Pinned(catalogue, _check.Image("catalogue", "0.3.6")) && Pinned(carts, _check.Image("carts", "0.4.9"));
        return (ok, $"{landed} commits landed{(waited ? ", one job waited for the other's lock" : "")}; staging runs {Short(catalogue)} and {Short(carts)}");
    }

    private async Task<(bool, string)> V3AutomatedReleaseAsync()
    {
        await _check.PushAsync("front-end", "0.3.13");
        log.Info($"  (CI pushed {Short(_check.Image("front-end", "0.3.13"))})");
        var run = await _command.RunAsync(["Release", "--environment", "staging", "--automated"]);
        var live = await _check.LiveImageAsync("staging", "front-end");
        return (run.Succeeded && Pinned(live, _check.Image("front-end", "0.3.13")) && _check.ConfigImage("staging", "front-end") == live,
            $"staging front-end runs {Short(live)}; the config repo says {Short(_check.ConfigImage("staging", "front-end"))}");
    }

    private async Task<(bool, string)> V3PromoteAsync()
    {
        var run = await _command.RunAsync(["Promote", "--from", "staging", "--environment", "production", "--service", "front-end"]);
        var live = await _check.LiveImageAsync("production", "front-end");
        return (run.Succeeded && live.StartsWith(_check.Image("front-end", "0.3.13") + "@sha256:", StringComparison.Ordinal),
            $"production front-end runs {Short(live)}");
    }

    private async Task<(bool, string)> V3BadImageAsync()
    {
        await _check.PushAsync("catalogue", "0.3.7-broken");
        log.Info($"  (CI pushed {Short(_check.Image("catalogue", "0.3.7-broken"))}; in the sandbox, images tagged *-broken never start)");
        var run = await _command.RunAsync(["Release", "--environment", "staging", "--automated", "--rollout-timeout", "90s"]);
        var live = await _check.LiveImageAsync("staging", "catalogue");
        // The rejection lives in history: the next automated run passes over the broken build and says why.
        // Read as values (-o json): the table fits the terminal, and a long reason wraps over lines.
        var again = await _command.RunAsync(["Release", "--environment", "staging", "--automated", "--dry-run", "--output", "json"], echoStdout: false);
        var reasons = System.Text.Json.Nodes.JsonNode.Parse(string.Join("\n", again.Stdout))?["results"]?.AsArray()
            .Select(r => $"{(string?)r?["workload"]}: {(string?)r?["reason"]}").ToList() ?? [];
        var said = reasons.FirstOrDefault(r => r.Contains("newer image rejected: 0.3.7-broken (rolled back in rel-", StringComparison.Ordinal));
        var rejected = said is not null;
        if (said is not null) log.Info("    " + said);
        return (run.ExitCode == 1 && Pinned(live, _check.Image("catalogue", "0.3.6")) && rejected,
            $"the release exited {run.ExitCode} (a workload failed); staging catalogue runs {Short(live)}; 0.3.7-broken {(rejected ? "is marked rejected" : "is NOT marked rejected")}");
    }

    private async Task<(bool, string)> V3RollbackAsync()
    {
        var run = await _command.RunAsync(["Rollback", "--environment", "staging", "--service", "front-end"]);
        var live = await _check.LiveImageAsync("staging", "front-end");
        return (run.Succeeded && live == _check.Image("front-end", "0.3.12"),
            $"staging front-end runs {Short(live)}; the rollback took {DemoReport.Seconds(run.Duration)}, against {DemoReport.Seconds(_v1Deploy)} for V1 to rebuild and redeploy");
    }

    private async Task<(bool, string)> V3LockAsync()
    {
        var locked = await _command.RunAsync(["Lock", "--environment", "staging", "--service", "front-end", "--message", "investigating checkout latency", "--user", "alice"]);
        await _check.PushAsync("front-end", "0.3.14");
        log.Info($"  (CI pushed {Short(_check.Image("front-end", "0.3.14"))})");
        var release = await _command.RunAsync(["Release", "--environment", "staging", "--automated"]);
        var live = await _check.LiveImageAsync("staging", "front-end");
        var skipped = release.Stdout.Any(l => l.Contains("front-end", StringComparison.Ordinal) && l.Contains("locked", StringComparison.Ordinal));
        return (locked.Succeeded && release.Succeeded && skipped && live == _check.Image("front-end", "0.3.12"),
            $"staging front-end runs {Short(live)}; the release {(skipped ? "skipped it: locked by alice" : "did not report it skipped as locked")}");
    }

    private async Task<(bool, string)> V3HistoryAsync()
    {
        var run = await _command.RunAsync(["History", "--limit", "8"]);
        return (run.Succeeded && run.Stdout.Count > 2, $"{_check.CommitCount()} commits in the config repo, each one a release, rollback, promotion or lock");
    }

    /// <summary>Releases record what they release as repository:tag@digest.</summary>
    private static bool Pinned(string image, string tagged) => image.StartsWith(tagged + "@sha256:", StringComparison.Ordinal);

    private string Short(string image) => image.Replace(_check.Registry + "/weaveworksdemos/", "", StringComparison.Ordinal) is var s && s.Contains("@sha256:", StringComparison.Ordinal)
        ? s[..(s.IndexOf("@sha256:", StringComparison.Ordinal) + 15)] + "…"
        : s.Length > 40 ? s[..40] + "…" : s;
}
