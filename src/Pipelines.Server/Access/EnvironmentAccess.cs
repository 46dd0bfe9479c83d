using Pipelines.Config;
using Pipelines.Server.Api;
using Pipelines.Server.Health;

namespace Pipelines.Server.Access;

/// <summary>
/// A caller's role in an environment, from the <c>access:</c> section the config branch has now (read within the API's
/// budget, from the last one known when git does not answer, as every read of this service is).
/// </summary>
public sealed class EnvironmentAccess(KnownState reads)
{
    public async Task<AccessRole?> RoleAsync(ApiCaller caller, string environment, CancellationToken cancellationToken) =>
        AccessDecision.RoleOf(caller, environment, await RulesAsync(cancellationToken));

    /// <summary>The rules themselves, for a question about several environments at once (which ones a caller may see).</summary>
    public async Task<AccessRules> RulesAsync(CancellationToken cancellationToken) => (await reads.AccessAsync(cancellationToken)).Value;

    /// <summary>Null when the caller may; else the refusal to show (see <see cref="AccessDecision.Refusal"/>).</summary>
    public async Task<string?> RefusalAsync(ApiCaller caller, string environment, AccessRole needed, string what, CancellationToken cancellationToken) =>
        AccessDecision.Refusal(caller, environment, await RoleAsync(caller, environment, cancellationToken), needed, what);
}
