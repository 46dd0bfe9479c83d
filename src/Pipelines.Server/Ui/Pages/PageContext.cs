using Pipelines.Server.Health;

namespace Pipelines.Server.Ui.Pages;

/// <summary>Where a signed-in page sits: who is signed in (and the CSRF token of the sign-out form), the environments to
/// navigate to, and which link is the current page.</summary>
public sealed record PageContext(UiSession Session, IReadOnlyList<string> Environments, string? Current)
{
    /// <summary>What <c>/healthz</c> calls degraded (automation, a sync, git, the registry failing): every page shows it as a
    /// banner, since a failing automation otherwise looks like a quiet one.</summary>
    public IReadOnlyList<HealthProblem> Problems { get; init; } = [];
}
