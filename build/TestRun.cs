using System.Xml.Linq;
using Pipelines.Targets;

/// <summary>Runs `dotnet test` over the solution and sums the TRX reports of every test project.</summary>
static class TestRun
{
    public sealed record Totals(int Passed, int Failed, int Skipped)
    {
        public int Total => Passed + Failed + Skipped;

        public string ClosingLine => $"{Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
    }

    public static async Task<Totals> RunAsync(Log log, string root, string solution, string configuration, string resultsDirectory)
    {
        if (Directory.Exists(resultsDirectory)) Directory.Delete(resultsDirectory, recursive: true);
        var exitCode = await ProcessRunner.RunAsync("dotnet",
            ["test", solution, "--no-build", "-c", configuration, "--nologo",
             "--results-directory", resultsDirectory, "--logger", "trx", "--logger", "console;verbosity=normal"],
            line => { if (IsWorthShowing(line)) log.Info(line); }, root, DotNet.Quiet);

        var totals = Sum(resultsDirectory);
        if (exitCode != 0 && totals.Failed == 0)
        {
            throw new BuildFailure($"dotnet test exited with code {exitCode} before reporting any failed test; see its output above.");
        }
        return totals;
    }

    // Progress without noise: one line per test result, the per-project summaries, and every error.
    static bool IsWorthShowing(string line) => !string.IsNullOrWhiteSpace(line) && !line.TrimStart().StartsWith("Results File:", StringComparison.Ordinal);

    public static Totals Sum(string resultsDirectory)
    {
        int passed = 0, failed = 0, skipped = 0;
        if (!Directory.Exists(resultsDirectory)) return new Totals(0, 0, 0);
        foreach (var trx in Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories))
        {
            var counters = XDocument.Load(trx).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null) continue;
            int Count(string name) => int.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
            passed += Count("passed");
            failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            skipped += Count("notExecuted");
        }
        return new Totals(passed, failed, skipped);
    }

    /// <summary>
    /// The failed tests with the first line of their messages, so the end of a long CI log names them; the console
    /// logger prints them somewhere in thousands of lines, which a CI page that shows only the tail cuts off.
    /// </summary>
    public static IReadOnlyList<string> Failures(string resultsDirectory)
    {
        if (!Directory.Exists(resultsDirectory)) return [];
        var failures = new List<string>();
        foreach (var trx in Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories))
        {
            foreach (var result in XDocument.Load(trx).Descendants().Where(e => e.Name.LocalName == "UnitTestResult"))
            {
                if (result.Attribute("outcome")?.Value is "Passed" or "NotExecuted") continue;
                var message = result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "";
                var firstLine = message.Split('\n', 2)[0].Trim();
                failures.Add($"{result.Attribute("testName")?.Value}: {(firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine)}");
            }
        }
        return failures;
    }
}
