using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Tickets;

/// <summary>Helpers shared by the ticket API tests.</summary>
public abstract class TicketApiTestBase(PortalAppFactory factory)
{
    protected PortalAppFactory Factory { get; } = factory;

    protected Task<DemoData> DemoAsync() => DemoData.LoadAsync(Factory);

    protected Task<HttpClient> As(string email) => Factory.CreateApiClientAsync(email);

    /// <summary>Creates a ticket as the given user (a resident for themselves, or an admin with a body).</summary>
    protected async Task<JsonElement> CreateTicketAsync(string email, object body)
    {
        using var client = await As(email);
        using var response = await client.PostAsJsonAsync("/api/tickets", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected async Task<int> CreateOwnTicketAsync(string email, string contenido)
    {
        var demo = await DemoAsync();
        var ticket = await CreateTicketAsync(email, new { categoriaTicketId = demo.Mantenimiento, contenido });
        return ticket.GetProperty("id").GetInt32();
    }

    protected static async Task<List<JsonElement>> ReadListAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }

    protected static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
