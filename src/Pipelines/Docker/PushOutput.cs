using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Pipelines.Diagnostics;

namespace Pipelines.Docker;

/// <summary>
/// The engine's push progress, rendered a few lines per layer: when it starts pushing (with its size), at
/// each quarter, and when it is pushed or found already there; never the engine's per-chunk updates.
/// Remembers the pushed digest and the engine's error.
/// </summary>
internal sealed partial class PushOutput(ILog log) : IProgress<JSONMessage>
{
    readonly Dictionary<string, int> _quartersLogged = new(StringComparer.Ordinal);

    public string? Digest { get; private set; }

    public string? Error { get; private set; }

    public int LayersPushed { get; private set; }

    public int LayersExisting { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error) Error = error.Trim();
        else if (value.ErrorMessage is { Length: > 0 } message) Error = message.Trim();
        if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("Digest", out var digest) && digest?.ToString() is { Length: > 0 } text) Digest = text;
        var status = value.Status ?? "";
        var layer = value.ID is { Length: > 0 } id ? id : null;
        if (layer is null)
        {
            // "<tag>: digest: sha256:… size: 739" is the last line of a push; older engines send no aux.
            if (DigestLine().Match(status) is { Success: true } line) Digest ??= line.Groups[1].Value;
            if (status.Length > 0) log.Info(status);
            return;
        }
        switch (status)
        {
            case "Pushing" when value.Progress is { Total: > 0 } progress:
                var quarter = (int)Math.Min(3, progress.Current * 4 / progress.Total);
                var logged = _quartersLogged.GetValueOrDefault(layer, -1);
                if (logged < 0) log.Info($"{layer}: pushing {Size(progress.Total)}");
                else if (quarter > logged && quarter > 0) log.Info($"{layer}: {quarter * 25}% of {Size(progress.Total)}");
                _quartersLogged[layer] = Math.Max(quarter, logged < 0 ? 0 : logged);
                break;
            case "Pushed":
                LayersPushed++;
                log.Info($"{layer}: pushed");
                break;
            case "Layer already exists":
                LayersExisting++;
                log.Info($"{layer}: already in the registry");
                break;
            case var mounted when mounted.StartsWith("Mounted from", StringComparison.Ordinal):
                LayersExisting++;
                log.Info($"{layer}: {status.ToLowerInvariant()}");
                break;
            default:
                log.Debug($"{layer}: {status}");
                break;
        }
    }

    static string Size(long bytes) => bytes >= 1 << 20 ? $"{bytes / (double)(1 << 20):0.0} MB" : $"{bytes / 1024.0:0.0} kB";

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex DigestLine();
}
