// A small PNG decoder (8-bit greyscale/RGB/RGBA, non-interlaced: what browsers' screenshots produce), used to check
// that rendered figures are not blank.
import { inflateSync } from "node:zlib";

/** Decoded image: RGBA bytes, row-major. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Decodes a PNG file's bytes; throws Error for an unsupported or malformed PNG. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!sig.every((b, i) => bytes[i] === b)) throw new Error("decodePng: not a PNG file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0, height = 0, colorType = 0;
  const idat: Uint8Array[] = [];
  for (let p = 8; p < bytes.length; ) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    const body = bytes.subarray(p + 8, p + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      const depth = body[8]!, interlace = body[12]!;
      colorType = body[9]!;
      if (depth !== 8 || interlace !== 0 || ![0, 2, 6].includes(colorType)) throw new Error(`decodePng: unsupported PNG (bit depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    p += 12 + len;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels]! : 0, b = prev[x]!, c = x >= channels ? prev[x - channels]! : 0;
      let v = src[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      row[x] = v & 255;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    if (channels === 1) data.set([pixels[i]!, pixels[i]!, pixels[i]!, 255], 4 * i);
    else data.set([pixels[channels * i]!, pixels[channels * i + 1]!, pixels[channels * i + 2]!, channels === 4 ? pixels[4 * i + 3]! : 255], 4 * i);
  }
  return { width, height, data };
}

/**
 * Number of distinct colours (each channel quantised to 4 bits) in an image; with `minChroma` (0–255), only colours whose
 * channels spread by at least that much (not greys: axes, grid lines and antialiased text are grey).
 */
export function distinctColors(image: RgbaImage, minChroma = 0): number {
  const seen = new Set<number>();
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const [r, g, b] = [d[i]!, d[i + 1]!, d[i + 2]!];
    if (minChroma > 0 && Math.max(r, g, b) - Math.min(r, g, b) < minChroma) continue;
    seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  return seen.size;
}
