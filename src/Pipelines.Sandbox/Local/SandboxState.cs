using System.Text.Json;

namespace Pipelines.Sandbox.Local;

/// <summary>One process the sandbox started: recorded the moment it starts, so that <c>--stop</c> finds it even after a crash.</summary>
public sealed record SandboxProcess(string Name, int Pid, string Endpoint, string Log);

/// <summary>
/// <c>D/sandbox.json</c>: what runs and where. Written after every start (never only at the end), read by
/// the next <c>Sandbox</c> (to reuse what answers) and by <c>Sandbox --stop</c>.
/// </summary>
public sealed class SandboxState
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public List<SandboxProcess> Processes { get; init; } = [];

    public string? ConfigRepo { get; set; }

    public string? Registry { get; set; }

    public string? DockerHost { get; set; }

    public Dictionary<string, string> Clusters { get; init; } = [];

    public static string FileIn(string directory) => Path.Combine(directory, "sandbox.json");

    public static SandboxState Read(string directory)
    {
        var file = FileIn(directory);
        if (!File.Exists(file)) return new SandboxState();
        try
        {
            return JsonSerializer.Deserialize<SandboxState>(File.ReadAllText(file)) ?? new SandboxState();
        }
        catch (JsonException)
        {
            return new SandboxState(); // a torn write after a crash: treat as nothing recorded
        }
    }

    public void Record(string directory, SandboxProcess process)
    {
        Processes.RemoveAll(p => p.Name == process.Name);
        Processes.Add(process);
        Write(directory);
    }

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var temporary = FileIn(directory) + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, FileIn(directory), overwrite: true);
    }
}
