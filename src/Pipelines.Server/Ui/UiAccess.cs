using Microsoft.AspNetCore.Http;

namespace Pipelines.Server.Ui;

/// <summary>
/// The web UI's access rules: a session cookie (HttpOnly, protected by Data Protection, see
/// <see cref="SignIn.ConsoleAuthentication"/>), a CSRF token bound to the session on every form POST; the role a write
/// needs in its environment is <see cref="Access.EnvironmentAccess"/>'s to decide.
/// </summary>
public static class UiAccess
{
    public const string SessionCookie = "pipelines_session";

    /// <summary>The sign-in form's CSRF token, as a cookie (double submit): there is no session yet to bind it to.</summary>
    public const string SignInCookie = "pipelines_signin";

    public const string CsrfField = "csrf";

    public static FormRefusal Check(UiSession? session, string? csrf)
    {
        if (session is null) return FormRefusal.NoSession;
        if (string.IsNullOrEmpty(csrf)) return FormRefusal.NoCsrf;
        return session.Accepts(csrf) ? FormRefusal.None : FormRefusal.WrongCsrf;
    }

    public static (int Status, string Message) Explain(FormRefusal refusal, UiSession? session) => refusal switch
    {
        FormRefusal.NoSession => (StatusCodes.Status401Unauthorized, "You are not signed in (or the session ended). Sign in again; nothing was changed."),
        FormRefusal.NoCsrf => (StatusCodes.Status400BadRequest, "The form carried no CSRF token, so nothing was changed. Use the buttons of the page."),
        FormRefusal.WrongCsrf => (StatusCodes.Status403Forbidden, "The form's CSRF token is not this session's, so nothing was changed. Reload the page and try again."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    public static CookieOptions Cookie(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Behind a TLS-terminating proxy the request looks like http; the cookie then works, and the proxy's HTTPS protects it.
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    /// <summary>Writes a page with the headers every UI response carries: no caching, no framing, no referrer, and no script —
    /// except, for a page that follows a running operation (<paramref name="followsRun"/>), this origin's <c>/ui/progress.js</c>
    /// and the event stream it reads (<c>script-src 'self'; connect-src 'self'</c>; still no inline script).</summary>
    public static async Task WritePageAsync(HttpContext context, int status, HtmlText html, bool followsRun = false)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = followsRun
            ? "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
            : "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.Value, context.RequestAborted);
    }
}
