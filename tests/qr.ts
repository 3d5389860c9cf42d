/**
 * Reading QR codes back in tests: from a PNG (a screenshot, a PDF page rendered, the qrcode
 * library's own toBuffer) with jsQR, and from the SVG a slip prints (its modules drawn into a PNG first).
 */
import jsQR from "jsqr";
import { PNG } from "pngjs";

/** the text of the QR code in the PNG, or null when none can be read */
export function decodeQrFromPng(buffer: Buffer): string | null {
  const png = PNG.sync.read(buffer);
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return found ? found.data : null;
}

/**
 * The qrcode library's SVG (viewBox "0 0 N N", the dark modules as one path of `M x y`, `m dx dy`
 * and `h n` strokes on each row's middle) drawn into a PNG, `scale` pixels a module.
 */
export function pngFromQrSvg(svg: string, scale = 8): Buffer {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1] ?? /<path[^>]*d="([^"]+)"[^>]*stroke/.exec(svg)?.[1];
  if (!size || !d) throw new Error("not a QR code SVG of the qrcode library");
  const dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([MmHh])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const n = Number(a);
    if (cmd === "M") [x, y] = [n, Number(b)];
    else if (cmd === "m") [x, y] = [x + n, y + Number(b)];
    else {
      const to = cmd === "h" ? x + n : n;
      for (let i = Math.min(x, to); i < Math.max(x, to); i++) dark[Math.floor(y)][i] = true;
      x = to;
    }
  }
  const png = new PNG({ width: size * scale, height: size * scale });
  for (let py = 0; py < png.height; py++) {
    for (let px = 0; px < png.width; px++) {
      const v = dark[Math.floor(py / scale)][Math.floor(px / scale)] ? 0 : 255;
      const i = (py * png.width + px) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
