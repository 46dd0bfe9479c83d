using Pipelines.Shared;
using System.Text.Json;

namespace Pipelines.Targets.Parameters;

/// <summary>
/// <c>parameters.json</c> and the <c>--profile</c> files (<c>parameters.&lt;profile&gt;.json</c>) of a settings folder,
/// merged so that later profiles win over earlier ones and all of them over <c>parameters.json</c>.
/// </summary>
internal sealed class SettingsFiles
{
    private readonly Dictionary<string, (JsonElement Value, string File)> _values = new(StringComparer.OrdinalIgnoreCase);

    // The runner's working directory: files are named relative to where the user is (.nuke/parameters.json).
    private readonly string _workingDirectory;

    private SettingsFiles(string workingDirectory) => _workingDirectory = workingDirectory;

    public static SettingsFiles Read(string settingsDirectory, IReadOnlyList<string> profiles, IReadOnlyList<ParameterDefinition> parameters,
        string workingDirectory)
    {
        var files = new SettingsFiles(workingDirectory);
        var defaults = Path.Combine(settingsDirectory, "parameters.json");
        if (File.Exists(defaults)) files.Merge(defaults, parameters);
        foreach (var profile in profiles)
        {
            var path = Path.Combine(settingsDirectory, $"parameters.{profile}.json");
            if (!File.Exists(path))
            {
                var known = Directory.Exists(settingsDirectory)
                    ? Directory.GetFiles(settingsDirectory, "parameters.*.json").Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).Order().ToList()
                    : [];
                throw new UsageException(
                    $"--profile {profile}: {files.Relative(path)} does not exist. " +
                    (known.Count > 0 ? $"Profiles here: {string.Join(", ", known)}." : "Create it with the parameters this profile sets, e.g. { \"Verbosity\": \"verbose\" }."));
            }
            files.Merge(path, parameters);
        }
        return files;
    }

    public bool TryGet(ParameterDefinition parameter, out JsonElement value, out string file)
    {
        if (_values.TryGetValue(parameter.MemberName, out var entry))
        {
            (value, file) = entry;
            return true;
        }
        (value, file) = (default, "");
        return false;
    }

    /// <summary>Hands every string these files give a parameter to <paramref name="mask"/> (URLs with credentials in them).</summary>
    public void MaskUrlCredentials(Action<string> mask)
    {
        foreach (var (value, _) in _values.Values) Strings(value, mask);

        static void Strings(JsonElement element, Action<string> mask)
        {
            if (element.ValueKind == JsonValueKind.String) mask(element.GetString()!);
            else if (element.ValueKind == JsonValueKind.Array) foreach (var item in element.EnumerateArray()) Strings(item, mask);
        }
    }

    private void Merge(string path, IReadOnlyList<ParameterDefinition> parameters)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new UsageException($"{Relative(path)}:{e.LineNumber + 1}: not valid JSON ({FirstSentence(e.Message)}). Fix the file or delete it.");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{Relative(path)}: must hold one JSON object, e.g. {{ \"ConfigRepo\": \"git://host/config\" }}.");
        }
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.StartsWith('$')) continue; // "$schema"
            var parameter = parameters.FirstOrDefault(p => Naming.Normalize(p.MemberName) == Naming.Normalize(property.Name));
            if (parameter is null)
            {
                var closest = Naming.Closest(property.Name, parameters.Select(p => p.MemberName));
                throw new UsageException(
                    $"{Relative(path)}: unknown parameter \"{property.Name}\"." +
                    (closest.Count > 0 ? $" Did you mean \"{string.Join("\" or \"", closest)}\"?" : "") + " Parameters are listed by --help.");
            }
            _values[parameter.MemberName] = (property.Value.Clone(), Relative(path));
        }
    }

    private string Relative(string path) => Path.GetRelativePath(_workingDirectory, path);

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');
}
