using Microsoft.AspNetCore.Components.Authorization;

namespace CommunityPortal.Auth;

/// <summary>The signed-in user for Blazor components, as the same <see cref="CurrentUser"/> the API builds.</summary>
public sealed class CurrentUserAccessor(AuthenticationStateProvider authenticationStateProvider)
{
    public async Task<CurrentUser> GetAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return CurrentUser.From(state.User);
    }
}
