namespace Pipelines.Sandbox.Kube.Api;

/// <summary>The query parameters of a request that the emulator honours.</summary>
public sealed record RequestOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }
    public string? ResourceVersion { get; init; }
    public bool DryRun { get; init; }
    public string? FieldManager { get; init; }
    public bool Force { get; init; }

    /// <summary>fieldValidation: Strict refuses unknown fields, Warn (the default) drops them with a warning, Ignore drops them.</summary>
    public string? FieldValidation { get; init; }
    public string? PropagationPolicy { get; init; }
    public bool Watch { get; init; }
    public bool AllowWatchBookmarks { get; init; }
    public bool SendInitialEvents { get; init; }
    public int? TimeoutSeconds { get; init; }

    public static RequestOptions From(Func<string, string?> query) => new()
    {
        LabelSelector = query("labelSelector"),
        FieldSelector = query("fieldSelector"),
        Limit = int.TryParse(query("limit"), out var limit) && limit > 0 ? limit : null,
        Continue = query("continue"),
        ResourceVersion = query("resourceVersion"),
        DryRun = query("dryRun") == "All",
        FieldManager = query("fieldManager"),
        Force = query("force") == "true",
        FieldValidation = query("fieldValidation"),
        PropagationPolicy = query("propagationPolicy"),
        Watch = query("watch") is "true" or "1",
        AllowWatchBookmarks = query("allowWatchBookmarks") == "true",
        SendInitialEvents = query("sendInitialEvents") == "true",
        TimeoutSeconds = int.TryParse(query("timeoutSeconds"), out var timeout) ? timeout : null,
    };
}
