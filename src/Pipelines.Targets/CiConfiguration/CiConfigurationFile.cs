namespace Pipelines.Targets.CiConfiguration;

/// <summary>Writes a generated CI file at the repository root: never over a file that differs, unless asked.</summary>
internal static class CiConfigurationFile
{
    public enum Outcome { Written, Unchanged }

    public static Outcome Write(string root, CiSystem system, string text, bool overwrite, string toolName)
    {
        var relative = CiSystems.FileName(system);
        var path = Path.Combine(root, relative);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            if (existing == text) return Outcome.Unchanged;
            if (!overwrite)
            {
                throw new UsageException(
                    $"{path} exists and differs from the file generated now, so it was left as it is. Keep your edits by merging them by hand, " +
                    $"or add --overwrite to the same {toolName} --generate-configuration {CiSystems.Keyword(system)} command to replace it.");
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return Outcome.Written;
    }
}
