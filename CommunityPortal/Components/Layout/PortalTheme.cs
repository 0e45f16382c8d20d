using MudBlazor;

namespace CommunityPortal.Components.Layout;

/// <summary>The portal's palette, shared by the interactive layout and the static account pages.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00695C",
            Secondary = "#F9A825",
            AppbarBackground = "#00695C",
            Background = "#F5F7F7",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4DB6AC",
            Secondary = "#FFCA28",
            AppbarBackground = "#1E2A29",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
