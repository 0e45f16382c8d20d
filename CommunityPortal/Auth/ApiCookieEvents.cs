using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommunityPortal.Auth;

/// <summary>
/// The cookie scheme redirects browsers to the login page; an API client (and an image download) must get 401/403 instead.
/// </summary>
public static class ApiCookieEvents
{
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.LoginPath = "/Account/Login";
        options.AccessDeniedPath = "/Account/AccessDenied";
        options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
    }

    private static Task StatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.HttpContext.IsApiRequest())
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
