using System.Globalization;
using Pipelines.Images;
using Pipelines.Reporting;
using Pipelines.Server.Ui.Matrix;

namespace Pipelines.Server.Ui.Pages;

/// <summary>
/// The home page: every service × every environment, one line per service so that 30 fit a 1400×900 screen. A cell says the
/// version (compact image reference), the health as a colour and a word, who released it and when, a lock, automation and a
/// newer image a release would take. Details and actions are on the environment's page, where each cell links.
/// </summary>
public static class MatrixPage
{
    public static HtmlText Render(PageContext page, IReadOnlyList<string> environments, IReadOnlyList<MatrixRow> rows, IReadOnlyList<string> problems)
    {
        var images = ImageText.For(rows.SelectMany(r => r.Cells.Values).SelectMany(c => c.Service.Containers.Select(x => x.Desired)));
        var headers = environments.Select(e => Html.Of($"<th scope=\"col\"><a href=\"{Html.Path("ui", "environments", e)}\">{e}</a></th>"));
        return PageLayout.SignedIn("Overview", page, Html.Of($"""
            <h1>Services × environments</h1>
            <p class="muted legend">{rows.Count} services in {environments.Count} environments ·
            <span class="dot health-healthy" aria-hidden="true"></span> healthy
            <span class="dot health-progressing" aria-hidden="true"></span> rolling out
            <span class="dot health-failing" aria-hidden="true"></span> failing
            <span class="dot health-unknown" aria-hidden="true"></span> not checked ·
            <span class="newer">↑ tag</span> newer image to release · <span class="badge locked">locked</span> · <span class="badge">auto</span> automated</p>
            {(problems.Count == 0 ? Html.Empty : Html.Of($"<details class=\"problems\"><summary>{problems.Count} problem(s): some cells could not be filled</summary><ul>{problems.Select(p => Html.Of($"<li>{p}</li>"))}</ul></details>"))}
            <table class="matrix">
            <caption class="sr-only">Services by environment: version, health, last release, lock, automation and newer image</caption>
            <thead><tr><th scope="col">Service</th>{headers}</tr></thead>
            <tbody>{rows.Select(r => Row(r, environments, images))}</tbody>
            </table>
            """));
    }

    private static HtmlText Row(MatrixRow row, IReadOnlyList<string> environments, ImageText images) => Html.Of($"""
        <tr data-service="{row.Name}"><th scope="row">{row.Name}</th>{environments.Select(e => row.Cells.TryGetValue(e, out var cell) ? Cell(cell, images) : Html.Of($"<td class=\"absent\"><span class=\"muted\">—</span><span class=\"sr-only\">not in {e}</span></td>"))}</tr>
        """);

    private static HtmlText Cell(MatrixCell cell, ImageText images)
    {
        var service = cell.Service;
        var workload = service.Workload;
        var health = cell.Health;
        var healthClass = $"health-{health.ToString().ToLowerInvariant()}";
        var image = service.Containers.FirstOrDefault()?.Desired ?? "";
        var healthTitle = service.Troubles.Count > 0 ? string.Join("; ", service.Troubles) : $"{CellHealths.Text(health)}{(service.Ready is { } ready ? $", {ready} ready" : "")}{(service.Rollout is { } rollout ? $": {rollout}" : "")}";
        var version = Html.Of($"<a href=\"{Html.Path("ui", "environments", cell.Environment)}#{workload.Id}\" title=\"{string.Join("\n", service.Containers.Select(c => $"{c.Name}: {c.Desired}"))}\"><code>{ImageReference.WithoutDigest(images.Show(image))}</code></a>{(service.Containers.Count > 1 ? Html.Of($"<span class=\"muted\"> +{service.Containers.Count - 1}</span>") : Html.Empty)}");
        var pending = cell.Pending is { } newer ? Html.Of($" <span class=\"newer\" title=\"newer image: {newer}\">↑ {ImageReference.TagOf(newer) ?? newer}</span>") : Html.Empty;
        var locked = service.Policy.Locked ? Html.Of($" <span class=\"badge locked\" title=\"locked by {service.Policy.LockedBy ?? "someone"}{(service.Policy.LockedMessage is { } why ? $": {why}" : "")}\">locked</span>") : Html.Empty;
        var automated = service.Policy.Automated ? Html.Of($" <span class=\"badge\" title=\"automated: new images are released on their own\">auto</span>") : Html.Empty;
        var released = cell.LastRelease is { } last
            ? Html.Of($" <span class=\"muted who\" title=\"{last.ActionText} {last.Release}\">{CauseText.Who(last.Cause)} <time datetime=\"{last.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}\">{last.Time.ToUniversalTime().ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)}</time></span>")
            : Html.Empty;
        return Html.Of($"""<td class="cell {healthClass}" data-environment="{cell.Environment}" data-health="{health.ToString().ToLowerInvariant()}"><span class="dot {healthClass}" title="{healthTitle}" aria-hidden="true"></span>{(health == CellHealth.Failing ? Html.Of($"<span class=\"badge failing\" title=\"{healthTitle}\">failing</span> ") : Html.Of($"<span class=\"sr-only\">{CellHealths.Text(health)}, </span>"))}{version}{pending}{locked}{automated}{released}</td>""");
    }

}
