using System.Security.Claims;
using CommunityPortal.Auth;
using CommunityPortal.Shared;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CommunityPortal.Features.Tickets;

/// <summary><c>/api/tickets</c>: thin HTTP shells over <see cref="TicketQueries"/> and <see cref="TicketService"/>.</summary>
public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tickets").WithTags("Tickets").RequireAuthorization(Policies.User)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("/", ListManagedAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Tickets of the communities the caller administers, newest first")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/export.csv", TicketCsvExport.HandleAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("The whole filtered admin list as CSV (UTF-8 with BOM, ';' separated), streamed; same filters as GET /api/tickets")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/community/{communityId:int}", ListCommunityAsync).RequireAuthorization(Policies.Admin)
            .WithSummary("Tickets of one community the caller administers")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/my", ListMineAsync)
            .WithSummary("The caller's own tickets")
            .ProducesValidationProblem();
        group.MapGet("/{id:int}", GetAsync)
            .WithSummary("One ticket, with its ETag")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateAsync)
            .WithSummary("Report a problem (a resident) or report it on behalf of a resident (an administrator)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPut("/{id:int}", UpdateAsync)
            .WithSummary("Change category, status, description or report date; If-Match optional")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:int}", DeleteAsync)
            .WithSummary("Soft-delete a ticket; If-Match optional")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapGet("/{id:int}/history", GetHistoryAsync)
            .WithSummary("Everything that happened to the ticket, oldest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Task<Results<Ok<IReadOnlyList<TicketDto>>, ProblemHttpResult>> ListManagedAsync(
        [AsParameters] TicketListQuery query, ClaimsPrincipal principal, HttpContext context, TicketQueries tickets, CancellationToken ct) =>
        ListAsync(TicketQueries.ListScope.Managed, query, principal, context, tickets, ct);

    private static Task<Results<Ok<IReadOnlyList<TicketDto>>, ProblemHttpResult>> ListCommunityAsync(
        int communityId, [AsParameters] TicketListQuery query, ClaimsPrincipal principal, HttpContext context, TicketQueries tickets, CancellationToken ct) =>
        ListAsync(TicketQueries.ListScope.Managed, query with { CommunityId = communityId }, principal, context, tickets, ct);

    private static Task<Results<Ok<IReadOnlyList<TicketDto>>, ProblemHttpResult>> ListMineAsync(
        [AsParameters] TicketListQuery query, ClaimsPrincipal principal, HttpContext context, TicketQueries tickets, CancellationToken ct) =>
        ListAsync(TicketQueries.ListScope.Mine, query, principal, context, tickets, ct);

    private static async Task<Results<Ok<IReadOnlyList<TicketDto>>, ProblemHttpResult>> ListAsync(
        TicketQueries.ListScope scope, TicketListQuery query, ClaimsPrincipal principal, HttpContext context, TicketQueries tickets, CancellationToken ct)
    {
        var result = await tickets.ListAsync(CurrentUser.From(principal), scope, query, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        PagingHeaders.Write(context, result.Value!);
        return TypedResults.Ok(result.Value!.Items);
    }

    private static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> GetAsync(
        int id, ClaimsPrincipal principal, HttpContext context, TicketQueries tickets, CancellationToken ct)
    {
        var result = await tickets.GetAsync(CurrentUser.From(principal), id, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        context.Response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Created<TicketDto>, ProblemHttpResult>> CreateAsync(
        CreateTicketRequest request, ClaimsPrincipal principal, HttpContext context, TicketService tickets, CancellationToken ct)
    {
        var result = await tickets.CreateAsync(CurrentUser.From(principal), request, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem(context.Response);
        }

        context.Response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Created($"/api/tickets/{result.Value.Id}", result.Value);
    }

    private static async Task<Results<Ok<TicketDto>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateTicketRequest request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ClaimsPrincipal principal, HttpContext context, TicketService tickets, CancellationToken ct)
    {
        var result = await tickets.UpdateAsync(CurrentUser.From(principal), id, request, ifMatch, ct);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        context.Response.Headers.ETag = result.Value!.ETag;
        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int id, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal principal, TicketService tickets, CancellationToken ct)
    {
        var result = await tickets.DeleteAsync(CurrentUser.From(principal), id, ifMatch, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    private static async Task<Results<Ok<IReadOnlyList<TicketHistoryDto>>, ProblemHttpResult>> GetHistoryAsync(
        int id, ClaimsPrincipal principal, TicketQueries tickets, CancellationToken ct)
    {
        var result = await tickets.GetHistoryAsync(CurrentUser.From(principal), id, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
    }
}
