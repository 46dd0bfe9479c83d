using Pipelines.Config;
using Pipelines.ReleaseManager;
using Pipelines.Server.Api;
using Pipelines.Server.Ui.Matrix;

namespace Pipelines.Server.Ui.Pages;

/// <summary>
/// One environment: a table of its services — per container the desired image, the live one and readiness when a
/// cluster is configured, a newer allowed image, the tag filter and a rejected image — with the policy (automated,
/// locked by whom and why) and, for operator sessions, the buttons: Release newest, Promote, Rollback, Lock/Unlock,
/// Automate/Deautomate. Each button opens the action's preview (a GET: nothing happens until its Confirm).
/// Read-only sessions get the same table without a single action form.
/// </summary>
public static class DashboardPage
{
    /// <param name="showsLive">A cluster is configured (--apply true): show live images and readiness.</param>
    public static HtmlText Render(PageContext page, EnvironmentConfig environment, EnvironmentStatus status, bool showsLive)
    {
        var canWrite = page.Session.Caller.Role == ApiRole.Operator;
        var liveHeaders = showsLive ? Html.Of($"<th scope=\"col\">Ready</th>") : Html.Empty;
        var liveImageHeader = showsLive ? Html.Of($"<th scope=\"col\">Live image</th>") : Html.Empty;
        var actionsHeader = canWrite ? Html.Of($"<th scope=\"col\">Actions</th>") : Html.Empty;
        var services = status.Services.Select((s, i) => Service(page.Session, environment, s, i, showsLive, canWrite));
        return PageLayout.SignedIn(environment.Name, page, Html.Of($"""
            <h1>{environment.Name}</h1>
            <p class="muted">automation <strong>{environment.Automation.ToString().ToLowerInvariant()}</strong> ·
            tag filter <code>{environment.TagFilter}</code> · namespace <code>{environment.Namespace}</code>
            {(environment.PromoteFrom is { } from ? Html.Of($" · promotes from <a href=\"{Html.Path("ui", "environments", from)}\">{from}</a>") : Html.Empty)}
            {(status.Commit is { } commit ? Html.Of($" · config commit <code>{commit[..Math.Min(7, commit.Length)]}</code>") : Html.Empty)}</p>
            {(showsLive ? Html.Empty : Html.Of($"<p class=\"note\">Desired state only: Watch runs with <code>--apply false</code>, so it asks no cluster (a GitOps agent applies the config repo).</p>"))}
            {Problems(status.Problems)}
            {(canWrite && environment.PromoteFrom is { } source ? PromoteForm(environment, source, null) : Html.Empty)}
            <table>
            <caption class="sr-only">Services of {environment.Name}</caption>
            <thead><tr><th scope="col">Service</th>{liveHeaders}<th scope="col">Container</th><th scope="col">Desired image</th>{liveImageHeader}<th scope="col">Newer image</th><th scope="col">Policy</th>{actionsHeader}</tr></thead>
            {services}
            </table>
            {(status.Services.Count == 0 ? Html.Of($"<p>No workloads in <code>{environment.Path}</code>.</p>") : Html.Empty)}
            """));
    }

    private static HtmlText Problems(IReadOnlyList<string> problems) => problems.Count == 0 ? Html.Empty : Html.Of($"""
        <div class="problems" role="alert"><strong>Some columns could not be filled:</strong>
        <ul>{problems.Select(p => Html.Of($"<li>{p}</li>"))}</ul></div>
        """);

    /// <summary>A <c>tbody</c> per service, a row per container; the service, policy and actions cells span them all.</summary>
    private static HtmlText Service(UiSession session, EnvironmentConfig environment, ServiceStatus service, int index, bool showsLive, bool canWrite)
    {
        var workload = service.Workload;
        var span = Math.Max(1, service.Containers.Count);
        var shared = Html.Of($"""
            <th scope="rowgroup" rowspan="{span}">{workload.Namespace}/{workload.Name}<br><span class="muted">{workload.Kind.ToLowerInvariant()} · {workload.File}</span></th>
            {(showsLive ? Ready(service, span) : Html.Empty)}
            """);
        var rows = service.Containers.Select((c, i) =>
        {
            var first = i == 0;
            return Html.Of($"""
                <tr>{(first ? shared : Html.Empty)}
                <td>{c.Name}<br><span class="muted">filter <code>{c.TagFilter}</code></span></td>
                <td>{Html.Image(c.Desired)}</td>
                {(showsLive ? Live(c) : Html.Empty)}
                <td>{(c.Newest is { } newest ? Html.Image(newest, "newer") : Html.Of($"<span class=\"muted\">up to date</span>"))}{(c.Rejected.Count > 0 ? Html.Of($"<br><span class=\"locked\">rejected</span> <code>{string.Join(" ", c.Rejected.Select(r => r.Tag))}</code>") : Html.Empty)}</td>
                {(first ? Html.Of($"<td rowspan=\"{span}\">{Policy(service)}</td>") : Html.Empty)}
                {(first && canWrite ? Html.Of($"<td rowspan=\"{span}\">{Actions(session, environment, service, index)}</td>") : Html.Empty)}
                </tr>
                """);
        });
        return Html.Of($"<tbody id=\"{workload.Id}\" data-workload=\"{workload.Id}\">{rows}</tbody>");
    }

