// Draws Berth's icons: `node assets/make-icons.mjs` rewrites assets/icon.{png,icns,ico}, assets/icons/*.png
// (Linux) and assets/tray/*.png.
// The images are committed; this script is how they were made and how to change them. It needs only Node
// (shapes as signed distance functions, 4x4 supersampling, PNG written with node:zlib), so nobody needs
// a drawing program or an image library to adjust a colour.
//
// The glyph is a shipping container seen from the side. In the tray a badge at its lower right says the
// engine's state by shape as well as colour (dot: running, ring: starting, triangle: error, none and
// dimmed: stopped), so the state reads on macOS's monochrome template images and for colour-blind users.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- shapes: signed distance in design units, negative inside ----------------------------------------
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - r);
  const dy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r;
};
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
const ring = (cx, cy, r, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - (r - width / 2)) - width / 2;
/** A convex polygon, points in clockwise order on screen (y down). */
const polygon = (points) => (x, y) => {
  let inside = true;
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    const ex = bx - ax, ey = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey)));
    best = Math.min(best, Math.hypot(x - ax - t * ex, y - ay - t * ey));
    if (ex * (y - ay) - ey * (x - ax) < 0) inside = false;
  }
  return inside ? -best : best;
};
/** A wavy stroke from x0 to x1 around y, with round ends. */
const wave = (x0, x1, y, amplitude, periods, width) => (x, y2) => {
  const k = (2 * Math.PI * periods) / (x1 - x0);
  const cx = Math.max(x0, Math.min(x1, x));
  const fy = y + amplitude * Math.sin(k * (cx - x0));
  if (x < x0 || x > x1) return Math.hypot(x - cx, y2 - fy) - width / 2;
  const slope = amplitude * k * Math.cos(k * (cx - x0));
  return Math.abs(y2 - fy) / Math.sqrt(1 + slope * slope) - width / 2;
};
const grow = (shape, by) => (x, y) => shape(x, y) - by;

// ---- raster: layers painted in order; `erase` cuts through what is below ---------------------------
const hex = (h, alpha = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), alpha];

/** layers: { shape, color: [r,g,b,a] | (x, y) => [r,g,b,a], erase?: true }; design space is `units` wide. */
function render(size, units, layers) {
  const SS = 4;
  const scale = units / size;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) * scale;
          const y = (py + (sy + 0.5) / SS) * scale;
          // Premultiplied colour of this sample after all layers.
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const layer of layers) {
            if (layer.shape(x, y) > 0) continue;
            if (layer.erase) {
              cr = cg = cb = ca = 0;
              continue;
            }
            const [lr, lg, lb, la] = typeof layer.color === 'function' ? layer.color(x, y) : layer.color;
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = SS * SS;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      rgba[i] = alpha ? Math.round(r / n / alpha) : 0;
      rgba[i + 1] = alpha ? Math.round(g / n / alpha) : 0;
      rgba[i + 2] = alpha ? Math.round(b / n / alpha) : 0;
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

// ---- PNG: 8-bit RGBA, no filtering, one IDAT ---------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- tray: 16 design units = 16 px at 1x, 32 px at @2x; edges on whole units stay crisp ---------------
const body = roundedRect(1, 3, 14, 12, 1.5);
const ribs = [4, 7, 10].map((x) => roundedRect(x, 5, x + 1, 10, 0));
const badges = {
  // Centred on a pixel corner with whole-pixel radii, so their outer edges land on pixel edges at 1x.
  running: circle(12.5, 12.5, 3.5),
  starting: ring(12.5, 12.5, 3.5, 2),
  error: polygon([
    [12.5, 9],
    [16, 16],
    [9, 16],
  ]),
  stopped: undefined,
};
/** Around the badge the container is cut away, so the two shapes stay apart at 16 px. */
const badgeClearance = (state) => (state === 'starting' ? circle(12.5, 12.5, 4.5) : grow(badges[state], 1));

function trayLayers(state, palette) {
  const layers = [{ shape: body, color: state === 'stopped' ? palette.stopped : palette.body }];
  for (const rib of ribs) layers.push({ shape: rib, erase: true });
  const badge = badges[state];
  if (badge) {
    layers.push({ shape: badgeClearance(state), erase: true });
    layers.push({ shape: badge, color: palette[state] });
  }
  return layers;
}

const colour = {
  body: hex('#3b82f6'),
  stopped: hex('#8b95a3'),
  running: hex('#22c55e'),
  starting: hex('#f59e0b'),
  error: hex('#ef4444'),
};
// Template images: black plus alpha only; macOS tints them for the menu bar's appearance.
const template = {
  body: hex('#000000'),
  stopped: hex('#000000', 0.45),
  running: hex('#000000'),
  starting: hex('#000000'),
  error: hex('#000000'),
};

// ---- app icon: 100 design units ----------------------------------------------------------------------
const top = hex('#3b82f6');
const bottom = hex('#1e3a8a');
const gradient = (_x, y) => top.map((c, i) => (i === 3 ? 1 : c + ((bottom[i] - c) * Math.min(Math.max((y - 6) / 88, 0), 1))));
function appIconLayers() {
  const layers = [
    { shape: roundedRect(6, 6, 94, 94, 20), color: gradient },
    { shape: roundedRect(20, 27, 80, 61, 3.5), color: hex('#ffffff') },
  ];
  for (let i = 0; i < 7; i++) layers.push({ shape: roundedRect(26.5 + i * 7.5, 32, 29 + i * 7.5, 56, 1.25), color: hex('#c9dafc') });
  layers.push({ shape: wave(20, 80, 71, 1.8, 3, 3.6), color: hex('#ffffff', 0.95) });
  layers.push({ shape: wave(26, 74, 80, 1.6, 2.5, 3.2), color: hex('#ffffff', 0.55) });
  return layers;
}

function write(file, size, units, layers) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png(size, render(size, units, layers)));
  console.log(`${path.relative(process.cwd(), file)} ${size}x${size}`);
}

