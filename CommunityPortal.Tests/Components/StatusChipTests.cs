using Bunit;
using CommunityPortal.Components.Shared;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Components;

public class StatusChipTests : PortalComponentTest
{
    [Theory]
    [InlineData("#1E88E5", "#000000")] // NUEVO: mid blue, black reads better (6.0 vs 3.5)
    [InlineData("#8E24AA", "#FFFFFF")] // EN_REVISION: purple
    [InlineData("#FB8C00", "#000000")] // EN_INVESTIGACION: orange
    [InlineData("#FDD835", "#000000")] // EN_PROCESO: yellow
    [InlineData("#757575", "#FFFFFF")] // CANCELADO: grey
    [InlineData("#43A047", "#000000")] // RESUELTO: green
    [InlineData("#000000", "#FFFFFF")]
    [InlineData("#FFFFFF", "#000000")]
    public void The_chip_has_the_status_color_and_the_more_readable_text_color(string background, string text)
    {
        var chip = Context.Render<StatusChip>(p => p.Add(c => c.Descripcion, "En proceso").Add(c => c.Color, background).Add(c => c.Code, "EN_PROCESO"));

        var span = chip.Find("[data-testid=status-chip]");
        Assert.Equal("En proceso", span.TextContent);
        Assert.Contains($"background-color:{background}", span.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains($"color:{text}", span.GetAttribute("style")!.Split(';')[1], StringComparison.Ordinal);
        Assert.Equal(text, ColorContrast.TextOn(background));
    }

    [Fact]
    public void A_malformed_color_falls_back_to_black_text()
    {
        Assert.Equal(ColorContrast.Black, ColorContrast.TextOn("red"));
    }
}
