namespace Pipelines.Server.Ui.Pages;

/// <summary>The page at <c>/</c> without a session: exchange an API token for a session cookie.</summary>
public static class SignInPage
{
    /// <param name="csrf">The sign-in form's CSRF token (also in a cookie: a page of another site cannot sign you in as someone else).</param>
    /// <param name="error">Why the last attempt failed, or null.</param>
    public static HtmlText Render(string csrf, string? error = null) => PageLayout.Document("Sign in", Html.Of($"""
        <h1>Pipelines release manager</h1>
        <p>Sign in with an API token from Watch's <code>--api-tokens-file</code>. Operator tokens may release, roll back,
        promote and lock; read tokens see the tables only.</p>
        {(error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>"))}
        <form class="stack" method="post" action="/ui/sign-in">
        <input type="hidden" name="{UiAccess.CsrfField}" value="{csrf}">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" required autofocus>
        <button class="primary" type="submit">Sign in</button>
        </form>
        """), narrow: true);
}
