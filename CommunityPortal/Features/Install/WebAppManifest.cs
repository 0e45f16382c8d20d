using System.Globalization;
using System.Text.Json;
using CommunityPortal.Resources;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Features.Install;

/// <summary>
/// The web app manifest (W3C Web Application Manifest) that lets a resident add the portal to a phone's home screen:
/// the portal's name (<c>Portal:Name</c>) and description in the reader's language, its colors and icons.
/// </summary>
public static class WebAppManifest
{
    public const string Path = "/manifest.webmanifest";

    public const string ThemeColor = "#00695C";

    private const string BackgroundColor = "#F5F7F7";

    public static IEndpointRouteBuilder MapWebAppManifest(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Manifest).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Manifest(IConfiguration configuration, IStringLocalizer<SharedResource> l)
    {
        var name = configuration["Portal:Name"] is { Length: > 0 } configured ? configured : l["App.Name"].Value;
        var manifest = new
        {
            id = "/",
            name,
            short_name = name,
            description = l["Manifest.Description"].Value,
            lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
            dir = "ltr",
            // Home sends each person to their page: Mis tickets for a resident, the console for an administrator.
            start_url = "/",
            scope = "/",
            display = "standalone",
            theme_color = ThemeColor,
            background_color = BackgroundColor,
            icons = new[]
            {
                new { src = "/icons/icon-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
                new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
                // The icon fills its square and keeps the building inside the safe zone, so it also serves masked.
                new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
            },
        };
        return TypedResults.Text(JsonSerializer.Serialize(manifest), "application/manifest+json");
    }
}
