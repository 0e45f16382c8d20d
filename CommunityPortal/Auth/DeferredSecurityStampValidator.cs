using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CommunityPortal.Data;

namespace CommunityPortal.Auth;

/// <summary>
/// Identity's cookie check (<see cref="SecurityStampValidator{TUser}"/>), built only when a check is due. Identity
/// resolves its validator for every cookie request, and with it SignInManager, UserManager, the stores and a
/// DbContext, in the request's scope; for the Blazor WebSocket, that request lasts as long as the page is open, so each
/// open page held them (and a DbContext taken from the pool) for nothing, as the check runs once a minute at most.
/// Here the cheap test comes first, and a due check runs in a scope of its own that ends with it.
/// </summary>
public sealed class DeferredSecurityStampValidator(
    IServiceScopeFactory scopes, IOptions<SecurityStampValidatorOptions> options) : ISecurityStampValidator
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        // SecurityStampValidator's own rule: a cookie without an issue date, or issued longer ago than the interval.
        var now = (options.Value.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (context.Properties.IssuedUtc is { } issued && now - issued <= options.Value.ValidationInterval)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SecurityStampValidator<ApplicationUser>>().ValidateAsync(context);
    }
}
