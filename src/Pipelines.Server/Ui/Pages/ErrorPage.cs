namespace Pipelines.Server.Ui.Pages;

/// <summary>What went wrong (the same message the API and the targets give) and the way back.</summary>
public static class ErrorPage
{
    public static HtmlText Render(int status, string message, PageContext? page, string backHref, string backText)
    {
        var main = Html.Of($"""
            <h1>{Title(status)}</h1>
            <p class="error" role="alert">{message}</p>
            <p><a href="{backHref}">{backText}</a></p>
            """);
        return page is null ? PageLayout.Document(Title(status), main, narrow: true) : PageLayout.SignedIn(Title(status), page, main);
    }

    private static string Title(int status) => status switch
    {
        400 => "Not done: the request was refused",
        401 => "Sign in first",
        403 => "Not allowed",
        404 => "Not found",
        502 => "Not done: git, the registry or the cluster failed",
        503 => "Not done: the global lock is busy",
        _ => $"Error {status}",
    };
}
