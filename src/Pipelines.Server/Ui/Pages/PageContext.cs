namespace Pipelines.Server.Ui.Pages;

/// <summary>Where a signed-in page sits: who is signed in (and the CSRF token of the sign-out form), the environments to
/// navigate to, and which link is the current page.</summary>
public sealed record PageContext(UiSession Session, IReadOnlyList<string> Environments, string? Current);
