using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Components.Circuits;

/// <summary>
/// At most <see cref="CircuitLimitOptions.MaxPerUser"/> open circuits per user, so that one account (or one stolen
/// cookie) cannot fill the server's memory by opening tabs. A circuit without a signed-in user is refused too: every
/// page an anonymous visitor can reach is static, so such a circuit can only come from a replayed page.
/// </summary>
public sealed class PerUserCircuitLimit(
    OpenCircuits open,
    CircuitAdmission admission,
    AuthenticationStateProvider authentication,
    IOptions<CircuitLimitOptions> options,
    ILogger<PerUserCircuitLimit> logger) : CircuitHandler
{
    private string? userId;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is not null && open.TryOpen(id, this, options.Value.MaxPerUser))
        {
            userId = id;
            return;
        }

        admission.Refused = true;
        logger.LogWarning("Interactive circuit refused for user {UserId}: {Limit} circuits already open, or not signed in.",
            id ?? "(anonymous)", options.Value.MaxPerUser);
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (userId is not null)
        {
            open.Close(userId, this);
            userId = null;
        }

        return Task.CompletedTask;
    }
}
