/**
 * A compact sRGB ICC profile (version 2.1, display class), generated rather than vendored so the
 * PDF's OutputIntent needs no binary asset and no licence: D50-adapted sRGB primaries, the D65
 * media white point, and the sRGB transfer curve sampled on 256 points. PDF/A requires an
 * OutputIntent with an embedded ICC profile whenever device colours (DeviceRGB/DeviceGray) are used.
 */

const TAG_ALIGN = 4;

function s15Fixed16(value: number): number {
  return Math.round(value * 65536) | 0;
}

function buildXyz(x: number, y: number, z: number): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  bytes.set([0x58, 0x59, 0x5a, 0x20]); // 'XYZ '
  view.setInt32(8, s15Fixed16(x));
  view.setInt32(12, s15Fixed16(y));
  view.setInt32(16, s15Fixed16(z));
  return bytes;
}

function buildCurve(): Uint8Array {
  const points = 256;
  const bytes = new Uint8Array(12 + points * 2);
  const view = new DataView(bytes.buffer);
  bytes.set([0x63, 0x75, 0x72, 0x76]); // 'curv'
  view.setUint32(8, points);
  for (let i = 0; i < points; i += 1) {
    const v = i / (points - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    view.setUint16(12 + i * 2, Math.round(linear * 65535));
  }
  return bytes;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0) & 0x7f);
}

function buildDescription(text: string): Uint8Array {
  // textDescriptionType: ASCII part, empty Unicode part, empty ScriptCode part (67 bytes).
  const chars = [...ascii(text), 0];
  const bytes = new Uint8Array(12 + chars.length + 4 + 4 + 2 + 1 + 67);
  const view = new DataView(bytes.buffer);
  bytes.set([0x64, 0x65, 0x73, 0x63]); // 'desc'
  view.setUint32(8, chars.length);
  bytes.set(chars, 12);
  return bytes;
}

function buildText(text: string): Uint8Array {
  const chars = [...ascii(text), 0];
  const bytes = new Uint8Array(8 + chars.length);
  bytes.set([0x74, 0x65, 0x78, 0x74]); // 'text'
  bytes.set(chars, 8);
  return bytes;
}

/** Builds the sRGB ICC profile bytes (deterministic: same bytes on every call and runtime). */
export function buildSrgbIccProfile(): Uint8Array {
  const curve = buildCurve();
  const tags: [string, Uint8Array][] = [
    ['desc', buildDescription('sRGB IEC61966-2.1')],
    ['cprt', buildText('No copyright, use freely')],
    ['wtpt', buildXyz(0.9505, 1, 1.089)],
    ['rXYZ', buildXyz(0.4360747, 0.2225045, 0.0139322)],
    ['gXYZ', buildXyz(0.3850649, 0.7168786, 0.0971045)],
    ['bXYZ', buildXyz(0.1430804, 0.0606169, 0.7141733)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const tableSize = 4 + tags.length * 12;
  let offset = 128 + tableSize;
  const placed = new Map<Uint8Array, number>();
  const entries = tags.map(([signature, data]) => {
    let at = placed.get(data);
    if (at === undefined) {
      at = offset;
      placed.set(data, at);
      offset += Math.ceil(data.length / TAG_ALIGN) * TAG_ALIGN;
    }
    return { signature, at, size: data.length };
  });
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, offset);
  view.setUint32(8, 0x02100000); // version 2.1
  bytes.set(ascii('mntr'), 12);
  bytes.set(ascii('RGB '), 16);
  bytes.set(ascii('XYZ '), 20);
  [2026, 1, 1, 0, 0, 0].forEach((v, i) => view.setUint16(24 + i * 2, v));
  bytes.set(ascii('acsp'), 36);
  view.setInt32(68, s15Fixed16(0.9642)); // PCS illuminant D50
  view.setInt32(72, s15Fixed16(1));
  view.setInt32(76, s15Fixed16(0.8249));
  view.setUint32(128, tags.length);
  entries.forEach((entry, i) => {
    const at = 132 + i * 12;
    bytes.set(ascii(entry.signature), at);
    view.setUint32(at + 4, entry.at);
    view.setUint32(at + 8, entry.size);
  });
  for (const [data, at] of placed) bytes.set(data, at);
  return bytes;
}
