namespace Pipelines.Sandbox.Kube.Hosting;

/// <summary>One request the emulator served: method, path and query as sent, user agent and status code (0: the connection was reset, a fault).</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string UserAgent, int StatusCode);
