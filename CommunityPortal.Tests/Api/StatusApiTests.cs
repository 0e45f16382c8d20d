using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Api;

/// <summary>Writes. Each test edits its own status, so they do not depend on one another's order.</summary>
public class StatusApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Admin = "admin@demo.local";

    [Fact]
    public async Task Admin_changes_descripcion_and_color_and_the_color_is_stored_upper_case()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var status = await StatusAsync(client, TicketStatusCodes.EnRevision);

        using var response = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}",
            new { descripcion = "  En revisión técnica ", color = "#00aaFF" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = status with { Descripcion = "En revisión técnica", Color = "#00AAFF" };
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<StatusDto>());
        Assert.Equal(expected, await StatusAsync(client, TicketStatusCodes.EnRevision));
        await using var db = factory.CreateDbContext();
        Assert.Equal("#00AAFF", await db.Statuses.Where(s => s.Id == status.Id).Select(s => s.Color).SingleAsync());
    }

    [Fact]
    public async Task A_code_in_the_body_is_ignored()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var status = await StatusAsync(client, TicketStatusCodes.EnProceso);

        using var response = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}",
            new { code = "HACKEADO", esFinal = true, orden = 99, descripcion = "Trabajando", color = "#123456" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = status with { Descripcion = "Trabajando", Color = "#123456" };
        Assert.Equal(expected, await response.Content.ReadFromJsonAsync<StatusDto>());
        Assert.Equal(expected, await StatusAsync(client, TicketStatusCodes.EnProceso));
        var codes = (await ListAsync(client)).Select(s => s.Code);
        Assert.DoesNotContain("HACKEADO", codes);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#1234567")]
    [InlineData("#GGGGGG")]
    [InlineData("123456")]
    [InlineData("")]
    [InlineData(null)]
    public async Task A_color_not_shaped_like_hash_RRGGBB_is_a_400_naming_color(string? color)
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var status = await StatusAsync(client, TicketStatusCodes.Cancelado);

        using var response = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}", new { descripcion = "Anulado", color });

        await AssertValidationProblemAsync(response, "color");
        Assert.Equal(status, await StatusAsync(client, TicketStatusCodes.Cancelado));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_descripcion_is_a_400_naming_descripcion(string? descripcion)
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var status = await StatusAsync(client, TicketStatusCodes.Cancelado);

        using var response = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}", new { descripcion, color = "#000000" });

        await AssertValidationProblemAsync(response, "descripcion");
        Assert.Equal(status, await StatusAsync(client, TicketStatusCodes.Cancelado));
    }

    [Fact]
    public async Task Descripcion_of_100_characters_is_accepted_and_101_is_a_400_naming_descripcion()
    {
        using var client = await factory.CreateApiClientAsync(Admin);
        var status = await StatusAsync(client, TicketStatusCodes.EnInvestigacion);
        var ok = new string('i', StatusTicket.DescripcionMaxLength);

        using var accepted = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}", new { descripcion = ok, color = "#FB8C00" });
        using var rejected = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}",
            new { descripcion = ok + "i", color = "#000000" });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await AssertValidationProblemAsync(rejected, "descripcion");
        Assert.Equal(status with { Descripcion = ok }, await StatusAsync(client, TicketStatusCodes.EnInvestigacion));
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_problem()
    {
        using var client = await factory.CreateApiClientAsync(Admin);

        using var response = await client.PutAsJsonAsync("/api/statusticket/987654", new { descripcion = "Nada", color = "#000000" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("gestor@demo.local")]
    [InlineData("ana@demo.local")]
    public async Task Non_system_admins_get_403_and_nothing_changes(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var status = await StatusAsync(client, TicketStatusCodes.Resuelto);

        using var response = await client.PutAsJsonAsync($"/api/statusticket/{status.Id}", new { descripcion = "Cerrado", color = "#000000" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(new StatusDto(status.Id, "RESUELTO", "Resuelto", "#43A047", true, 6), await StatusAsync(client, TicketStatusCodes.Resuelto));
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEqual(0, messages.GetArrayLength());
    }

    private static async Task<List<StatusDto>> ListAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<StatusDto>>("/api/statusticket"))!;

    private static async Task<StatusDto> StatusAsync(HttpClient client, string code) =>
        (await ListAsync(client)).Single(s => s.Code == code);
}
