using System.Globalization;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Components.Layout;
using CommunityPortal.Components.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Components;

public class PageHeaderTests : PortalComponentTest
{
    [Fact]
    public void Renders_the_title_as_the_page_heading_with_its_subtitle()
    {
        var header = Context.Render<PageHeader>(p => p
            .Add(h => h.Title, "Mis tickets")
            .Add(h => h.Subtitle, "Los problemas que has reportado"));

        Assert.Equal("Mis tickets", header.Find("h1").TextContent);
        Assert.Contains("Los problemas que has reportado", header.Markup, StringComparison.Ordinal);
    }
}
