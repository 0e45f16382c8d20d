using Bunit;
using CommunityPortal.Components.Shared;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Components;

public class PagerTests : PortalComponentTest
{
    [Theory]
    [InlineData(16, 1, "1 2 3 … 16")]
    [InlineData(16, 8, "1 … 8 … 16")]
    [InlineData(16, 15, "1 … 14 15 16")]
    [InlineData(16, 16, "1 … 14 15 16")]
    [InlineData(4, 2, "1 2 3 4")]
    [InlineData(1, 1, "1")]
    public void Shows_the_first_the_last_and_the_current_page_in_five_slots(int count, int selected, string shown)
    {
        var pager = Context.Render<Pager>(p => p.Add(c => c.Count, count).Add(c => c.Selected, selected));

        var items = pager.FindAll("li").Skip(1).SkipLast(1).Select(li => li.TextContent.Trim());
        Assert.Equal(shown, string.Join(' ', items));
        Assert.Equal(selected.ToString(System.Globalization.CultureInfo.InvariantCulture), pager.Find("[aria-current=page]").TextContent);
    }

    [Fact]
    public void Clicking_a_page_or_the_arrows_asks_for_that_page_in_spanish()
    {
        var asked = new List<int>();
        var pager = Context.Render<Pager>(p => p.Add(c => c.Count, 16).Add(c => c.Selected, 1).Add(c => c.SelectedChanged, page => asked.Add(page)));

        Assert.True(pager.Find("[aria-label='Página anterior']").HasAttribute("disabled"));
        pager.Find("[aria-label='Página 16']").Click();
        pager.Find("[aria-label='Página siguiente']").Click();

        Assert.Equal([16, 2], asked);
    }
}
