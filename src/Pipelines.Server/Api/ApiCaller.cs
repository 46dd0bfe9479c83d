namespace Pipelines.Server.Api;

/// <summary>Who a token belongs to. The token itself is never kept here, so a caller can be logged and committed safely.</summary>
public sealed record ApiCaller(string Name, ApiRole Role);
