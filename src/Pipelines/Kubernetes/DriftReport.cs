namespace Pipelines.Kubernetes;

/// <summary>Drift for people (a table) and for scripts (JSON).</summary>
public static class DriftReport
{
    /// <remarks>Only the table is fitted to <paramref name="width"/>; the sentences around it are left for the terminal to wrap.</remarks>
    public static IEnumerable<string> Text(Drift drift, Reporting.OutputFormat output = Reporting.OutputFormat.Text, int width = Reporting.TextTable.Unlimited)
    {
        var at = drift.Commit is null ? "" : $" at {drift.Commit[..7]}";
        if (drift.IsEmpty)
        {
            yield return $"{drift.Environment}: the cluster runs what the config repo{at} says.";
            yield break;
        }
        yield return $"{drift.Environment}: the cluster differs from the config repo{at}.";
        if (drift.Images.Count > 0)
        {
            var rows = new List<string[]> { new[] { "WORKLOAD", "CONTAINER", "CONFIG REPO", "LIVE" } };
            var images = Reporting.ImageText.For(drift.Images.SelectMany(d => new[] { d.Desired, d.Live }), output);
            rows.AddRange(drift.Images.Select(d => new[] { d.Workload, d.Container, images.Show(d.Desired), d.Live is null ? "(no such container)" : images.Show(d.Live) }));
            foreach (var line in Reporting.TextTable.Format(rows, width, new(), new(), new(KeepEnd: true), new(KeepEnd: true))) yield return line;
        }
        foreach (var id in drift.MissingInCluster) yield return $"missing in the cluster: {id} (Sync applies it)";
        foreach (var id in drift.NotInGit) yield return $"not in the config repo: {id} (Sync --prune deletes it)";
        if (drift.Images.Count > 0) yield return "Sync puts the config repo's images back; Sync --adopt records the live ones in the config repo.";
    }

    public static string Json(Drift drift) => Documents.ResultWriter.Json(new Documents.DriftDocument(drift.Environment, drift.Commit,
        drift.Images.Select(d => new Documents.ImageDriftJson(d.Workload, d.Container, d.Desired, d.Live)).ToList(), drift.MissingInCluster, drift.NotInGit));
}