    /// <summary>Ready pods with the health as colour and word: a pod that cannot pull its image is red even when the old
    /// ReplicaSet keeps every replica ready.</summary>
    private static HtmlText Ready(ServiceStatus service, int span)
    {
        var health = CellHealths.Of(service);
        var css = $"health-{health.ToString().ToLowerInvariant()}";
        var troubles = service.Troubles.Count == 0 ? Html.Empty : Html.Of($"<br><span class=\"locked\">{string.Join("; ", service.Troubles)}</span>");
        return Html.Of($"<td rowspan=\"{span}\" class=\"{(health == CellHealth.Failing ? css : "")}\" data-health=\"{health.ToString().ToLowerInvariant()}\"><span class=\"dot {css}\" aria-hidden=\"true\"></span>{service.Ready ?? "not running"} <span class=\"{(health == CellHealth.Failing ? "locked" : "muted")}\">{CellHealths.Text(health)}</span>{(service.Rollout is { } rollout ? Html.Of($"<br><span class=\"muted\">{rollout}</span>") : Html.Empty)}{troubles}</td>");
    }

    private static HtmlText Live(ContainerStatus container) => container.Live switch
    {
        null => Html.Of($"<td><span class=\"muted\">—</span></td>"),
        var live when live == container.Desired => Html.Of($"<td>{Html.Image(live)}</td>"),
        var live => Html.Of($"<td>{Html.Image(live, "drift")}<br><span class=\"drift\">differs from the config repo</span></td>"),
    };

    private static HtmlText Policy(ServiceStatus service)
    {
        var policy = service.Policy;
        var automation = policy.Automated ? Html.Of($"automated") : Html.Of($"manual");
        return policy.Locked
            ? Html.Of($"{automation}<br><span class=\"locked\">locked by {policy.LockedBy ?? "someone"}</span>{(policy.LockedMessage is { } why ? Html.Of($": {why}") : Html.Empty)}")
            : automation;
    }

    private static HtmlText Actions(UiSession session, EnvironmentConfig environment, ServiceStatus service, int index)
    {
        var workload = service.Workload;
        var name = $"{workload.Namespace}/{workload.Name}";
        var preview = (string operation) => Html.Path("ui", "environments", environment.Name, "services", workload.Namespace, workload.Name, operation, "preview");
        HtmlText Button(string operation, string text, string label, string css = "", HtmlText fields = default) =>
            Html.Of($"""<form class="inline" method="get" action="{preview(operation)}">{fields}<button class="{css}" type="submit" aria-label="{label}">{text}</button></form>""");
        // An image rejected here before (rolled back from) is never offered as "newest" (ServiceMatrix.Pending).
        var release = ServiceMatrix.OffersRelease(service)
            ? Button("release", "Release newest", $"Release the newest image of {name}", "primary")
            : Button("release", "Choose a tag", $"Choose a tag of {name} to release");
        var promote = environment.PromoteFrom is { } from ? PromoteForm(environment, from, name) : Html.Empty;
        var force = Html.Of($"<input type=\"hidden\" name=\"force\" value=\"true\">");
        // A lock holds a rollback back unless forced; the row shows who locked it and why, so the button says it overrides that.
        var rollback = service.Policy.Locked
            ? Button("rollback", "Rollback despite lock", $"Roll back {name} despite the lock", "danger", force)
            : Button("rollback", "Rollback", $"Roll back {name}", "danger");
        var lockOrUnlock = service.Policy.Locked
            ? Button("unlock", "Unlock", $"Unlock {name}")
            : Html.Of($"""
                <form class="inline" method="get" action="{preview("lock")}">
                <label for="lock-{index}">Why<span class="sr-only"> lock {name}</span></label>
                <input type="text" id="lock-{index}" name="message" required placeholder="reason">
                <button type="submit" aria-label="Lock {name}">Lock</button></form>
                """);
        var automation = service.Policy.Automated
            ? Button("deautomate", "Deautomate", $"Deautomate {name}")
            : Button("automate", "Automate", $"Automate {name}");
        return Html.Of($"{release}{promote}{rollback}{lockOrUnlock}{automation}");
    }

    /// <summary>Preview the promotion of one service (<paramref name="service"/>) or, with null, of every service of the environment.</summary>
    private static HtmlText PromoteForm(EnvironmentConfig environment, string from, string? service)
    {
        var label = service is null ? $"Promote every service from {from}" : $"Promote {service} from {from}";
        var text = service is null ? $"Promote all from {from}" : $"Promote from {from}";
        var field = service is null ? Html.Empty : Html.Of($"<input type=\"hidden\" name=\"service\" value=\"{service}\">");
        return Html.Of($"""<form class="inline" method="get" action="{Html.Path("ui", "environments", environment.Name, "promote", "preview")}">{field}<button type="submit" aria-label="{label}">{text}</button></form>""");
    }
}