for (const state of ['running', 'starting', 'stopped', 'error']) {
  for (const [suffix, palette] of [['', colour], ['Template', template]]) {
    write(path.join(here, 'tray', `${state}${suffix}.png`), 16, 16, trayLayers(state, palette));
    write(path.join(here, 'tray', `${state}${suffix}@2x.png`), 32, 16, trayLayers(state, palette));
  }
}
// ---- app icon for every platform, each size drawn at its own resolution (not scaled down) ---------------
const appIcon = new Map([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => [size, render(size, 100, appIconLayers())]));
const appPng = (size) => png(size, appIcon.get(size));

function save(file, data, what) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  console.log(`${path.relative(process.cwd(), file)} ${what}`);
}

// The window icon on Linux and electron-builder's fallback.
save(path.join(here, 'icon.png'), appPng(512), '512x512');
// Linux desktops pick the size they need from this set (electron-builder installs it into hicolor/).
for (const size of [16, 32, 48, 64, 128, 256, 512]) save(path.join(here, 'icons', `${size}x${size}.png`), appPng(size), `${size}x${size}`);
save(path.join(here, 'icon.icns'), icns(), 'macOS, 16 to 1024');
save(path.join(here, 'icon.ico'), ico(), 'Windows, 16 to 256');

/**
 * macOS .icns: a list of typed PNG entries. Types per Apple's icon family: icp4/icp5 16 and 32, ic07 to
 * ic10 128 to 1024, ic11 to ic14 the @2x variants of 16 to 256 (same pixels as the next size up).
 */
function icns() {
  const entries = [['icp4', 16], ['icp5', 32], ['ic11', 32], ['ic12', 64], ['ic07', 128], ['ic13', 256], ['ic08', 256], ['ic14', 512], ['ic09', 512], ['ic10', 1024]];
  const parts = entries.map(([type, size]) => {
    const data = appPng(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/**
 * Windows .ico: 16 to 128 as 32-bit bitmaps (what every Windows tool and NSIS read), 256 as PNG (how
 * Windows stores its largest size). Bitmaps are bottom-up BGRA with an all-zero AND mask: alpha decides.
 */
function ico() {
  const sizes = [16, 24, 32, 48, 64, 128, 256];
  const images = sizes.map((size) => (size === 256 ? appPng(size) : dib(size, appIcon.get(size))));
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const at = 6 + 16 * i;
    header[at] = size === 256 ? 0 : size; // 0 means 256
    header[at + 1] = size === 256 ? 0 : size;
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(images[i].length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

function dib(size, rgba) {
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // colour rows plus mask rows
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([info, pixels, Buffer.alloc(maskRow * size)]);
}
