using System.Text;
using CommunityPortal.Features.Residents;
using CommunityPortal.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Tests.Residents;

public class ResidentCsvTests
{
    private static readonly IStringLocalizer<SharedResource> L = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider()
        .GetRequiredService<IStringLocalizer<SharedResource>>();

    private static ResidentCsvFile Parse(string text, bool bom = false) =>
        ResidentCsv.Parse((bom ? Encoding.UTF8.Preamble.ToArray() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray(), L);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_a_semicolon_file_from_excel_with_or_without_bom(bool bom)
    {
        var file = Parse("nombre;unidad;email;teléfono\r\nRosa Díaz;Casa 30;rosa@test.local;+56 9 1234 5678\r\nPedro Peña;Casa 31;pedro@test.local;\r\n", bom);

        Assert.Null(file.Error);
        Assert.Equal(
            [new ResidentCsvRow(2, "Rosa Díaz", "Casa 30", "rosa@test.local", "+56 9 1234 5678"), new ResidentCsvRow(3, "Pedro Peña", "Casa 31", "pedro@test.local", "")],
            file.Rows);
    }

    [Fact]
    public void Reads_a_comma_file_with_english_headers_in_another_order_and_quoted_fields()
    {
        var file = Parse("Email,Unit,Name,Phone,Notes\n" +
            "rosa@test.local,\"Depto 3B, Torre A\",\"Díaz, Rosa \"\"Rosi\"\"\",,\"lleva\nvarias líneas\"\n" +
            "pedro@test.local,Depto 4,Pedro,555 1234,\n");

        Assert.Null(file.Error);
        Assert.Equal(2, file.Rows.Count);
        Assert.Equal(new ResidentCsvRow(2, "Díaz, Rosa \"Rosi\"", "Depto 3B, Torre A", "rosa@test.local", ""), file.Rows[0]);
        // The quoted line break in the notes column makes the next record start on line 4.
        Assert.Equal(4, file.Rows[1].Line);
        Assert.Equal("Pedro", file.Rows[1].FullName);
    }

    [Fact]
    public void Without_a_header_the_columns_are_nombre_unidad_email_telefono()
    {
        var file = Parse("Rosa Díaz;Casa 30;rosa@test.local\nPedro;Casa 31;pedro@test.local;555 1234");

        Assert.Null(file.Error);
        Assert.Equal(new ResidentCsvRow(1, "Rosa Díaz", "Casa 30", "rosa@test.local", null), file.Rows[0]);
        Assert.Equal(new ResidentCsvRow(2, "Pedro", "Casa 31", "pedro@test.local", "555 1234"), file.Rows[1]);
    }

    [Fact]
    public void Blank_lines_and_empty_spreadsheet_rows_are_skipped_but_keep_line_numbers()
    {
        var file = Parse("Nombre;Unidad;Correo electrónico;Teléfono\n\nRosa;Casa 1;rosa@test.local;\n;;;\nPedro;Casa 2;pedro@test.local;\n");

        Assert.Equal([3, 5], file.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_windows_1252_file_keeps_its_accents()
    {
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("nombre;unidad;email\nJosé Peña;Casa 5;jose@test.local\n");

        var file = ResidentCsv.Parse(bytes, L);

        Assert.Equal("José Peña", file.Rows.Single().FullName);
    }

    [Fact]
    public void A_header_without_the_email_column_is_refused_by_name()
    {
        var file = Parse("nombre;unidad;teléfono\nRosa;Casa 1;555 1234\n");

        Assert.Empty(file.Rows);
        Assert.Contains("no tiene la columna: email", file.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_names_its_line()
    {
        var file = Parse("nombre;unidad;email\nRosa;Casa 1;rosa@test.local\n\"Pedro;Casa 2;pedro@test.local\n");

        Assert.Empty(file.Rows);
        Assert.Contains("línea 3", file.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("nombre;unidad;email\r\n")]
    public void An_empty_file_says_so(string text)
    {
        Assert.Equal("El archivo no tiene filas de residentes.", Parse(text).Error);
    }

    [Fact]
    public void More_than_the_row_cap_is_refused_as_a_whole()
    {
        var rows = string.Concat(Enumerable.Range(1, ResidentCsv.MaxRows + 1).Select(i => $"Vecino {i};Casa {i};v{i}@test.local\n"));

        var atCap = Parse("nombre;unidad;email\n" + string.Concat(Enumerable.Range(1, ResidentCsv.MaxRows).Select(i => $"Vecino {i};Casa {i};v{i}@test.local\n")));
        var overCap = Parse("nombre;unidad;email\n" + rows);

        Assert.Equal(ResidentCsv.MaxRows, atCap.Rows.Count);
        Assert.Empty(overCap.Rows);
        Assert.Equal($"El archivo tiene {ResidentCsv.MaxRows + 1} filas y el máximo por importación es {ResidentCsv.MaxRows}: divídelo en varios archivos.", overCap.Error);
    }
}
