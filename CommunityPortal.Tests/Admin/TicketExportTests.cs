using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using CommunityPortal.Tests.Tickets;

namespace CommunityPortal.Tests.Admin;

/// <summary><c>GET /api/tickets/export.csv</c>: the whole filtered admin list, company-scoped, Excel-friendly.</summary>
public class TicketExportTests(PortalAppFactory factory) : TicketApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private const string TrickyText = "Dice \"urgente\"; el agua sale\ncon fuerza del baño (ñandú, acción)";

    [Fact]
    public async Task Exports_every_matching_ticket_with_bom_header_accents_and_rfc4180_quoting()
    {
        var demo = await DemoAsync();
        var created = await CreateTicketAsync("gestor@demo.local", new { categoriaTicketId = demo.Mantenimiento, contenido = TrickyText, residentId = demo.Luis });
        var id = created.GetProperty("id").GetInt32();
        using var client = await As("gestor@demo.local");

        using var response = await client.GetAsync($"/api/tickets/export.csv?communityId={demo.Robles}&statusIds={demo.Nuevo}&statusIds={demo.EnProceso}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var rows = ParseCsv(text);
        Assert.Equal(["id", "fecha", "estado", "categoría", "comunidad", "residente", "unidad", "comentarios", "descripción"], rows[0]);

        // Same rows as the (paged) list with the same filters: the new ticket, Luis's NUEVO and Ana's EN_PROCESO.
        var listed = await ReadListAsync(await client.GetAsync($"/api/tickets?communityId={demo.Robles}&statusIds={demo.Nuevo}&statusIds={demo.EnProceso}&pageSize=1"));
        Assert.Single(listed);
        var data = rows.Skip(1).ToList();
        Assert.Equal(3, data.Count);
        Assert.All(data, r => Assert.Equal(9, r.Length));
        Assert.All(data, r => Assert.Equal("Residencial Los Robles", r[4]));
        Assert.Equal(["Nuevo", "En proceso"], data.Select(r => r[2]).Distinct().Order().Reverse());

        var mine = data.Single(r => r[0] == id.ToString());
        Assert.Equal(TrickyText, mine[8]);
        Assert.Equal(["Nuevo", "Mantenimiento", "Luis Gómez", "Casa 7", "0"], new[] { mine[2], mine[3], mine[5], mine[6], mine[7] });
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", mine[1]);
        // The raw text carries the quoted field exactly as RFC 4180 writes it.
        Assert.Contains("\"Dice \"\"urgente\"\"; el agua sale\ncon fuerza del baño (ñandú, acción)\"", text);
        Assert.Contains("\r\n", text);

        var fuga = data.Single(r => r[2] == "En proceso");
        Assert.Equal(["Ana Pérez", "Casa 12", "4"], new[] { fuga[5], fuga[6], fuga[7] });
    }

    [Fact]
    public async Task Gestor_norte_exports_only_villa_norte_and_cannot_name_a_los_robles_community()
    {
        var demo = await DemoAsync();
        using var client = await As("gestor.norte@demo.local");

        var all = ParseCsv(Encoding.UTF8.GetString(await client.GetByteArrayAsync("/api/tickets/export.csv")).TrimStart('\uFEFF'));
        using var robles = await client.GetAsync($"/api/tickets/export.csv?communityId={demo.Robles}");

        Assert.NotEmpty(all.Skip(1));
        Assert.All(all.Skip(1), r => Assert.Equal("Villa Norte", r[4]));
        Assert.Equal(HttpStatusCode.NotFound, robles.StatusCode);
    }

    [Fact]
    public async Task Anonymous_gets_401_and_a_resident_403()
    {
        using var anonymous = Factory.CreateAnonymousClient();
        using var resident = await As("ana@demo.local");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/tickets/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/api/tickets/export.csv")).StatusCode);
    }

    [Fact]
    public async Task A_bad_filter_is_a_validation_problem_not_a_broken_file()
    {
        using var client = await As("admin@demo.local");

        using var response = await client.GetAsync("/api/tickets/export.csv?sort=nonsense");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("simple", "simple")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-5", "'-5")]
    public void Fields_are_quoted_per_rfc4180_and_formulas_are_defused(string value, string expected) =>
        Assert.Equal(expected, TicketCsvExport.Field(value));

    [Fact]
    public async Task The_list_accepts_several_statuses_and_still_the_single_statusId()
    {
        var demo = await DemoAsync();
        using var client = await As("gestor@demo.local");

        var several = await ReadListAsync(await client.GetAsync($"/api/tickets?statusIds={demo.EnRevision}&statusIds={demo.Cancelado}"));
        var single = await ReadListAsync(await client.GetAsync($"/api/tickets?statusId={demo.Cancelado}"));
        var both = await ReadListAsync(await client.GetAsync($"/api/tickets?statusId={demo.Cancelado}&statusIds={demo.EnRevision}&statusIds={demo.Cancelado}"));

        Assert.Equal(new[] { demo.EnRevision, demo.Cancelado }.Order(), several.Select(t => t.GetProperty("statusId").GetInt32()).Order());
        Assert.Equal([demo.Cancelado], single.Select(t => t.GetProperty("statusId").GetInt32()));
        Assert.Equal([demo.Cancelado], both.Select(t => t.GetProperty("statusId").GetInt32()));
    }

    /// <summary>A strict RFC 4180 reader (quoted fields, doubled quotes, CRLF records), independent of the writer.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ';') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); i++;
            }
            else { field.Append(c); }
        }

        Assert.True(field.Length == 0 && row.Count == 0, "the file ends with CRLF");
        return rows;
    }
}
