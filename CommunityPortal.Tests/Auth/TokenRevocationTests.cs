using System.Net;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Users;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Auth;

/// <summary>
/// Locking an account, deactivating a resident's last profile, moving an administrator to another company, changing or
/// resetting a password: the account's access and refresh tokens stop working within 60 seconds (the clock is driven).
/// </summary>
public class TokenRevocationTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(61);

    [Fact]
    public async Task Locking_the_account_ends_its_tokens_and_leaves_other_accounts_alone()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "token-lock");
        var tokens = await ApiTokens.LoginAsync(factory, email);
        var bystander = await ApiTokens.LoginAsync(factory, "luis@demo.local");

        var result = await factory.Services.GetRequiredService<AccountService>().LockAsync(await UserIdAsync(email), default);
        Assert.True(result.Succeeded);

        await AssertEndedAsync(tokens);
        Assert.Equal(HttpStatusCode.OK, await bystander.MeStatusAsync(factory));
        Assert.NotNull(await ApiTokens.RefreshAsync(factory, bystander.RefreshToken));
    }

    [Fact]
    public async Task Deactivating_a_residents_last_profile_ends_their_tokens()
    {
        var tokens = await ApiTokens.LoginAsync(factory, "marta@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        await using var db = factory.CreateDbContext();
        var martaId = await UserIdAsync("marta@demo.local");
        var residentId = await db.Residents.Where(r => r.UserId == martaId).Select(r => r.Id).SingleAsync();

        var result = await scope.ServiceProvider.GetRequiredService<ResidentAdminService>().SetActiveAsync(admin, residentId, false, default);
        Assert.True(result.Succeeded);

        await AssertEndedAsync(tokens);
    }

    [Fact]
    public async Task Moving_an_administrator_to_another_company_ends_their_tokens()
    {
        var tokens = await ApiTokens.LoginAsync(factory, "gestor.norte@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");

        var result = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
            .ChangeCompanyAsync(admin, await UserIdAsync("gestor.norte@demo.local"), gestor.CompanyId, default);
        Assert.True(result.Succeeded);

        await AssertEndedAsync(tokens);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_tokens_issued_before()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "token-change");
        var tokens = await ApiTokens.LoginAsync(factory, email);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.ChangePasswordAsync(user, PortalAppFactory.DemoPassword, "otra frase larga y segura")).Succeeded);
        }

        await AssertEndedAsync(tokens);
        Assert.Equal(HttpStatusCode.OK, await (await ApiTokens.LoginAsync(factory, email, "otra frase larga y segura")).MeStatusAsync(factory));
    }

    [Fact]
    public async Task Resetting_the_password_ends_the_tokens_issued_before()
    {
        var email = await TestUsers.CreateResidentAsync(factory, "token-reset");
        var tokens = await ApiTokens.LoginAsync(factory, email);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Assert.True((await users.ResetPasswordAsync(user, token, "otra frase larga y segura")).Succeeded);
        }

        await AssertEndedAsync(tokens);
    }

    [Fact]
    public async Task An_unchanged_account_keeps_its_tokens_across_checks()
    {
        var tokens = await ApiTokens.LoginAsync(factory, "ana@demo.local");

        factory.Clock.Advance(CheckInterval);
        Assert.Equal(HttpStatusCode.OK, await tokens.MeStatusAsync(factory));
        factory.Clock.Advance(CheckInterval);
        Assert.Equal(HttpStatusCode.OK, await tokens.MeStatusAsync(factory));
        Assert.NotNull(await ApiTokens.RefreshAsync(factory, tokens.RefreshToken));
    }

    private async Task AssertEndedAsync(ApiTokens tokens)
    {
        factory.Clock.Advance(CheckInterval);
        Assert.Equal(HttpStatusCode.Unauthorized, await tokens.MeStatusAsync(factory));
        Assert.Null(await ApiTokens.RefreshAsync(factory, tokens.RefreshToken));
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }
}
