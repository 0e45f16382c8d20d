using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Localization;

namespace CommunityPortal.Features.Preferences;

/// <summary>
/// Preferences that must be known before the first byte of a page is rendered (language, theme)
/// are kept in cookies set here; the page then reloads in the new language.
/// </summary>
public static class PreferenceEndpoints
{
    public const string ThemeCookie = "CommunityPortal.Theme";

    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/preferences").ExcludeFromDescription().AllowAnonymous();
        group.MapGet("/culture/{culture}", SetCulture);
        group.MapGet("/theme/{theme}", SetTheme);
        return app;
    }

    private static IResult SetCulture(string culture, string? returnUrl, HttpContext context)
    {
        if (!PortalLocalization.SupportedCultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem($"Unsupported culture '{culture}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture.ToLowerInvariant())),
            LongLivedCookie(context));
        return TypedResults.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private static IResult SetTheme(string theme, string? returnUrl, HttpContext context)
    {
        if (theme is not ("dark" or "light"))
        {
            return TypedResults.Problem($"Unsupported theme '{theme}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        context.Response.Cookies.Append(ThemeCookie, theme, LongLivedCookie(context));
        return TypedResults.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    /// <summary>The link that switches the UI language and comes back to the current page.</summary>
    public static string CultureUrl(string culture, NavigationManager navigation) =>
        $"/preferences/culture/{culture}?returnUrl={Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri))}";

    public static bool IsDarkMode(HttpContext? context) =>
        context?.Request.Cookies[ThemeCookie] == "dark";

    private static CookieOptions LongLivedCookie(HttpContext context) => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        IsEssential = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = "/",
    };

    // Only local paths: never an open redirect to another site.
    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
