namespace Pipelines.Server.Ui.Pages;

/// <summary>The frame every page shares: title, stylesheet, navigation (environments, history), who is signed in, sign out.</summary>
public static class PageLayout
{
    /// <param name="head">More of the head: the no-script refresh of a running report.</param>
    public static HtmlText Document(string title, HtmlText main, HtmlText header = default, bool narrow = false, HtmlText head = default) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} · Pipelines</title>
        <link rel="stylesheet" href="/ui/style.css">
        {head}
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        {header}
        <main id="main"{(narrow ? Html.Of($" class=\"narrow\"") : Html.Empty)}>
        {main}
        </main>
        </body>
        </html>
        """);

    public static HtmlText SignedIn(string title, PageContext page, HtmlText main, HtmlText head = default) =>
        Document(title, Html.Of($"{HealthBanner.Render(page.Problems)}{main}"), Header(page), head: head);

    private static HtmlText Header(PageContext page)
    {
        var links = new[] { Link("/ui", "Overview", page.Current == "overview") }.Concat(page.Environments.Select(e => Link(Html.Path("ui", "environments", e), e, page.Current == e))
            .Append(Link("/ui/history", "History", page.Current == "history")));
        var caller = page.Session.Caller;
        return Html.Of($"""
            <header>
            <span class="brand">Pipelines</span>
            <nav aria-label="Pages">{links}</nav>
            <span class="who">Signed in as <strong>{caller.Name}</strong> ({caller.RoleText ?? caller.Role.ToString().ToLowerInvariant()})</span>
            <form class="inline" method="post" action="/ui/sign-out">{Csrf(page.Session)}<button type="submit">Sign out</button></form>
            </header>
            """);
    }

    private static HtmlText Link(string href, string text, bool current) =>
        current ? Html.Of($"<a href=\"{href}\" aria-current=\"page\">{text}</a>") : Html.Of($"<a href=\"{href}\">{text}</a>");

    /// <summary>The hidden field every form of a session carries; <see cref="UiEndpoints"/> refuses a POST without it.</summary>
    public static HtmlText Csrf(UiSession session) => Html.Of($"<input type=\"hidden\" name=\"{UiAccess.CsrfField}\" value=\"{session.Csrf}\">");
}
