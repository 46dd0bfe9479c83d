using System.Text.RegularExpressions;
using System.Text;
using Docker.DotNet.Models;
using Pipelines.Diagnostics;

namespace Pipelines.Docker;

/// <summary>
/// The classic builder's output as it arrives: each line logged at once, the current step
/// (<c>Step 4/7 : RUN …</c>) remembered, so that a failure names the step, its instruction and the
/// engine's error.
/// </summary>
internal sealed partial class BuildOutput(ILog log) : IProgress<JSONMessage>
{
    readonly StringBuilder _partial = new();

    /// <summary>The step being run, e.g. (4, 7, "RUN make"); null before the first.</summary>
    public (int Number, int Count, string Instruction)? CurrentStep { get; private set; }

    /// <summary>The engine's error, when the build failed.</summary>
    public string? Error { get; private set; }

    /// <summary>The built image's id, from the engine's <c>aux</c> message.</summary>
    public string? ImageId { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error) Error = error.Trim();
        else if (value.ErrorMessage is { Length: > 0 } message) Error = message.Trim();
        if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("ID", out var id) && id?.ToString() is { Length: > 0 } text) ImageId = text;
        if (value.Stream is { Length: > 0 } stream) Append(stream);
        // Per-layer pull progress (a FROM of an image not yet local) would be hundreds of lines.
        else if (value.Status is { Length: > 0 } status && value.Progress is null) Line(value.ID is { Length: > 0 } layer ? $"{layer}: {status}" : status);
        else if (value.Status is { Length: > 0 } progress) log.Debug($"{value.ID}: {progress}");
    }

    /// <summary>Logs what is left of a line without its newline.</summary>
    public void Flush()
    {
        if (_partial.Length == 0) return;
        Line(_partial.ToString());
        _partial.Clear();
    }

    /// <summary>What a failed build reports: step, instruction, the engine's words.</summary>
    public string FailureMessage() => CurrentStep is var (number, count, instruction)
        ? $"step {number}/{count} ({instruction}) failed: {Error}"
        : $"the build failed before its first step: {Error}";

    void Append(string text)
    {
        _partial.Append(text);
        var content = _partial.ToString();
        var end = content.LastIndexOf('\n');
        if (end < 0) return;
        foreach (var line in content[..end].Split('\n')) Line(line.TrimEnd('\r'));
        _partial.Clear().Append(content[(end + 1)..]);
    }

    void Line(string line)
    {
        if (StepLine().Match(line) is { Success: true } step)
            CurrentStep = (int.Parse(step.Groups[1].Value), int.Parse(step.Groups[2].Value), step.Groups[3].Value.Trim());
        if (line.Length > 0) log.Info(line);
    }

    [GeneratedRegex(@"^Step (\d+)/(\d+) : (.*)$")]
    private static partial Regex StepLine();
}
