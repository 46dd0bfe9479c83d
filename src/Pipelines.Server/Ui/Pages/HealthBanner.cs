using System.Globalization;
using Pipelines.Server.Health;

namespace Pipelines.Server.Ui.Pages;

/// <summary>The banner at the top of every signed-in page while <c>/healthz</c> is degraded: what fails and since when,
/// in the words the health report uses.</summary>
public static class HealthBanner
{
    public static HtmlText Render(IReadOnlyList<HealthProblem> problems) => problems.Count == 0 ? Html.Empty : Html.Of($"""
        <div class="banner" role="alert" data-health="degraded"><strong>Automation or sync is failing</strong> — releases may not happen on their own until this is fixed:
        <ul>{problems.Select(p => Html.Of($"<li><strong>{p.Source}</strong>: {p.Problem} <span class=\"muted\">(since {p.Since.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)</span></li>"))}</ul></div>
        """);
}
