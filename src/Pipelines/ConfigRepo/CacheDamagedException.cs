namespace Pipelines.ConfigRepo;

/// <summary>The object cache on this machine lacks or cannot read something it should have: it is fetched anew.</summary>
internal sealed class CacheDamagedException(string message) : Exception(message);
