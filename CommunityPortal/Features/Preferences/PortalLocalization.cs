using System.Globalization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace CommunityPortal.Features.Preferences;

/// <summary>Spanish by default, English available; the choice lives in the standard culture cookie.</summary>
public static class PortalLocalization
{
    public const string DefaultCulture = "es";
    public static readonly IReadOnlyList<string> SupportedCultures = [DefaultCulture, "en"];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // MudBlazor's own texts from the portal's resources (after AddMudServices, so this registration wins).
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = SupportedCultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Only an explicit choice switches language; the browser's Accept-Language does not.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }
}
