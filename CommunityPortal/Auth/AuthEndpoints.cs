using System.Globalization;
using System.Security.Claims;
using CommunityPortal.Data;
using CommunityPortal.Features.Residents;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Auth;

/// <summary><c>/api/auth</c>: bearer tokens for API clients (Identity's bearer token scheme) and "who am I".</summary>
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
        group.MapGet("/me", MeAsync).RequireAuthorization(Policies.User)
            .WithSummary("The signed-in user, their roles, company and resident profiles")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, SignInManager<ApplicationUser> signInManager, LoginRateLimiter rateLimiter)
    {
        if (rateLimiter.TryAcquire(context.Connection.RemoteIpAddress?.ToString(), request.Email) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many sign-in attempts",
                detail: "Wait before trying again.");
        }

        // The bearer handler writes {tokenType, accessToken, expiresIn, refreshToken} on success.
        signInManager.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signInManager.PasswordSignInAsync(request.Email, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return TypedResults.Empty;
        }

        // Locked out and wrong password look alike: the response must not confirm that an account exists.
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "Invalid email or password, or the account is temporarily locked.");
    }

    private static async Task<Results<SignInHttpResult, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<ApplicationUser> signInManager,
        IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider timeProvider)
    {
        var protector = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || timeProvider.GetUtcNow() >= expires
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "The refresh token is invalid or expired.");
        }

        var principal = await signInManager.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
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
