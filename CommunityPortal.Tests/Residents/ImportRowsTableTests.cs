using Bunit;
using CommunityPortal.Features.Residents;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Residents;

public class ImportRowsTableTests : PortalComponentTest
{
    [Fact]
    public void Each_row_shows_its_line_and_either_what_will_happen_or_every_error()
    {
        IReadOnlyList<ImportRowPreview> rows =
        [
            new(new ResidentCsvRow(2, "Rosa Díaz", "Casa 30", "rosa@test.local", null), ImportRowKind.NewAccount, []),
            new(new ResidentCsvRow(3, "Ana Pérez", "Depto 1", "ana@demo.local", null), ImportRowKind.ExistingAccount, []),
            new(new ResidentCsvRow(4, "", "Casa 7", "mal@", null), ImportRowKind.Invalid, ["Falta el nombre.", "«mal@» no es un email válido."]),
        ];

        var table = Context.Render<ImportRowsTable>(p => p.Add(t => t.Rows, rows));

        Assert.Equal(["2", "3", "4"], table.FindAll("[data-testid=import-line]").Select(c => c.TextContent.Trim()));
        var results = table.FindAll("[data-testid=import-row]");
        Assert.Contains("Cuenta nueva", results[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Ya tiene cuenta", results[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("false", results[2].GetAttribute("data-row-valid"));
        Assert.Equal(["Falta el nombre.", "«mal@» no es un email válido."], results[2].QuerySelectorAll("li").Select(li => li.TextContent));
        Assert.Single(table.FindAll("tr.import-row-invalid"));
    }
}
