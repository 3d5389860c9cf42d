import QRCode from "qrcode";

/**
 * A QR code as an SVG document (black modules on white, a quiet zone of 2), for a slip printed on
 * paper: error correction M survives a crease or a smudge, and vector modules print sharp at any size.
 */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
