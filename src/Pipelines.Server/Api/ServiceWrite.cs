namespace Pipelines.Server.Api;

/// <summary>What a write on one service may carry: the JSON API's body fields, or the web UI's form fields.</summary>
/// <param name="Image">release: this image instead of the newest allowed one.</param>
/// <param name="Force">release, rollback: even when the workload is locked.</param>
/// <param name="To">rollback: an image or release id instead of the release before.</param>
public sealed record ServiceWrite(string? Image = null, string? Container = null, bool Force = false, string? To = null);
