using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class LinkHeaderTests
{
    static readonly Uri Request = new("https://registry.example.com/v2/app/tags/list?n=2");

    [Fact]
    public void Relative_next_link_is_resolved_against_the_request()
    {
        Assert.Equal(new Uri("https://registry.example.com/v2/app/tags/list?n=2&last=b"),
            LinkHeader.Next(["</v2/app/tags/list?n=2&last=b>; rel=\"next\""], Request));
    }

    [Fact]
    public void Next_is_found_among_other_relations_and_unquoted()
    {
        Assert.Equal(new Uri("https://other.example.com/page2"),
            LinkHeader.Next(["<https://x/prev,1>; rel=\"prev\", <https://other.example.com/page2>; rel=next"], Request));
    }

    [Fact]
    public void No_next_link_means_the_last_page()
    {
        Assert.Null(LinkHeader.Next([], Request));
        Assert.Null(LinkHeader.Next(["<https://x/prev>; rel=\"prev\""], Request));
    }
}
