using System.Net;
using System.Text.Json;

namespace Pipelines.Tests.Registry;

/// <summary>
/// Makes the 2.8 registry paginate its tag list as newer registries do: fetches the full list from the real
/// registry and answers <c>?n=&amp;last=</c> pages with a relative <c>Link: &lt;…&gt;; rel="next"</c> header.
/// </summary>
public sealed class PaginatingHandler(int pageSize, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public int Pages { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!uri.AbsolutePath.EndsWith("/tags/list", StringComparison.Ordinal))
            return await base.SendAsync(request, cancellationToken);
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var last = query["last"];
        request.RequestUri = new UriBuilder(uri) { Query = "" }.Uri;
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            return response;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var all = json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).OrderBy(t => t, StringComparer.Ordinal).ToList();
        var page = all.Where(t => last is null || string.CompareOrdinal(t, last) > 0).Take(pageSize).ToList();
        Pages++;
        var answer = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { name = json.RootElement.GetProperty("name").GetString(), tags = page })),
            RequestMessage = request,
        };
        if (page.Count == pageSize && all.IndexOf(page[^1]) < all.Count - 1)
            answer.Headers.TryAddWithoutValidation("Link", $"<{uri.AbsolutePath}?n={pageSize}&last={Uri.EscapeDataString(page[^1])}>; rel=\"next\"");
        response.Dispose();
        return answer;
    }
}
