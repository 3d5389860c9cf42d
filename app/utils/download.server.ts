import { toCsv, toXlsx, type ExportTable } from "~/domain/register-export";

/** A table as a CSV or XLSX download, named `<name>.<ext>` (UTF-8 file names per RFC 6266/5987). */
export async function tableDownload(table: ExportTable, format: "csv" | "xlsx", name: string): Promise<Response> {
  const file = `${name}.${format}`;
  const ascii = file.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const disposition = `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file)}`;
  if (format === "csv") {
    return new Response(toCsv(table), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": disposition, "Cache-Control": "private, no-store" },
    });
  }
  const bytes = await toXlsx(table);
  return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": disposition,
      "Cache-Control": "private, no-store",
    },
  });
}
