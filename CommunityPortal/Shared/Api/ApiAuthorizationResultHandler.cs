using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CommunityPortal.Shared.Api;

/// <summary>
/// The authentication handlers answer a challenge or forbid with an empty 401/403 (Content-Length: 0),
/// which the status-code middleware leaves alone; API clients get a problem document instead.
/// </summary>
internal sealed class ApiAuthorizationResultHandler(IProblemDetailsService problemDetails) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await inner.HandleAsync(next, context, policy, authorizeResult);
        if ((authorizeResult.Challenged || authorizeResult.Forbidden) && context.IsApiRequest() && !context.Response.HasStarted)
        {
            context.Response.ContentLength = null;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = context.Response.StatusCode,
                    Title = authorizeResult.Forbidden ? "Forbidden" : "Unauthorized",
                    Detail = authorizeResult.Forbidden
                        ? "Your role does not allow this."
                        : "Sign in: send a bearer token from /api/auth/login or the portal's cookie.",
                },
            });
        }
    }
}
