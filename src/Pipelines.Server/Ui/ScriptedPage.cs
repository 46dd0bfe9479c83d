using Microsoft.AspNetCore.Http;

namespace Pipelines.Server.Ui;

/// <summary>
/// Writes a page that runs this origin's script (<c>/ui/progress.js</c>) and reads its event stream: the headers of
/// <see cref="UiAccess.WritePageAsync"/>, with <c>script-src 'self'</c> and <c>connect-src 'self'</c> added. Still no inline
/// script and nothing from another origin.
/// </summary>
public static class ScriptedPage
{
    public static async Task WriteAsync(HttpContext context, int status, HtmlText html)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.Value, context.RequestAborted);
    }
}
