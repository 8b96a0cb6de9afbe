// Draws the app's icons as PNGs (no image library): a colour icon (192×192, the brand colour with a white check
// mark in a ring) and a transparent outline icon (32×32, white strokes only), as Teams asks; plus the add-in's
// ribbon icons (16, 32, 80). Run once; the PNGs are committed under addin/public/icons.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const BRAND = [0x31, 0x4f, 0xa8];
const OUT = path.resolve(import.meta.dirname, '../addin/public/icons');

function crc32(buffer) {
  let c;
  const table = crc32.table ??= Array.from({ length: 256 }, (_, n) => {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of buffer) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Distance from point p to segment ab. */
function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The mark: a ring with a check mark, in unit coordinates (0–1). Returns coverage 0–1. */
function mark(u, v, stroke) {
  const ring = Math.abs(Math.hypot(u - 0.5, v - 0.5) - 0.34);
  const check = Math.min(segment(u, v, 0.33, 0.52, 0.45, 0.64), segment(u, v, 0.45, 0.64, 0.69, 0.38));
  const d = Math.min(ring, check);
  return Math.max(0, Math.min(1, (stroke - d) * 40));
}

const color = (x, y, size) => {
  const c = mark(x / size, y / size, 0.055);
  return [Math.round(BRAND[0] + (255 - BRAND[0]) * c), Math.round(BRAND[1] + (255 - BRAND[1]) * c), Math.round(BRAND[2] + (255 - BRAND[2]) * c), 255];
};
const outline = (x, y, size) => [255, 255, 255, Math.round(255 * mark(x / size, y / size, 0.07))];
const ribbon = (x, y, size) => {
  const c = mark(x / size, y / size, 0.075);
  return [BRAND[0], BRAND[1], BRAND[2], Math.round(255 * c)];
};

writeFileSync(path.join(OUT, 'color.png'), png(192, color));
writeFileSync(path.join(OUT, 'outline.png'), png(32, outline));
for (const size of [16, 32, 80]) writeFileSync(path.join(OUT, `icon-${size}.png`), png(size, ribbon));
console.log('Icons written to addin/public/icons.');
