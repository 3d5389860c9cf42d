import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrSvg } from "~/utils/qr.server";
import { decodeQrFromPng, pngFromQrSvg } from "./qr";

describe("reading QR codes back", () => {
  it("decodes a PNG the qrcode library made", async () => {
    const url = "https://ledger.example.cn/join/ABCD2345";
    expect(decodeQrFromPng(await QRCode.toBuffer(url, { type: "png", margin: 2, scale: 6 }))).toBe(url);
  });

  it("decodes the SVG a slip prints, drawn into a PNG", async () => {
    const url = "http://localhost:3000/join/XYZW6789";
    expect(decodeQrFromPng(pngFromQrSvg(await qrSvg(url)))).toBe(url);
  });

  it("finds nothing in a picture without a QR code", async () => {
    const { PNG } = await import("pngjs");
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    expect(decodeQrFromPng(PNG.sync.write(blank))).toBeNull();
  });
});
