using Bunit;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Accounts;

public class SetupLinkDialogTests : PortalComponentTest
{
    private const string Link = "http://portal.local/Account/SetupPassword?userId=u1&code=abc";

    [Fact]
    public async Task The_dialog_shows_the_link_read_only_and_copies_it()
    {
        var copy = Context.JSInterop.Setup<bool>("portal.copyText", Link, "setup-link-input");
        copy.SetResult(true);
        var dialogs = await ShowAsync();

        var field = dialogs.Find("[data-testid=setup-link]");
        Assert.Equal(Link, field.GetAttribute("value"));
        Assert.True(field.HasAttribute("readonly"));
        Assert.Contains("Cuenta creada para Nora Norte.", dialogs.Find("[data-testid=setup-link-created]").TextContent, StringComparison.Ordinal);
        Assert.Contains("nora@test.local", dialogs.Markup, StringComparison.Ordinal);

        await dialogs.Find("[data-testid=setup-link-copy]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        dialogs.WaitForAssertion(() => Assert.Contains("Copiado", dialogs.Find("[data-testid=setup-link-copy]").TextContent, StringComparison.Ordinal));
        Assert.Single(copy.Invocations);
        Assert.Empty(dialogs.FindAll("[data-testid=setup-link-manual]"));
    }

    [Fact]
    public async Task When_the_browser_refuses_to_copy_the_person_is_told_to_copy_the_selected_link_by_hand()
    {
        Context.JSInterop.Setup<bool>("portal.copyText", Link, "setup-link-input").SetResult(false);
        var dialogs = await ShowAsync();

        await dialogs.Find("[data-testid=setup-link-copy]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        dialogs.WaitForAssertion(() => Assert.Contains("cópialo con Ctrl+C", dialogs.Find("[data-testid=setup-link-manual]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("Copiado", dialogs.Find("[data-testid=setup-link-copy]").TextContent, StringComparison.Ordinal);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync()
    {
        var dialogs = Context.Render<MudDialogProvider>();
        var service = Context.Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<SetupLinkDialog>("Enlace", new DialogParameters<SetupLinkDialog>
        {
            { d => d.FullName, "Nora Norte" },
            { d => d.Email, "nora@test.local" },
            { d => d.Link, Link },
            { d => d.IsNewAccount, true },
        }));
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=setup-link]")));
        return dialogs;
    }
}
