using Pipelines.Targets;

/// <summary>Build outputs of this repository, and how to delete them.</summary>
static class Workspace
{
    static readonly string[] SourceFolders = ["src", "tests", "bench"];

    public static void Clean(string root, string tempDirectory, Log log)
    {
        foreach (var folder in SourceFolders.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            foreach (var output in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)
                         .Where(d => Path.GetFileName(d) is "bin" or "obj")
                         .ToList())
            {
                if (!Directory.Exists(output)) continue; // inside one already deleted
                log.Info($"Deleting {Path.GetRelativePath(root, output)}");
                Directory.Delete(output, recursive: true);
            }
        }
        // build/'s own output is in use by this very process; build.sh rebuilds it when sources change.
        var results = Path.Combine(tempDirectory, "test-results");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
    }
}
