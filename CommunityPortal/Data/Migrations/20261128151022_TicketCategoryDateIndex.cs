using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunityPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class TicketCategoryDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_CategoriaTicketId",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_CategoriaTicketId_FechaReporte",
                table: "Tickets",
                columns: new[] { "CategoriaTicketId", "FechaReporte" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_CategoriaTicketId_FechaReporte",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_CategoriaTicketId",
                table: "Tickets",
                column: "CategoriaTicketId");
        }
    }
}
