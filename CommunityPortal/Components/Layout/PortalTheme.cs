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
            // WCAG 2.2 AA (4.5:1) for text on white and on the page's background: MudBlazor's defaults for these
            // (white on amber, #F44336, #00C853, #FF9800, #2196F3, 54 % black) are 2:1 to 4.3:1.
            SecondaryContrastText = "rgba(0,0,0,0.87)",
            AppbarBackground = "#00695C",
            Background = "#F5F7F7",
            DrawerBackground = "#FFFFFF",
            TextSecondary = "rgba(0,0,0,0.62)",
            Error = "#C62828",
            Success = "#2E7D32",
            Warning = "#9A5B00",
            Info = "#1565C0",
        },
        PaletteDark = new PaletteDark
        {
            // Light colors on dark surfaces take dark text: white on #4DB6AC or #FFCA28 is 2.4:1 and less.
            Primary = "#4DB6AC",
            PrimaryContrastText = "rgba(0,0,0,0.87)",
            Secondary = "#FFCA28",
            SecondaryContrastText = "rgba(0,0,0,0.87)",
            AppbarBackground = "#1E2A29",
            TextSecondary = "rgba(255,255,255,0.70)",
            Error = "#FF8A80",
            ErrorContrastText = "rgba(0,0,0,0.87)",
            Success = "#66BB6A",
            SuccessContrastText = "rgba(0,0,0,0.87)",
            Warning = "#FFA726",
            WarningContrastText = "rgba(0,0,0,0.87)",
            Info = "#64B5F6",
            InfoContrastText = "rgba(0,0,0,0.87)",
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
