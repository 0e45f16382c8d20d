using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Features.Categories;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Api;

public class CategoryMessageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("es", "Ya existe una categoría con ese nombre.")]
    [InlineData("en", "A category with that name already exists.")]
    public async Task The_duplicate_name_message_speaks_the_users_language(string culture, string message)
    {
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        var categories = scope.ServiceProvider.GetRequiredService<CategoryService>();
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        try
        {
            var result = await categories.CreateAsync(admin, new CreateCategoriaRequest("Mantenimiento", null, null), default);

            Assert.Equal(CommunityPortal.Shared.ServiceError.Conflict, result.Error);
            Assert.Equal([message], result.Errors!["nombre"]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
