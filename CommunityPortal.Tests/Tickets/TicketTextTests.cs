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

public class TicketTextTests
{
    [Theory]
    [InlineData("Fuga de agua\nen la piscina", "Fuga de agua")]
    [InlineData("\n  \r\n  Portón abierto  \r\nsegunda", "Portón abierto")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void The_list_shows_the_first_line_with_text(string? contenido, string? expected) =>
        Assert.Equal(expected, TicketText.FirstLine(contenido));
}
