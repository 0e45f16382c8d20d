using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Comments;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CommunityPortal.Tests.Api;

/// <summary>
/// <c>/api/comentarios</c>. The seeded thread on Ana's pool leak is only read here; every test that
/// writes makes its own ticket, so the tests do not depend on each other's order.
/// </summary>
public class CommentApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Ana = "ana@demo.local";
    private const string Luis = "luis@demo.local";
    private const string Marta = "marta@demo.local";
    private const string Gestor = "gestor@demo.local";
    private const string GestorNorte = "gestor.norte@demo.local";
    private const string Admin = "admin@demo.local";

    // ---- the seeded thread -------------------------------------------------------------------

    [Theory]
    [InlineData(Ana)]
    [InlineData(Gestor)]
    [InlineData(Admin)]
    public async Task Whoever_sees_the_ticket_reads_its_thread_oldest_first_with_the_tree_in_idComment(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var ticketId = await PoolTicketIdAsync();
        var anaResidentId = await ResidentIdAsync(Ana);

        using var response = await client.GetAsync($"/api/comentarios/origen/ticket/{ticketId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(4, list.Count);
        var (first, reply, answer, update) = (list[0], list[1], list[2], list[3]);
        Assert.StartsWith("Gracias por el aviso.", first.GetProperty("comentarioTexto").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("¿A qué hora", reply.GetProperty("comentarioTexto").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Entre las 9:00", answer.GetProperty("comentarioTexto").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("El técnico encontró", update.GetProperty("comentarioTexto").GetString(), StringComparison.Ordinal);

        Assert.Equal(JsonValueKind.Null, first.GetProperty("idComment").ValueKind);
        Assert.Equal(Id(first), reply.GetProperty("idComment").GetInt32());
        Assert.Equal(Id(reply), answer.GetProperty("idComment").GetInt32());
        Assert.Equal(JsonValueKind.Null, update.GetProperty("idComment").ValueKind);

        var created = list.Select(c => c.GetProperty("createdAt").GetDateTime()).ToList();
        Assert.Equal(created.Order(), created);
        Assert.All(list, c =>
        {
            Assert.Equal("ticket", c.GetProperty("origen").GetString());
            Assert.Equal(ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture), c.GetProperty("idOrigen").GetString());
            Assert.False(c.GetProperty("isDeleted").GetBoolean());
            Assert.Equal(JsonValueKind.Array, c.GetProperty("imageUrls").ValueKind);
            Assert.True(c.GetProperty("updatedAt").GetDateTime() >= c.GetProperty("createdAt").GetDateTime());
        });

        Assert.Equal("RESIDENT", reply.GetProperty("authorRole").GetString());
        Assert.Equal(anaResidentId, reply.GetProperty("residentId").GetInt32());
        Assert.Equal("ADMIN_COMPANY", first.GetProperty("authorRole").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("residentId").ValueKind);
        Assert.Equal(await DisplayNameAsync(Gestor), first.GetProperty("authorName").GetString());
    }

    [Fact]
    public async Task Origen_in_the_path_is_case_insensitive()
    {
        using var client = await factory.CreateApiClientAsync(Ana);
        var ticketId = await PoolTicketIdAsync();

        using var response = await client.GetAsync($"/api/comentarios/origen/Ticket/{ticketId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_origen_in_the_path_is_a_400_naming_origen()
    {
        using var client = await factory.CreateApiClientAsync(Ana);
        var ticketId = await PoolTicketIdAsync();

        using var response = await client.GetAsync($"/api/comentarios/origen/factura/{ticketId}");

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("origen", out _), problem.ToString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("987654")]
    [InlineData("-1")]
    public async Task A_thread_of_a_ticket_that_does_not_exist_is_a_404(string idOrigen)
    {
        using var client = await factory.CreateApiClientAsync(Admin);

        using var response = await client.GetAsync($"/api/comentarios/origen/ticket/{idOrigen}");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Ana)]
    [InlineData(Gestor)]
    [InlineData(Admin)]
    public async Task Whoever_sees_the_ticket_reads_one_comment(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var replyId = await SeededAnaReplyIdAsync();

        using var response = await client.GetAsync($"/api/comentarios/{replyId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(replyId, Id(body));
        Assert.Equal("¿A qué hora más o menos? Puedo mostrarle dónde está la fuga.", body.GetProperty("comentarioTexto").GetString());
        Assert.Equal(await DisplayNameAsync(Ana), body.GetProperty("authorName").GetString());
    }

    [Fact]
    public async Task An_unknown_comment_id_is_a_404()
    {
        using var client = await factory.CreateApiClientAsync(Admin);

        using var response = await client.GetAsync("/api/comentarios/987654");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---- who may not see Ana's ticket: 404 everywhere, nothing changes ------------------------

    [Theory]
    [InlineData(Marta)]
    [InlineData(GestorNorte)]
    [InlineData(Luis)]
    public async Task Someone_who_cannot_see_the_ticket_gets_404_for_its_thread(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync($"/api/comentarios/origen/ticket/{await PoolTicketIdAsync()}");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Marta)]
    [InlineData(GestorNorte)]
    [InlineData(Luis)]
    public async Task Someone_who_cannot_see_the_ticket_gets_404_for_one_of_its_comments(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);

        using var response = await client.GetAsync($"/api/comentarios/{await SeededAnaReplyIdAsync()}");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Marta)]
    [InlineData(GestorNorte)]
    [InlineData(Luis)]
    public async Task Someone_who_cannot_see_the_ticket_gets_404_when_commenting_and_nothing_is_added(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var ticketId = await PoolTicketIdAsync();
        var before = await CountCommentsAsync(ticketId);

        using var root = await client.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = "Hola" });
        using var reply = await client.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = "Hola", idComment = await SeededAnaReplyIdAsync() });

        await ApiErrorTests.AssertProblemAsync(root, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(reply, HttpStatusCode.NotFound);
        Assert.Equal(before, await CountCommentsAsync(ticketId));
    }

    [Theory]
    [InlineData(Marta)]
    [InlineData(GestorNorte)]
    [InlineData(Luis)]
    public async Task Someone_who_cannot_see_the_ticket_gets_404_when_editing_and_nothing_changes(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var replyId = await SeededAnaReplyIdAsync();

        using var response = await client.PutAsJsonAsync($"/api/comentarios/{replyId}", new { comentarioTexto = "Cambiado" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
        await using var db = factory.CreateDbContext();
        Assert.Equal("¿A qué hora más o menos? Puedo mostrarle dónde está la fuga.",
            await db.Comentarios.Where(c => c.Id == replyId).Select(c => c.ComentarioTexto).SingleAsync());
    }

    [Theory]
    [InlineData(Marta)]
    [InlineData(GestorNorte)]
    [InlineData(Luis)]
    public async Task Someone_who_cannot_see_the_ticket_gets_404_when_deleting_and_nothing_changes(string email)
    {
        using var client = await factory.CreateApiClientAsync(email);
        var replyId = await SeededAnaReplyIdAsync();

        using var response = await client.DeleteAsync($"/api/comentarios/{replyId}");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Comentarios.Where(c => c.Id == replyId).Select(c => c.IsDeleted).SingleAsync());
    }

    [Theory]
    [InlineData("GET", "/api/comentarios/origen/ticket/1")]
    [InlineData("GET", "/api/comentarios/1")]
    [InlineData("POST", "/api/comentarios")]
    [InlineData("PUT", "/api/comentarios/1")]
    [InlineData("DELETE", "/api/comentarios/1")]
    public async Task Without_a_token_every_endpoint_is_a_401_problem(string method, string path)
    {
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { origen = "ticket", idOrigen = "1", comentarioTexto = "Hola" });
        }

        using var response = await client.SendAsync(request);

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    // ---- create -------------------------------------------------------------------------------

    [Fact]
    public async Task A_resident_comments_on_her_ticket_and_the_author_comes_from_her_identity_not_the_body()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);

        using var response = await ana.PostAsJsonAsync("/api/comentarios", new
        {
            origen = "ticket",
            idOrigen = $"{ticketId}",
            comentarioTexto = "  ¿Alguna novedad?  ",
            authorName = "Otra Persona",
            authorRole = "SYSTEM_ADMIN",
            residentId = 999,
            isDeleted = true,
            imageUrls = new[] { "uploads/comentarios/1/x.jpg" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = Id(body);
        Assert.Equal($"/api/comentarios/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("ticket", body.GetProperty("origen").GetString());
        Assert.Equal($"{ticketId}", body.GetProperty("idOrigen").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("idComment").ValueKind);
        Assert.Equal("¿Alguna novedad?", body.GetProperty("comentarioTexto").GetString());
        Assert.Equal(await DisplayNameAsync(Ana), body.GetProperty("authorName").GetString());
        Assert.Equal("RESIDENT", body.GetProperty("authorRole").GetString());
        Assert.Equal(await ResidentIdAsync(Ana), body.GetProperty("residentId").GetInt32());
        Assert.False(body.GetProperty("isDeleted").GetBoolean());
        Assert.Empty(body.GetProperty("imageUrls").EnumerateArray());
        Assert.Equal(DateTimeKind.Utc, body.GetProperty("createdAt").GetDateTime().Kind);

        using var read = await ana.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("¿Alguna novedad?", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("comentarioTexto").GetString());
    }

    [Fact]
    public async Task An_administrator_in_scope_comments_without_a_resident_profile()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);

        var body = await PostCommentAsync(gestor, ticketId, "Revisaremos el caso.", residentId: await ResidentIdAsync(Ana));

        Assert.Equal("ADMIN_COMPANY", body.GetProperty("authorRole").GetString());
        Assert.Equal(await DisplayNameAsync(Gestor), body.GetProperty("authorName").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("residentId").ValueKind);
    }

    [Fact]
    public async Task A_system_administrator_comments_as_SYSTEM_ADMIN_without_a_resident_profile()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var admin = await factory.CreateApiClientAsync(Admin);
        var ticketId = await NewTicketAsync(ana);

        var body = await PostCommentAsync(admin, ticketId, "Visto.");

        Assert.Equal("SYSTEM_ADMIN", body.GetProperty("authorRole").GetString());
        Assert.Equal(await DisplayNameAsync(Admin), body.GetProperty("authorName").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("residentId").ValueKind);
    }

    [Fact]
    public async Task Origen_in_the_body_is_case_insensitive_and_stored_as_ticket()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);

        using var response = await ana.PostAsJsonAsync("/api/comentarios",
            new { origen = "TICKET", idOrigen = $"{ticketId}", comentarioTexto = "Hola" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ticket", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("origen").GetString());
        Assert.Single(await ListAsync(ana, ticketId));
    }

    [Fact]
    public async Task Replies_nest_and_the_thread_lists_them_oldest_first()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);

        var a = Id(await PostCommentAsync(ana, ticketId, "A"));
        var b = Id(await PostCommentAsync(gestor, ticketId, "B", parent: a));
        var c = Id(await PostCommentAsync(ana, ticketId, "C"));
        var d = Id(await PostCommentAsync(ana, ticketId, "D", parent: b));

        var list = await ListAsync(gestor, ticketId);

        Assert.Equal([a, b, c, d], list.Select(Id));
        Assert.Equal(["A", "B", "C", "D"], list.Select(x => x.GetProperty("comentarioTexto").GetString()));
        Assert.Equal([null, a, null, b], list.Select(x => x.GetProperty("idComment").ValueKind == JsonValueKind.Null
            ? (int?)null : x.GetProperty("idComment").GetInt32()));
    }

    [Fact]
    public async Task A_comment_of_exactly_4000_characters_is_accepted()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var text = new string('a', Comentario.TextoMaxLength);

        var body = await PostCommentAsync(ana, ticketId, text);

        Assert.Equal(text, body.GetProperty("comentarioTexto").GetString());
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_comment_too_long_or_empty_or_blank_is_a_400_naming_comentarioTexto(int length)
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var text = length >= 0 ? new string('a', length) : new string(' ', -length);

        using var response = await ana.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = text });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("comentarioTexto", out _), problem.ToString());
        Assert.Empty(await ListAsync(ana, ticketId));
    }

    [Fact]
    public async Task A_comment_without_text_is_a_400_naming_comentarioTexto()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);

        using var response = await ana.PostAsJsonAsync("/api/comentarios", new { origen = "ticket", idOrigen = $"{ticketId}" });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("comentarioTexto", out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_origen_in_the_body_is_a_400_naming_origen()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);

        using var response = await ana.PostAsJsonAsync("/api/comentarios",
            new { origen = "factura", idOrigen = $"{ticketId}", comentarioTexto = "Hola" });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("origen", out _), problem.ToString());
        Assert.Empty(await ListAsync(ana, ticketId));
    }

    [Fact]
    public async Task A_parent_on_another_ticket_is_a_400_naming_idComment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var otherTicketId = await NewTicketAsync(ana);
        var parentElsewhere = Id(await PostCommentAsync(ana, otherTicketId, "En otro ticket"));

        using var response = await ana.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = "Respuesta", idComment = parentElsewhere });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("idComment", out _), problem.ToString());
        Assert.Empty(await ListAsync(ana, ticketId));
    }

    [Fact]
    public async Task A_parent_that_does_not_exist_or_was_deleted_is_a_400_naming_idComment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var deleted = Id(await PostCommentAsync(ana, ticketId, "Borrado"));
        using (var delete = await ana.DeleteAsync($"/api/comentarios/{deleted}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        foreach (var parent in new[] { deleted, 987654 })
        {
            using var response = await ana.PostAsJsonAsync("/api/comentarios",
                new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = "Respuesta", idComment = parent });

            var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("idComment", out _), problem.ToString());
        }

        Assert.Empty(await ListAsync(ana, ticketId));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("987654")]
    public async Task Commenting_on_a_ticket_that_does_not_exist_is_a_404(string idOrigen)
    {
        using var admin = await factory.CreateApiClientAsync(Admin);

        using var response = await admin.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen, comentarioTexto = "Hola" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---- update -------------------------------------------------------------------------------

    [Fact]
    public async Task The_author_edits_her_comment_and_updatedAt_moves()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var created = await PostCommentAsync(ana, ticketId, "Primera versión");
        var id = Id(created);

        using var response = await ana.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = "  Segunda versión " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Segunda versión", body.GetProperty("comentarioTexto").GetString());
        Assert.Equal(created.GetProperty("createdAt").GetDateTime(), body.GetProperty("createdAt").GetDateTime());
        Assert.True(body.GetProperty("updatedAt").GetDateTime() > created.GetProperty("updatedAt").GetDateTime());
        Assert.Equal(await ResidentIdAsync(Ana), body.GetProperty("residentId").GetInt32());
        Assert.Equal("Segunda versión", (await ListAsync(ana, ticketId)).Single().GetProperty("comentarioTexto").GetString());
    }

    [Fact]
    public async Task A_system_administrator_edits_a_residents_comment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var admin = await factory.CreateApiClientAsync(Admin);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Texto con datos personales"));

        using var response = await admin.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = "[moderado]" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("[moderado]", body.GetProperty("comentarioTexto").GetString());
        Assert.Equal(await DisplayNameAsync(Ana), body.GetProperty("authorName").GetString());
        Assert.Equal("RESIDENT", body.GetProperty("authorRole").GetString());
    }

    [Fact]
    public async Task An_administrator_in_scope_may_not_edit_a_residents_comment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Lo que dijo Ana"));

        using var response = await gestor.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = "Otra cosa" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Lo que dijo Ana", (await ListAsync(ana, ticketId)).Single().GetProperty("comentarioTexto").GetString());
    }

    [Fact]
    public async Task A_resident_may_not_edit_the_administrators_comment_on_her_ticket()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(gestor, ticketId, "Lo que dijo el gestor"));

        using var response = await ana.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = "Otra cosa" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Lo que dijo el gestor", (await ListAsync(ana, ticketId)).Single().GetProperty("comentarioTexto").GetString());
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Editing_to_a_text_too_long_or_empty_or_blank_is_a_400_naming_comentarioTexto(int length)
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Original"));
        var text = length >= 0 ? new string('a', length) : new string(' ', -length);

        using var response = await ana.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = text });

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("comentarioTexto", out _), problem.ToString());
        Assert.Equal("Original", (await ListAsync(ana, ticketId)).Single().GetProperty("comentarioTexto").GetString());
    }

    [Fact]
    public async Task Editing_to_exactly_4000_characters_is_accepted()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Original"));
        var text = new string('b', Comentario.TextoMaxLength);

        using var response = await ana.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(text, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("comentarioTexto").GetString());
    }

    [Fact]
    public async Task Editing_a_deleted_comment_is_a_404_even_while_it_is_a_placeholder()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var root = Id(await PostCommentAsync(ana, ticketId, "Raíz"));
        await PostCommentAsync(gestor, ticketId, "Respuesta", parent: root);
        using (var delete = await ana.DeleteAsync($"/api/comentarios/{root}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var response = await ana.PutAsJsonAsync($"/api/comentarios/{root}", new { comentarioTexto = "Revivido" });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    // ---- delete -------------------------------------------------------------------------------

    [Fact]
    public async Task The_author_deletes_a_leaf_and_it_disappears()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var keep = Id(await PostCommentAsync(ana, ticketId, "Se queda"));
        var leaf = Id(await PostCommentAsync(ana, ticketId, "Se va"));

        using var response = await ana.DeleteAsync($"/api/comentarios/{leaf}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([keep], (await ListAsync(ana, ticketId)).Select(Id));
        using var read = await ana.GetAsync($"/api/comentarios/{leaf}");
        await ApiErrorTests.AssertProblemAsync(read, HttpStatusCode.NotFound);
        using var again = await ana.DeleteAsync($"/api/comentarios/{leaf}");
        await ApiErrorTests.AssertProblemAsync(again, HttpStatusCode.NotFound);

        // Soft: the row and its text stay in the database.
        await using var db = factory.CreateDbContext();
        var row = await db.Comentarios.SingleAsync(c => c.Id == leaf);
        Assert.True(row.IsDeleted);
        Assert.NotNull(row.DeletedAt);
        Assert.Equal("Se va", row.ComentarioTexto);
    }

    [Fact]
    public async Task Deleting_a_comment_with_a_reply_leaves_an_empty_placeholder_until_the_reply_goes_too()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var root = Id(await PostCommentAsync(ana, ticketId, "Texto que se borra"));
        var reply = Id(await PostCommentAsync(gestor, ticketId, "Respuesta", parent: root));

        using (var delete = await ana.DeleteAsync($"/api/comentarios/{root}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var list = await ListAsync(gestor, ticketId);
        Assert.Equal([root, reply], list.Select(Id));
        var placeholder = list[0];
        Assert.True(placeholder.GetProperty("isDeleted").GetBoolean());
        Assert.Equal("", placeholder.GetProperty("comentarioTexto").GetString());
        Assert.Empty(placeholder.GetProperty("imageUrls").EnumerateArray());
        Assert.False(list[1].GetProperty("isDeleted").GetBoolean());
        Assert.Equal(root, list[1].GetProperty("idComment").GetInt32());

        using (var read = await ana.GetAsync($"/api/comentarios/{root}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var body = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("isDeleted").GetBoolean());
            Assert.Equal("", body.GetProperty("comentarioTexto").GetString());
        }

        using (var deleteReply = await gestor.DeleteAsync($"/api/comentarios/{reply}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteReply.StatusCode);
        }

        Assert.Empty(await ListAsync(ana, ticketId));
        using var gone = await ana.GetAsync($"/api/comentarios/{root}");
        await ApiErrorTests.AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_live_reply_deep_in_the_tree_keeps_every_deleted_ancestor_as_a_placeholder()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        var ticketId = await NewTicketAsync(ana);
        var root = Id(await PostCommentAsync(ana, ticketId, "1"));
        var middle = Id(await PostCommentAsync(ana, ticketId, "2", parent: root));
        var leaf = Id(await PostCommentAsync(ana, ticketId, "3", parent: middle));
        var lonely = Id(await PostCommentAsync(ana, ticketId, "4", parent: root));
        foreach (var id in new[] { middle, root, lonely })
        {
            using var delete = await ana.DeleteAsync($"/api/comentarios/{id}");
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var list = await ListAsync(ana, ticketId);

        Assert.Equal([root, middle, leaf], list.Select(Id));
        Assert.Equal([true, true, false], list.Select(c => c.GetProperty("isDeleted").GetBoolean()));
        Assert.Equal(["", "", "3"], list.Select(c => c.GetProperty("comentarioTexto").GetString()));
    }

    [Fact]
    public async Task An_administrator_in_scope_deletes_a_residents_comment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Comentario de Ana"));

        using var response = await gestor.DeleteAsync($"/api/comentarios/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await ListAsync(ana, ticketId));
    }

    [Fact]
    public async Task A_system_administrator_deletes_any_comment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var admin = await factory.CreateApiClientAsync(Admin);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Comentario de Ana"));

        using var response = await admin.DeleteAsync($"/api/comentarios/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await ListAsync(ana, ticketId));
    }

    [Fact]
    public async Task A_resident_may_not_delete_the_administrators_comment_on_her_ticket()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(gestor, ticketId, "Comentario del gestor"));

        using var response = await ana.DeleteAsync($"/api/comentarios/{id}");

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal([id], (await ListAsync(ana, ticketId)).Select(Id));
    }

    [Fact]
    public async Task An_administrator_of_another_company_gets_404_on_a_fresh_comment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var norte = await factory.CreateApiClientAsync(GestorNorte);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Comentario de Ana"));

        using var put = await norte.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = "x" });
        using var delete = await norte.DeleteAsync($"/api/comentarios/{id}");

        await ApiErrorTests.AssertProblemAsync(put, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(delete, HttpStatusCode.NotFound);
        Assert.Equal("Comentario de Ana", (await ListAsync(ana, ticketId)).Single().GetProperty("comentarioTexto").GetString());
    }

    // ---- the ticket goes, its comments go ------------------------------------------------------

    [Fact]
    public async Task Soft_deleting_the_ticket_hides_its_thread_and_every_comment()
    {
        using var ana = await factory.CreateApiClientAsync(Ana);
        using var gestor = await factory.CreateApiClientAsync(Gestor);
        var ticketId = await NewTicketAsync(ana);
        var id = Id(await PostCommentAsync(ana, ticketId, "Antes de borrar"));

        using (var deleteTicket = await ana.DeleteAsync($"/api/tickets/{ticketId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleteTicket.StatusCode);
        }

        foreach (var client in new[] { ana, gestor })
        {
            using var list = await client.GetAsync($"/api/comentarios/origen/ticket/{ticketId}");
            await ApiErrorTests.AssertProblemAsync(list, HttpStatusCode.NotFound);
            using var one = await client.GetAsync($"/api/comentarios/{id}");
            await ApiErrorTests.AssertProblemAsync(one, HttpStatusCode.NotFound);
        }

        using var post = await ana.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = "¿Sigue ahí?" });
        await ApiErrorTests.AssertProblemAsync(post, HttpStatusCode.NotFound);
        using var put = await ana.PutAsJsonAsync($"/api/comentarios/{id}", new { comentarioTexto = "x" });
        await ApiErrorTests.AssertProblemAsync(put, HttpStatusCode.NotFound);
        using var delete = await ana.DeleteAsync($"/api/comentarios/{id}");
        await ApiErrorTests.AssertProblemAsync(delete, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_lists_every_comment_endpoint_with_its_problems()
    {
        using var client = factory.CreateAnonymousClient();

        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = doc.GetProperty("paths");
        var byId = paths.GetProperty("/api/comentarios/{id}");
        Assert.True(byId.GetProperty("put").GetProperty("responses").TryGetProperty("403", out _));
        Assert.True(byId.GetProperty("delete").GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(paths.GetProperty("/api/comentarios").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(paths.GetProperty("/api/comentarios/origen/{origen}/{idOrigen}").GetProperty("get")
            .GetProperty("responses").TryGetProperty("404", out _));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static int Id(JsonElement comment) => comment.GetProperty("id").GetInt32();

    private async Task<int> NewTicketAsync(HttpClient owner)
    {
        await using var db = factory.CreateDbContext();
        var categoriaId = await db.Categorias.Where(c => c.Activo).OrderBy(c => c.Orden).Select(c => c.Id).FirstAsync();
        using var response = await owner.PostAsJsonAsync("/api/tickets",
            new { categoriaTicketId = categoriaId, contenido = "Ticket para probar comentarios" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Id(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static async Task<JsonElement> PostCommentAsync(
        HttpClient client, int ticketId, string text, int? parent = null, int? residentId = null)
    {
        using var response = await client.PostAsJsonAsync("/api/comentarios",
            new { origen = "ticket", idOrigen = $"{ticketId}", comentarioTexto = text, idComment = parent, residentId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, int ticketId)
    {
        using var response = await client.GetAsync($"/api/comentarios/origen/ticket/{ticketId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private async Task<int> PoolTicketIdAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.Tickets.Where(t => t.Contenido!.Contains("piscina")).Select(t => t.Id).SingleAsync();
    }

    private async Task<int> SeededAnaReplyIdAsync()
    {
        var ticketKey = $"{await PoolTicketIdAsync()}";
        await using var db = factory.CreateDbContext();
        return await db.Comentarios.Where(c => c.Origen == ComentarioOrigenes.Ticket && c.IdOrigen == ticketKey && c.ResidentId != null)
            .Select(c => c.Id).SingleAsync();
    }

    private async Task<int> CountCommentsAsync(int ticketId)
    {
        var ticketKey = $"{ticketId}";
        await using var db = factory.CreateDbContext();
        return await db.Comentarios.CountAsync(c => c.IdOrigen == ticketKey);
    }

    private async Task<int> ResidentIdAsync(string email)
    {
        await using var db = factory.CreateDbContext();
        return await db.Residents.Where(r => r.User.Email == email).Select(r => r.Id).SingleAsync();
    }

    private async Task<string> DisplayNameAsync(string email)
    {
        await using var db = factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.DisplayName).SingleAsync();
    }
}
