using Bunit;
using CommunityPortal.Components.Shared;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Components;

public class RelativeTimeTests : PortalComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, "hace un momento")]
    [InlineData(5, "hace 5 min")]
    [InlineData(180, "hace 3 h")]
    [InlineData(60 * 30, "ayer")]
    [InlineData(60 * 24 * 4, "hace 4 días")]
    public void Shows_how_long_ago_in_spanish_with_the_exact_time_on_hover(int minutesAgo, string text)
    {
        var time = Context.Render<RelativeTime>(p => p.Add(t => t.Value, Now.AddMinutes(-minutesAgo)).Add(t => t.Now, Now));

        var element = time.Find("time");
        Assert.Equal(text, element.TextContent);
        Assert.StartsWith(Now.AddMinutes(-minutesAgo).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture), element.GetAttribute("datetime"), StringComparison.Ordinal);
        Assert.EndsWith("UTC", element.GetAttribute("title"), StringComparison.Ordinal);
    }
}
