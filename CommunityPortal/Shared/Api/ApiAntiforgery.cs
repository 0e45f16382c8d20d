using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Shared.Api;

/// <summary>
/// Cross-site request forgery on the API: a browser sends the Identity cookie with any request, wherever it comes from,
/// so a POST, PUT, PATCH or DELETE to <c>/api</c> authenticated by that cookie must also carry the antiforgery token
/// the portal's pages hold (header <see cref="HeaderName"/> or the form field). A bearer token is never sent by the
/// browser on its own, so bearer requests need none.
/// </summary>
public static class ApiAntiforgery
{
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>The page's <c>&lt;meta name="…"&gt;</c> that holds the request token for scripts.</summary>
    public const string MetaName = "csrf-token";

    public static IServiceCollection AddPortalAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(options =>
        {
            options.HeaderName = HeaderName;
            // The framework's default never marks this cookie Secure; over https (behind the proxy too) it is.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>After authentication, before the endpoints: refuses cookie-authenticated unsafe API requests without the token.</summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(ApiPipeline.ApiPrefix) && IsUnsafe(context.Request.Method),
            api => api.Use(ValidateAsync));

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static async Task ValidateAsync(HttpContext context, RequestDelegate next)
    {
        if (!await NeedsTokenAsync(context))
        {
            await next(context);
            return;
        }

        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        // Without the antiforgery cookie no token can be valid: refuse before reading a (possibly large) form body.
        var hasCookie = context.Request.Cookies.Keys.Any(name => name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        if (hasCookie && await IsValidAsync(antiforgery, context))
        {
            await next(context);
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = context.Response.StatusCode = StatusCodes.Status400BadRequest,
                Title = "Missing or invalid antiforgery token",
                Detail = $"A request signed in with the browser's cookie must send the page's antiforgery token in the {HeaderName} header " +
                         "(or use a bearer token).",
            },
        });
    }

    // The cookie scheme signed this request in, and no bearer token did.
    private static async Task<bool> NeedsTokenAsync(HttpContext context)
    {
        if ((await context.AuthenticateAsync(IdentityConstants.BearerScheme)).Succeeded)
        {
            return false;
        }

        return (await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded;
    }

    private static async Task<bool> IsValidAsync(IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        catch (InvalidDataException)
        {
            // A malformed form body: no readable token.
            return false;
        }
    }
}
