using System.Net;
using System.Text.Json;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Users;
using CommunityPortal.Shared;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Security;

/// <summary>
/// Contract v1.1: <c>q</c> takes at most 10 words of at most 100 characters each; more is a 400 keyed "q", never a 500
/// (1,200 words used to build a query SQLite refused).
/// </summary>
public class SearchLimitTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static string Words(int count, int length = 4) =>
        string.Join(' ', Enumerable.Range(1, count).Select(i => ("w" + i).PadRight(length, 'x')));

    public static TheoryData<string, string> Lists => new()
    {
        { "ana@demo.local", "/api/tickets/my" },
        { "gestor@demo.local", "/api/tickets" },
        { "gestor@demo.local", "/api/tickets/export.csv" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Twelve_hundred_words_are_a_400_keyed_q(string email, string path)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync($"{path}?q={Uri.EscapeDataString(Words(1200))}");

        await AssertQProblemAsync(response);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Eleven_words_or_a_word_of_101_characters_are_a_400(string email, string path)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var eleven = await client.GetAsync($"{path}?q={Uri.EscapeDataString(Words(11))}");
        using var longWord = await client.GetAsync($"{path}?q={new string('a', 101)}");

        await AssertQProblemAsync(eleven);
        await AssertQProblemAsync(longWord);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Ten_words_of_a_hundred_characters_are_searched(string email, string path)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync($"{path}?q={Uri.EscapeDataString("  " + Words(10, 100) + "  ")}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_community_list_refuses_too_many_words()
    {
        var demo = await DemoData.LoadAsync(factory);
        using var client = await factory.CreateApiClientAsync("gestor@demo.local");

        using var response = await client.GetAsync($"/api/tickets/community/{demo.Robles}?q={Uri.EscapeDataString(Words(1200))}");

        await AssertQProblemAsync(response);
    }

    [Fact]
    public async Task The_residents_admin_list_refuses_too_many_words()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var residents = scope.ServiceProvider.GetRequiredService<ResidentAdminService>();

        var result = await residents.ListAsync(gestor, demo.Robles, new ResidentListQuery(Q: Words(1200)), CancellationToken.None);
        var fine = await residents.ListAsync(gestor, demo.Robles, new ResidentListQuery(Q: "ana"), CancellationToken.None);

        Assert.Equal(ServiceError.Invalid, result.Error);
        Assert.NotEmpty(result.Errors!["q"]);
        Assert.True(fine.Succeeded);
    }

    [Fact]
    public async Task The_users_admin_list_refuses_too_many_words()
    {
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdminService>();

        var result = await users.ListAsync(admin, new AdminAccountQuery(Q: Words(1200)), CancellationToken.None);
        var fine = await users.ListAsync(admin, new AdminAccountQuery(Q: "gestor"), CancellationToken.None);

        Assert.Equal(ServiceError.Invalid, result.Error);
        Assert.NotEmpty(result.Errors!["q"]);
        Assert.True(fine.Succeeded);
    }

    [Fact]
    public async Task The_resident_picker_answers_nothing_for_too_many_words()
    {
        var demo = await DemoData.LoadAsync(factory);
        var gestor = await ServiceUsers.GetAsync(factory, "gestor@demo.local");
        await using var scope = factory.Services.CreateAsyncScope();
        var residents = scope.ServiceProvider.GetRequiredService<ResidentService>();

        var found = await residents.SearchAsync(gestor, demo.Robles, Words(1200), CancellationToken.None);

        Assert.Empty(found);
    }

    private static async Task AssertQProblemAsync(HttpResponseMessage response)
    {
        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("q", out var q), problem.ToString());
        Assert.NotEmpty(q.EnumerateArray().Select(e => e.GetString()));
    }
}
