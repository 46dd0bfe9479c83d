using Pipelines.Releases;

namespace Pipelines.Server.Ui.Pages;

/// <summary>
/// What an action would do, before it does it: the plan (a dry run of the same operation: nothing locked, committed, pushed
/// or applied), the manifest diff of the commit it would make, and a Confirm button — the only form that acts.
/// </summary>
/// <param name="Title">What is previewed, e.g. <c>Rollback of sock-shop/carts in staging</c>.</param>
/// <param name="ConfirmUrl">Where the confirm form posts (the operation's URL).</param>
/// <param name="Fields">The form fields the confirmed operation takes (message, to, image, force, service), carried unchanged.</param>
/// <param name="Choices">Forms that change the previewed request (a release to roll back to, a tag), or nothing.</param>
public sealed record Preview(string Title, string ActionName, string ConfirmUrl, IReadOnlyList<(string Name, string Value)> Fields, HtmlText Choices, string BackHref, string BackText);

public static class PreviewPage
{
    public static HtmlText Render(PageContext page, Preview preview, ReleaseReport plan)
    {
        var changes = plan.Previews.Count > 0;
        var fields = preview.Fields.Select(f => Html.Of($"<input type=\"hidden\" name=\"{f.Name}\" value=\"{f.Value}\">"));
        var confirm = changes
            ? Html.Of($"""
                <form class="inline confirm" method="post" action="{preview.ConfirmUrl}">{PageLayout.Csrf(page.Session)}{fields}
                <button class="primary" type="submit" aria-label="Confirm: {preview.Title}">Confirm {preview.ActionName}</button></form>
                """)
            : Html.Of($"<p role=\"status\"><strong>Nothing would change</strong>, so there is nothing to confirm.</p>");
        return PageLayout.SignedIn($"Preview: {preview.Title}", page, Html.Of($"""
            <h1>Preview: {preview.Title}</h1>
            <p class="note">Nothing has been changed yet. This is a dry run of the same operation; <strong>Confirm</strong> runs it
            (the plan is made again then, so a change pushed meanwhile is taken into account).</p>
            {preview.Choices}
            <h2>Plan</h2>
            <p>{ReleaseReportRenderer.Table(plan).First()}</p>
            {(plan.Steps.Count == 0 ? Html.Empty : Html.Of($"<ol class=\"steps\">{plan.Steps.Select(s => Html.Of($"<li>{ReleaseSteps.Text(s)}</li>"))}</ol>"))}
            {ReportPage.Results(plan)}
            <h2>Manifest diff</h2>
            {(changes ? Html.Join(plan.Previews.Select(Diff)) : Html.Of($"<p class=\"muted\">No file would change.</p>"))}
            {confirm}
            <p><a href="{preview.BackHref}">{preview.BackText}</a></p>
            """));
    }

    private static HtmlText Diff(FilePreview file) => Html.Of($"""
        <h3><code>{file.Path}</code></h3>
        <div class="diff" role="region" aria-label="Diff of {file.Path}" tabindex="0">{ManifestDiff.Of(file.Before, file.After).Select(Line)}</div>
        """);

    private static HtmlText Line(DiffLine line) => line.Kind switch
    {
        '+' => Html.Of($"<div class=\"add\"><span class=\"sr-only\">added: </span>+{line.Text}</div>"),
        '-' => Html.Of($"<div class=\"del\"><span class=\"sr-only\">removed: </span>-{line.Text}</div>"),
        '@' => Html.Of($"<div class=\"hunk\">{line.Text}</div>"),
        _ => Html.Of($"<div> {line.Text}</div>"),
    };
}
