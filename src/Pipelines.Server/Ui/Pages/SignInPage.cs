namespace Pipelines.Server.Ui.Pages;

/// <summary>The page at <c>/</c> without a session: single sign-on when Watch has a provider, else exchange an API token for a session cookie.</summary>
public static class SignInPage
{
    /// <param name="csrf">The token sign-in form's CSRF token (also in a cookie: a page of another site cannot sign you in as someone else).</param>
    /// <param name="error">Why the last attempt failed, or null.</param>
    /// <param name="provider">What to call the OpenID Connect provider; null: no provider, sign in with a token.</param>
    public static HtmlText Render(string csrf, string? error = null, string? provider = null) => PageLayout.Document("Sign in", Html.Of($"""
        <h1>Pipelines release manager</h1>
        {(provider is null ? TokenForm(csrf) : SingleSignOn(provider))}
        {(error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>"))}
        """), narrow: true);

    private static HtmlText SingleSignOn(string provider) => Html.Of($"""
        <p>Sign in with your organisation's account. What you may do in each environment is set in the config repo's
        <code>pipelines.yaml</code> (<code>access:</code>).</p>
        <p><a class="button primary" href="{SignIn.ConsoleAuthentication.StartPath}">Sign in with {provider}</a></p>
        """);

    private static HtmlText TokenForm(string csrf) => Html.Of($"""
        <p>Sign in with an API token from Watch's <code>--api-tokens-file</code>. What it may do in each environment is its
        role there (the file's role, and what <code>access:</code> in pipelines.yaml grants it).</p>
        <form class="stack" method="post" action="/ui/sign-in">
        <input type="hidden" name="{UiAccess.CsrfField}" value="{csrf}">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" required autofocus>
        <button class="primary" type="submit">Sign in</button>
        </form>
        """);
}
