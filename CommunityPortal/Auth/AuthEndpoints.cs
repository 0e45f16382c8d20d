using System.Globalization;
using System.Security.Claims;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Residents;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CommunityPortal.Auth;

/// <summary><c>/api/auth</c>: bearer tokens for API clients (see <see cref="TokenService"/>), logout and "who am I".</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/login", LoginAsync).AllowAnonymous()
            .WithSummary("Exchange email and password for a bearer token")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/refresh", RefreshAsync).AllowAnonymous()
            .WithSummary("Exchange a refresh token for new tokens")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", LogoutAsync).RequireAuthorization(Policies.User)
            .WithSummary("End the sign-in a refresh token belongs to: it and the access tokens issued with it stop working")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/forgot-password", ForgotPasswordAsync).AllowAnonymous()
            .WithSummary("E-mail a one-time password reset link (valid 1 hour) to an active account; the answer is the same for any address")
            .Produces<ForgotPasswordAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/reset-password", ResetPasswordAsync).AllowAnonymous()
            .WithSummary("Set a new password with the code of a reset link (token); the link is spent")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/me", MeAsync).RequireAuthorization(Policies.User)
            .WithSummary("The signed-in user, their roles, company and resident profiles")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, PortalSignInManager signInManager, LoginRateLimiter rateLimiter,
        TokenService tokens, CancellationToken cancellationToken)
    {
        if (Throttled(context, rateLimiter, request.Email) is { } problem)
        {
            return problem;
        }

        var (result, user) = await signInManager.CheckCredentialsAsync(request.Email, request.Password);
        // A password alone does not open an account that has a second factor (the browser asks for it; the API cannot).
        if (result.Succeeded && !await signInManager.IsTwoFactorEnabledAsync(user!))
        {
            return TypedResults.Ok(await tokens.SignInAsync(user!, cancellationToken));
        }

        // Locked out and wrong password look alike: the response must not confirm that an account exists.
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "Invalid email or password, or the account is temporarily locked.");
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, TokenService tokens, CancellationToken cancellationToken)
    {
        if (await tokens.RefreshAsync(request.RefreshToken, cancellationToken) is { } renewed)
        {
            return TypedResults.Ok(renewed);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "The refresh token is invalid, expired or already used.");
    }

    private static async Task<NoContent> LogoutAsync(
        LogoutRequest request, ClaimsPrincipal principal, TokenService tokens, CancellationToken cancellationToken)
    {
        await tokens.LogoutAsync(CurrentUser.From(principal).UserId, request.RefreshToken, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted<ForgotPasswordAccepted>, ProblemHttpResult>> ForgotPasswordAsync(
        ForgotPasswordRequest request, HttpContext context, LoginRateLimiter rateLimiter, AccountService accounts,
        CancellationToken cancellationToken)
    {
        if (Throttled(context, rateLimiter, request.Email) is { } problem)
        {
            return problem;
        }

        await accounts.RequestPasswordResetAsync(request.Email, cancellationToken);
        return TypedResults.Accepted((string?)null,
            new ForgotPasswordAccepted("If an active account uses this address, a reset link valid for one hour is on its way."));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(
        ResetPasswordRequest request, HttpContext context, LoginRateLimiter rateLimiter, AccountService accounts)
    {
        if (Throttled(context, rateLimiter, request.Email) is { } problem)
        {
            return problem;
        }

        var result = await accounts.ResetPasswordAsync(request.Email, request.Token, request.NewPassword);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    /// <summary>The sign-in limits (per address, and per account from that address) guard the password-reset calls too.</summary>
    private static ProblemHttpResult? Throttled(HttpContext context, LoginRateLimiter rateLimiter, string email)
    {
        if (rateLimiter.TryAcquire(context.Connection.RemoteIpAddress?.ToString(), email) is not { } retryAfter)
        {
            return null;
        }

        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts",
            detail: "Wait before trying again.");
    }

    private static async Task<Ok<MeDto>> MeAsync(ClaimsPrincipal principal, ResidentService residents, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(principal);
        var profiles = await residents.GetProfilesAsync(user.UserId, cancellationToken);
        return TypedResults.Ok(new MeDto(
            user.UserId,
            principal.FindFirstValue(ClaimTypes.Email) ?? principal.Identity?.Name,
            user.DisplayName,
            user.Roles.Order(StringComparer.Ordinal).ToList(),
            user.CompanyId,
            profiles.Select(p => new MeResidentDto(p.ResidentId, p.CommunityId, p.CommunityName, p.Unit)).ToList()));
    }
}
