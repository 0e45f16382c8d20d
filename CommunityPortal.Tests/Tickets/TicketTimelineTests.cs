using System.Security.Claims;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Components.Shared;
using CommunityPortal.Data;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Tickets;

public class TicketTimelineTests : PortalComponentTest
{
    private static readonly StatusDto Nuevo = new(1, TicketStatusCodes.Nuevo, "Nuevo", "#1E88E5", false, 1);
    private static readonly StatusDto Cancelado = new(5, TicketStatusCodes.Cancelado, "Cancelado", "#757575", true, 5);

    [Fact]
    public void Each_status_change_is_a_dot_in_its_color_and_edits_are_described_in_words()
    {
        var at = DateTime.UtcNow.AddHours(-2);
        var timeline = Context.Render<TicketTimeline>(p => p
            .Add(t => t.Statuses, [Nuevo, Cancelado])
            .Add(t => t.History,
            [
                new TicketHistoryDto(at, "Ana Pérez", TicketHistoryActions.Created, null, Nuevo.Id, null),
                new TicketHistoryDto(at.AddMinutes(5), "Ana Pérez", TicketHistoryActions.Updated, null, null, "categoria: Otros → Seguridad; contenido"),
                new TicketHistoryDto(at.AddMinutes(9), "Gestor Demo", TicketHistoryActions.StatusChanged, Nuevo.Id, Cancelado.Id, null),
            ]));

        var entries = timeline.FindAll("[data-testid=timeline-entry]");
        Assert.Equal(3, entries.Count);
        Assert.Contains("background-color:#1E88E5", entries[0].QuerySelector("[data-testid=timeline-dot]")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("Ticket reportado", entries[0].TextContent, StringComparison.Ordinal);

        Assert.Contains("timeline-dot-neutral", entries[1].QuerySelector("[data-testid=timeline-dot]")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("Categoría: Otros → Seguridad", entries[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("Descripción modificada", entries[1].TextContent, StringComparison.Ordinal);

        Assert.Contains("background-color:#757575", entries[2].QuerySelector("[data-testid=timeline-dot]")!.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("Estado cambiado a Cancelado", entries[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Antes: Nuevo", entries[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Gestor Demo", entries[2].TextContent, StringComparison.Ordinal);
    }
}
