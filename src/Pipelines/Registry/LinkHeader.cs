namespace Pipelines.Registry;

/// <summary>The <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, as registries paginate tag lists.</summary>
internal static class LinkHeader
{
    /// <summary>The next page's absolute URI, resolved against the request's URI; null on the last page.</summary>
    public static Uri? Next(IEnumerable<string> linkHeaders, Uri requestUri)
    {
        foreach (var header in linkHeaders)
        {
            foreach (var link in SplitLinks(header))
            {
                var open = link.IndexOf('<');
                var close = link.IndexOf('>', open + 1);
                if (open < 0 || close < 0)
                    continue;
                var parameters = link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var isNext = parameters.Any(p =>
                {
                    var kv = p.Split('=', 2, StringSplitOptions.TrimEntries);
                    return kv.Length == 2 && kv[0].Equals("rel", StringComparison.OrdinalIgnoreCase)
                        && kv[1].Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase);
                });
                if (isNext)
                    return new Uri(requestUri, link[(open + 1)..close]);
            }
        }
        return null;
    }

    /// <summary>Splits on commas outside the angle brackets, since URIs may contain commas.</summary>
    static IEnumerable<string> SplitLinks(string header)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] == '<') depth++;
            else if (header[i] == '>') depth--;
            else if (header[i] == ',' && depth == 0)
            {
                yield return header[start..i];
                start = i + 1;
            }
        }
        yield return header[start..];
    }
}
