/**
 * Synthetic carte grise test set: certificate look-alikes marked SPECIMEN, laid out like the
 * official SPECIMEN (shared/carte-grise/layout.ts), filled with random but valid values (SIV
 * plates, VINs, dates, enums, a consistent MRZ), printed in several fonts, in three variants:
 *   scan    — flat, ≈ 300 dpi, the whole frame (like a flatbed scan)
 *   phone   — on a desk, perspective, uneven light, slight blur, JPEG
 *   low-res — flat, ≈ 140 dpi, JPEG
 * Deterministic from a seed. Each image gets `<name>.truth.json` (field codes → values, as the
 * OCR prints them). `npx tsx supabase/local/cli/carte-grise-synth.ts [--seed 1] [--count 20] [dir]`.
 * Never composite onto genuine certificates: everything here is drawn from scratch.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import {
  buildMrz,
  computeVinCheckDigit,
  FIELD_REGIONS,
  formatSivPlate,
  isValidSivPlate,
  STATIC_LABELS,
  TEMPLATE_HEIGHT,
  TEMPLATE_WIDTH,
  computeHomography,
  type FieldCode,
  type Quad,
} from '../../../shared/carte-grise/index.ts';
import { REPO_ROOT } from '../config.ts';

export const VARIANTS = ['scan', 'phone', 'low-res'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Bumped whenever the drawing or the values change, so a stale generated set is rebuilt. */
export const SYNTH_VERSION = 2;

export type SyntheticTruth = {
  readonly version: number;
  readonly name: string;
  readonly variant: Variant;
  readonly font: string;
  readonly seed: number;
  readonly fields: Partial<Record<FieldCode, string>>;
  readonly mrz: readonly [string, string];
};

export const DEFAULT_SYNTH_DIR = path.join(REPO_ROOT, 'bench', 'carte-grise', 'generated');

// ---------------------------------------------------------------------------------------------
// Fonts: system fonts when present (Debian: fonts-dejavu-core, fonts-liberation), plus the
// Liberation Sans shipped inside pdfjs-dist so a bare CI image still renders labels.

type FontChoice = { readonly family: string; readonly file: string };

const VALUE_FONT_CANDIDATES: readonly FontChoice[] = [
  { family: 'Synth DejaVu Sans Mono', file: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf' },
  { family: 'Synth Liberation Mono', file: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf' },
  { family: 'Synth Liberation Mono Bold', file: '/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf' },
];

function resolvePdfjsFont(name: string): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts', name);
}

type Fonts = { readonly values: readonly FontChoice[]; readonly label: string };

let loadedFonts: Fonts | undefined;

/** Registers the fonts present on this machine; falls back to pdfjs-dist's Liberation Sans. */
export function loadSynthFonts(): Fonts {
  if (loadedFonts) return loadedFonts;
  const values = VALUE_FONT_CANDIDATES.filter(
    (f) => existsSync(f.file) && GlobalFonts.registerFromPath(f.file, f.family),
  );
  const labelFile = resolvePdfjsFont('LiberationSans-BoldItalic.ttf');
  const label =
    existsSync(labelFile) && GlobalFonts.registerFromPath(labelFile, 'Synth Label') ? 'Synth Label' : 'sans-serif';
  const regularFile = resolvePdfjsFont('LiberationSans-Regular.ttf');
  const fallback: FontChoice = { family: 'Synth Liberation Sans', file: regularFile };
  const usable =
    values.length > 0
      ? values
      : existsSync(regularFile) && GlobalFonts.registerFromPath(regularFile, fallback.family)
        ? [fallback]
        : [];
  if (usable.length === 0) throw new Error('carte-grise-synth: no usable font (install fonts-dejavu-core)');
  loadedFonts = { values: usable, label };
  return loadedFonts;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness.

type Rng = {
  readonly next: () => number;
  readonly int: (min: number, max: number) => number;
  readonly pick: <T>(items: readonly T[]) => T;
  readonly chars: (alphabet: string, n: number) => string;
};

function createRng(seed: number): Rng {
  let a = seed >>> 0 || 1;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const chars = (alphabet: string, n: number): string =>
    Array.from({ length: n }, () => alphabet.charAt(Math.floor(next() * alphabet.length))).join('');
  return { next, int, pick, chars };
}

// ---------------------------------------------------------------------------------------------
// Random but valid certificate values.

const SURNAMES = [
  'MARTIN',
  'BERNARD',
  'DUBOIS',
  'THOMAS',
  'ROBERT',
  'RICHARD',
  'PETIT',
  'DURAND',
  'LEROY',
  'MOREAU',
  'SIMON',
  'LAURENT',
  'LEFEBVRE',
  'MICHEL',
  'GARCIA',
  'DAVID',
  'BERTRAND',
  'ROUX',
  'VINCENT',
  'FOURNIER',
  'MOREL',
  'GIRARD',
  'ANDRE',
  'MERCIER',
  'DUPONT',
  'LAMBERT',
  'BONNET',
  'FRANCOIS',
  'MARTINEZ',
  'LEGRAND',
  'GARNIER',
  'FAURE',
  'ROUSSEAU',
  'BLANC',
  'GUERIN',
  'MULLER',
  'HENRY',
  'ROUSSEL',
  'NICOLAS',
  'PERRIN',
  'DE LA FONTAINE',
  'LE GALL',
  "N'DIAYE",
  'BEAUMONT-DURAND',
];
const FIRST_NAMES = [
  'JEAN',
  'MARIE',
  'PIERRE',
  'NATHALIE',
  'MICHEL',
  'ISABELLE',
  'PHILIPPE',
  'SYLVIE',
  'ALAIN',
  'CATHERINE',
  'NICOLAS',
  'CHRISTINE',
  'JULIEN',
  'SANDRINE',
  'THOMAS',
  'CELINE',
  'LUCAS',
  'EMMA',
  'HUGO',
  'CHLOE',
  'JEAN-PIERRE',
  'MARIE-CLAIRE',
  'YVES',
  'ELODIE',
  'KARIM',
  'FATIMA',
  'MATHIEU',
  'AURELIE',
];
const COMPANY_NAMES = ['SARL GARAGE DU CENTRE', 'SAS TRANSPORTS MOREAU', 'EURL BATI CONFORT', 'SA LOCATOP FRANCE'];
const STREET_TYPES = ['RUE', 'AVENUE', 'BOULEVARD', 'CHEMIN', 'IMPASSE', 'PLACE', 'ALLEE', 'ROUTE'];
const STREET_NAMES = [
  'DES ROITELETS',
  'DE LA REPUBLIQUE',
  'VICTOR HUGO',
  'JEAN JAURES',
  'DU GENERAL DE GAULLE',
  'PASTEUR',
  'DES LILAS',
  'DU MOULIN',
  'DE LA GARE',
  'DES ECOLES',
  'GAMBETTA',
  'DU STADE',
  'DES TILLEULS',
  'DE PARIS',
];
const CITIES: readonly [string, string][] = [
  ['59169', 'FERIN LES BAINS'],
  ['75011', 'PARIS'],
  ['69003', 'LYON'],
  ['13008', 'MARSEILLE'],
  ['31000', 'TOULOUSE'],
  ['44000', 'NANTES'],
  ['67000', 'STRASBOURG'],
  ['33000', 'BORDEAUX'],
  ['59000', 'LILLE'],
  ['35000', 'RENNES'],
  ['21000', 'DIJON'],
  ['63000', 'CLERMONT FERRAND'],
  ['74000', 'ANNECY'],
  ['29200', 'BREST'],
  ['06000', 'NICE'],
  ['97400', 'SAINT DENIS'],
];

type Make = { readonly make: string; readonly wmi: string; readonly models: readonly string[] };
const MAKES: readonly Make[] = [
  { make: 'RENAULT', wmi: 'VF1', models: ['CLIO', 'MEGANE', 'CAPTUR', 'KANGOO', 'TWINGO', 'ZOE'] },
  { make: 'PEUGEOT', wmi: 'VF3', models: ['208', '308', '3008', 'PARTNER', '5008', 'EXPERT'] },
  { make: 'CITROEN', wmi: 'VF7', models: ['C3', 'C4 PICASSO', 'BERLINGO', 'C5 AIRCROSS', 'JUMPY'] },
  { make: 'VOLKSWAGEN', wmi: 'WVW', models: ['GOLF', 'POLO', 'TIGUAN', 'PASSAT SW'] },
  { make: 'MERCEDES-BENZ', wmi: 'WDD', models: ['CLASSE A', 'SPRINTER', 'VITO', 'GLC'] },
  { make: 'TOYOTA', wmi: 'JTD', models: ['YARIS', 'COROLLA', 'RAV4', 'C-HR'] },
  { make: 'DACIA', wmi: 'UU1', models: ['SANDERO', 'DUSTER', 'LOGAN MCV', 'SPRING'] },
  { make: 'FORD', wmi: 'WF0', models: ['FIESTA', 'FOCUS', 'TRANSIT CUSTOM', 'KUGA'] },
  { make: 'OPEL', wmi: 'W0L', models: ['CORSA', 'ASTRA', 'VIVARO'] },
  { make: 'BMW', wmi: 'WBA', models: ['SERIE 1', 'X3', '320D'] },
  { make: 'FIAT', wmi: 'ZFA', models: ['500', 'PANDA', 'DOBLO', 'DUCATO'] },
  { make: 'SKODA', wmi: 'TMB', models: ['OCTAVIA', 'FABIA'] },
  { make: 'TESLA', wmi: '5YJ', models: ['MODEL 3', 'MODEL Y'] },
];
const LETTERS_SIV = 'ABCDEFGHJKLMNPQRSTVWXYZ';
const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CNIT_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const DIGITS = '0123456789';

function randomPlate(rng: Rng): string {
  for (;;) {
    const compact = `${rng.chars(LETTERS_SIV, 2)}${String(rng.int(1, 999)).padStart(3, '0')}${rng.chars(LETTERS_SIV, 2)}`;
    if (isValidSivPlate(compact) && !compact.startsWith('WW')) return formatSivPlate(compact);
  }
}

function randomVin(rng: Rng, wmi: string): string {
  const body = `${wmi}${rng.chars(VIN_ALPHABET, 14)}`;
  // North American VINs always carry the check digit; about half of European ones do.
  if (/^[1-5]/.test(wmi) || rng.next() < 0.5) {
    const digit = computeVinCheckDigit(`${body.slice(0, 8)}0${body.slice(9)}`) ?? '0';
    return `${body.slice(0, 8)}${digit}${body.slice(9)}`;
  }
  return body;
}

function randomDate(rng: Rng, fromYear: number, toYear: number): string {
  const year = rng.int(fromYear, toYear);
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const toFrench = (iso: string): string => iso.split('-').reverse().join('/');

type Certificate = {
  readonly fields: Partial<Record<FieldCode, string>>;
  /** What is printed, line by line, per region key (`code:part`). */
  readonly printed: Record<string, string>;
  /** Other printed values next to the static labels (realism only). */
  readonly extras: Record<string, string>;
  readonly coupon: readonly string[];
  readonly mrz: [string, string];
};

function randomCertificate(rng: Rng): Certificate {
  const isCompany = rng.next() < 0.1;
  const surname = isCompany ? rng.pick(COMPANY_NAMES) : rng.pick(SURNAMES);
  const firstNames = isCompany
    ? ''
    : rng.next() < 0.2
      ? `${rng.pick(FIRST_NAMES)} ${rng.pick(FIRST_NAMES)}`
      : rng.pick(FIRST_NAMES);
  const [postcode, city] = rng.pick(CITIES);
  const street = `${rng.int(1, 180)}${rng.next() < 0.1 ? ' BIS' : ''} ${rng.pick(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`;
  const address = [street, `${postcode} ${city}`, 'FRANCE'];
  const make = rng.pick(MAKES);
  const model = rng.pick(make.models);
  const first = randomDate(rng, 1998, 2025);
  const current = randomDate(rng, Math.max(Number(first.slice(0, 4)), 2009), 2026);
  const registered = current < first ? first : current;
  const isElectric = make.make === 'TESLA' || model === 'ZOE' || model === 'SPRING';
  const energy = isElectric ? 'EL' : rng.pick(['ES', 'GO', 'GO', 'ES', 'EH', 'GH', 'EE', 'FE', 'GP']);
  const genre = /TRANSIT|SPRINTER|VITO|KANGOO|PARTNER|BERLINGO|EXPERT|JUMPY|DOBLO|DUCATO|VIVARO/.test(model)
    ? rng.pick(['CTTE', 'CTTE', 'VP', 'VASP'])
    : rng.pick(['VP', 'VP', 'VP', 'VP', 'DERIV-VP']);
  const bodywork =
    genre === 'CTTE'
      ? rng.pick(['FOURGON', 'CAMIONNETTE', 'PLATEAU'])
      : rng.pick(['CI', 'BREAK', 'COUPE', 'CABR', 'MONOSPACE']);
  // CNIT letters: assumed free of I, O, Q like the VIN (see WHITELISTS.cnit).
  const cnit = `M${rng.chars(CNIT_LETTERS, 2)}${rng.chars(DIGITS, 4)}${rng.chars(CNIT_LETTERS, 2)}${rng.chars(DIGITS, 3)}${rng.next() < 0.3 ? rng.chars(CNIT_LETTERS + DIGITS, 3) : ''}`;
  const tvv = `${rng.chars(UPPER, 1)}${rng.chars(UPPER + DIGITS, rng.int(4, 9))}`;
  const plate = randomPlate(rng);
  const vin = randomVin(rng, make.wmi);
  const formula = `${registered.slice(0, 4)}${rng.chars(LETTERS_SIV, 2)}${rng.chars(DIGITS, 5)}`;
  const power = isElectric ? rng.int(1, 4) : rng.int(3, 16);
  const mass = rng.int(1100, 3500);
  const kw = rng.int(40, 250);
  const cc = isElectric ? '' : String(rng.int(900, 2999));
  const seats = genre === 'CTTE' ? rng.pick([2, 3]) : rng.pick([2, 4, 5, 5, 5, 7]);
  const co2 = isElectric ? 0 : rng.int(85, 240);
  const inspection = randomDate(rng, 2026, 2028);
  const fields: Partial<Record<FieldCode, string>> = {
    A: plate,
    B: first,
    'C.1': [surname, firstNames].filter((s) => s.length > 0).join(' '),
    'C.3': address.join(', '),
    'C.4a': 'EST LE PROPRIETAIRE DU VEHICULE',
    'D.1': make.make,
    'D.2': tvv,
    'D.2.1': cnit,
    'D.3': model,
    E: vin,
    'F.1': String(mass),
    G: String(mass - rng.int(300, 600)),
    I: registered,
    J: genre === 'CTTE' ? 'N1' : 'M1',
    'J.1': genre,
    'J.3': bodywork,
    K: `e${rng.int(1, 13)}*2007/46*${String(rng.int(1, 9999)).padStart(4, '0')}*${String(rng.int(0, 30)).padStart(2, '0')}`,
    'P.2': String(kw),
    'P.3': energy,
    'P.6': String(power),
    'S.1': String(seats),
    'V.7': String(co2),
    'X.1': inspection,
    formula,
  };
  if (cc) fields['P.1'] = cc;
  const printed: Record<string, string> = {
    'A:0': plate,
    'B:0': toFrench(first),
    'C.1:0': surname,
    'C.1:1': firstNames,
    'C.4a:0': 'EST LE PROPRIETAIRE DU VEHICULE',
    'C.3:0': address[0] ?? '',
    'C.3:1': address[1] ?? '',
    'C.3:2': address[2] ?? '',
    'D.1:0': make.make,
    'D.2:0': tvv,
    'D.2.1:0': cnit,
    'D.3:0': model,
    'E:0': vin,
    'F.1:0': fields['F.1'] ?? '',
    'G:0': fields.G ?? '',
    'J:0': fields.J ?? '',
    'J.1:0': genre,
    'J.3:0': bodywork,
    'K:0': fields.K ?? '',
    'P.1:0': cc,
    'P.2:0': String(kw),
    'P.3:0': energy,
    'P.6:0': String(power),
    'S.1:0': String(seats),
    'V.7:0': String(co2),
    'X.1:0': `VISITE AVANT LE ${toFrench(inspection)}`,
    'I:0': toFrench(registered),
  };
  const tax = rng.int(50, 900);
  const extras: Record<string, string> = {
    'F.2': String(mass),
    'F.3': rng.next() < 0.5 ? String(mass + rng.int(500, 1500)) : '',
    'G.1': String(mass - rng.int(400, 700)),
    'J.2': genre === 'CTTE' ? 'BB' : rng.pick(['AA', 'AB', 'AC', 'AF']),
    Q: '',
    'U.1': String(rng.int(65, 85)),
    'U.2': String(rng.int(2500, 4500)),
    'Y.1': `${tax},${String(rng.int(0, 99)).padStart(2, '0')}`,
    'Y.3': '0',
    'Y.4': '11',
    'Y.5': '2,76',
    'Y.6': `${tax + 13},${String(rng.int(0, 99)).padStart(2, '0')}`,
  };
  const mrz = buildMrz({
    plate,
    vin,
    firstRegistration: first,
    genre,
    bodywork,
    make: make.make,
    model,
    formula,
  });
  const coupon = [plate, formula, vin, make.make, surname, firstNames];
  return { fields, printed, extras, coupon, mrz };
}

// ---------------------------------------------------------------------------------------------
// Drawing.

/** Draws the certificate at `scale` px per template unit. */
function drawCertificate(rng: Rng, cert: Certificate, valueFont: string, labelFont: string, scale: number): Canvas {
  const width = Math.round(TEMPLATE_WIDTH * scale);
  const height = Math.round(TEMPLATE_HEIGHT * scale);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  // Security-print stand-in: warm gradient, guilloche waves, a faint diagonal SPECIMEN.
  const gradient = ctx.createLinearGradient(0, 0, TEMPLATE_WIDTH, TEMPLATE_HEIGHT);
  gradient.addColorStop(0, '#fbf6ee');
  gradient.addColorStop(0.5, rng.pick(['#f6e4cc', '#f3dcc0', '#f7e9d6']));
  gradient.addColorStop(1, '#f2ece4');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, TEMPLATE_WIDTH, TEMPLATE_HEIGHT);
  ctx.lineWidth = 0.35;
  for (let k = 0; k < 26; k += 1) {
    ctx.strokeStyle = `rgba(${rng.int(200, 235)}, ${rng.int(170, 205)}, ${rng.int(140, 180)}, 0.55)`;
    ctx.beginPath();
    const base = rng.next() * TEMPLATE_HEIGHT;
    const amp = 8 + rng.next() * 30;
    const freq = 0.01 + rng.next() * 0.03;
    for (let x = 0; x <= TEMPLATE_WIDTH; x += 3) ctx.lineTo(x, base + amp * Math.sin(x * freq + k));
    ctx.stroke();
  }
  ctx.save();
  ctx.translate(TEMPLATE_WIDTH / 2, TEMPLATE_HEIGHT / 2);
  ctx.rotate(-Math.PI / 3);
  ctx.fillStyle = 'rgba(190, 150, 120, 0.12)';
  ctx.font = `bold 60px ${labelFont}`;
  ctx.textAlign = 'center';
  ctx.fillText('SPECIMEN', 0, 20);
  ctx.restore();

  const ink = rng.pick(['#141414', '#1b1b22', '#222018']);
  const valueSize = 8.2;
  const drawValue = (text: string, x: number, cy: number, size = valueSize): void => {
    ctx.font = `${size}px ${valueFont}`;
    ctx.fillStyle = ink;
    ctx.textAlign = 'left';
    ctx.fillText(text, x, cy + size * 0.36);
  };
  const drawLabel = (text: string, x: number, cy: number): void => {
    ctx.font = `6px ${labelFont}`;
    ctx.fillStyle = '#2a2a2a';
    ctx.textAlign = 'left';
    ctx.fillText(text, x, cy + 2.2);
  };
  drawValue("CERTIFICAT D'IMMATRICULATION", 103, 7.5, 7);
  ctx.font = `4px ${labelFont}`;
  ctx.fillStyle = '#333';
  ctx.fillText('N° Immatriculation', 24, 30.5);
  ctx.fillText('Date de 1ère immatriculation', 102, 30.5);
  // C.3 dashed box (address-change stickers go here on real cards).
  ctx.setLineDash([1.5, 1.5]);
  ctx.strokeStyle = 'rgba(90, 90, 90, 0.6)';
  ctx.lineWidth = 0.4;
  ctx.strokeRect(32, 131, 301, 57);
  ctx.setLineDash([]);
  for (const region of FIELD_REGIONS) {
    if (region.label) drawLabel(region.label.text, region.label.x, region.cy);
    const text = cert.printed[`${region.code}:${region.part}`];
    if (text) drawValue(text, region.x0 + 2, region.cy);
  }
  for (const label of STATIC_LABELS) {
    drawLabel(label.text, label.x, label.cy);
    const extra = cert.extras[label.text];
    if (extra) drawValue(extra, label.x + 21, label.cy);
  }
  ctx.font = `3.6px ${labelFont}`;
  ctx.fillStyle = '#333';
  ctx.fillText("Pour le Ministre de l'Intérieur et par délégation", 215, 336);
  ctx.font = `italic 11px ${labelFont}`;
  ctx.fillStyle = '#222';
  ctx.fillText('SPECIMEN', 168, 387);
  // Vertical barcode on the right edge.
  for (let y = 75; y < 280; y += 1 + rng.int(0, 2)) {
    ctx.fillStyle = '#111';
    ctx.fillRect(350, y, 14, rng.next() < 0.5 ? 0.6 : 1.2);
  }
  // Coupon.
  ctx.strokeStyle = 'rgba(90, 90, 90, 0.5)';
  ctx.setLineDash([2, 2]);
  ctx.beginPath();
  ctx.moveTo(8, 460);
  ctx.lineTo(360, 460);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = `bold 6px ${labelFont}`;
  ctx.fillStyle = '#333';
  ctx.fillText("Certificat d'immatriculation", 20, 507);
  const [plate, formula, vin, make, surname, firstNames] = cert.coupon;
  drawValue(plate ?? '', 24, 529);
  drawValue(toFrench(cert.fields.I ?? ''), 95, 529);
  drawValue(formula ?? '', 23, 543);
  drawValue(vin ?? '', 23, 555.5);
  drawValue(make ?? '', 23, 570);
  drawValue(surname ?? '', 23, 590);
  drawValue(firstNames ?? '', 23, 612);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(8, 624, 352, 38);
  drawValue(cert.mrz[0], 18, 635.5, 11.4);
  drawValue(cert.mrz[1], 18, 652.5, 11.4);
  return canvas;
}

/** Adds sensor-like noise in place. */
function addNoise(rng: Rng, data: Uint8ClampedArray, amount: number): void {
  for (let i = 0; i < data.length; i += 4) {
    const n = (rng.next() + rng.next() + rng.next() - 1.5) * amount;
    data[i] = (data[i] ?? 0) + n;
    data[i + 1] = (data[i + 1] ?? 0) + n;
    data[i + 2] = (data[i + 2] ?? 0) + n;
  }
}

/** Paints the document onto a desk with a perspective (inverse mapping, bilinear), then shades it. */
function photographOnDesk(rng: Rng, doc: Canvas): Canvas {
  const deskW = 2000;
  const deskH = 3000;
  const desk = createCanvas(deskW, deskH);
  const ctx: SKRSContext2D = desk.getContext('2d');
  const wood = ctx.createLinearGradient(0, 0, deskW, deskH);
  wood.addColorStop(0, rng.pick(['#5a4633', '#3f3a36', '#6b5a48']));
  wood.addColorStop(1, rng.pick(['#3b2d20', '#2e2a27', '#4d3f31']));
  ctx.fillStyle = wood;
  ctx.fillRect(0, 0, deskW, deskH);
  const deskData = ctx.getImageData(0, 0, deskW, deskH);
  const docCtx = doc.getContext('2d');
  const src = docCtx.getImageData(0, 0, doc.width, doc.height);
  // Target quad: the document covers 62–72 % of the width (≈ 1240–1440 px, what the capture
  // screen asks for), corners jittered (a few degrees out of plane).
  const docW = deskW * (0.62 + rng.next() * 0.1);
  const docH = docW * (TEMPLATE_HEIGHT / TEMPLATE_WIDTH);
  const cx = deskW / 2 + (rng.next() - 0.5) * (deskW - docW) * 0.6;
  const cy = deskH / 2 + (rng.next() - 0.5) * Math.max(0, deskH - docH) * 0.6;
  const j = (): number => (rng.next() - 0.5) * docW * 0.08;
  const quad: Quad = [
    { x: cx - docW / 2 + j(), y: cy - docH / 2 + j() },
    { x: cx + docW / 2 + j(), y: cy - docH / 2 + j() },
    { x: cx + docW / 2 + j(), y: cy + docH / 2 + j() },
    { x: cx - docW / 2 + j(), y: cy + docH / 2 + j() },
  ];
  const docQuad: Quad = [
    { x: 0, y: 0 },
    { x: doc.width, y: 0 },
    { x: doc.width, y: doc.height },
    { x: 0, y: doc.height },
  ];
  const h = computeHomography(quad, docQuad);
  if (!h) throw new Error('degenerate perspective');
  const minX = Math.max(0, Math.floor(Math.min(...quad.map((p) => p.x))));
  const maxX = Math.min(deskW, Math.ceil(Math.max(...quad.map((p) => p.x))));
  const minY = Math.max(0, Math.floor(Math.min(...quad.map((p) => p.y))));
  const maxY = Math.min(deskH, Math.ceil(Math.max(...quad.map((p) => p.y))));
  const sw = doc.width;
  const sd = src.data;
  const dd = deskData.data;
  // Light: a linear falloff across the sheet plus a soft vignette.
  const lightAngle = rng.next() * Math.PI * 2;
  const lx = Math.cos(lightAngle);
  const ly = Math.sin(lightAngle);
  const lightDepth = 0.18 + rng.next() * 0.12;
  for (let y = minY; y < maxY; y += 1) {
    for (let x = minX; x < maxX; x += 1) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w = (h[6] ?? 0) * px + (h[7] ?? 0) * py + (h[8] ?? 1);
      const sx = ((h[0] ?? 0) * px + (h[1] ?? 0) * py + (h[2] ?? 0)) / w - 0.5;
      const sy = ((h[3] ?? 0) * px + (h[4] ?? 0) * py + (h[5] ?? 0)) / w - 0.5;
      if (sx < 0 || sy < 0 || sx >= sw - 1 || sy >= doc.height - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const shade =
        1 - lightDepth * (0.5 + 0.5 * (((x - deskW / 2) / deskW) * lx + ((y - deskH / 2) / deskH) * ly) * 2);
      const o = (y * deskW + x) * 4;
      for (let c = 0; c < 3; c += 1) {
        const i = (y0 * sw + x0) * 4 + c;
        const top = (sd[i] ?? 0) * (1 - fx) + (sd[i + 4] ?? 0) * fx;
        const bottom = (sd[i + sw * 4] ?? 0) * (1 - fx) + (sd[i + sw * 4 + 4] ?? 0) * fx;
        dd[o + c] = (top * (1 - fy) + bottom * fy) * shade;
      }
    }
  }
  addNoise(rng, dd, 10);
  ctx.putImageData(deskData, 0, 0);
  // Slight defocus / hand shake.
  const blurred = createCanvas(deskW, deskH);
  const bctx = blurred.getContext('2d');
  bctx.filter = `blur(${(0.6 + rng.next() * 0.6).toFixed(2)}px)`;
  bctx.drawImage(desk, 0, 0);
  return blurred;
}

/** Renders one image of the set and returns its encoded bytes and truth. */
export function renderSynthetic(
  seed: number,
  index: number,
  variant: Variant,
): { readonly bytes: Buffer; readonly truth: SyntheticTruth } {
  const fonts = loadSynthFonts();
  const rng = createRng(seed * 1_000_003 + index * 7919 + VARIANTS.indexOf(variant) * 104_729);
  const cert = randomCertificate(createRng(seed * 1_000_003 + index * 7919));
  const font = fonts.values[index % fonts.values.length] ?? fonts.values[0];
  if (!font) throw new Error('no font');
  const name = `cg-${String(index).padStart(3, '0')}-${variant}`;
  let bytes: Buffer;
  if (variant === 'scan') {
    const canvas = drawCertificate(rng, cert, font.family, fonts.label, 4);
    const ctx = canvas.getContext('2d');
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    addNoise(rng, data.data, 6);
    ctx.putImageData(data, 0, 0);
    bytes = canvas.toBuffer('image/jpeg', 92);
  } else if (variant === 'phone') {
    const doc = drawCertificate(rng, cert, font.family, fonts.label, 4);
    bytes = photographOnDesk(rng, doc).toBuffer('image/jpeg', 70 + rng.int(0, 15));
  } else {
    const doc = drawCertificate(rng, cert, font.family, fonts.label, 4);
    const width = Math.round(TEMPLATE_WIDTH * (1.7 + rng.next() * 0.35));
    const height = Math.round((width * TEMPLATE_HEIGHT) / TEMPLATE_WIDTH);
    const small = createCanvas(width, height);
    const sctx = small.getContext('2d');
    sctx.imageSmoothingQuality = 'high';
    sctx.drawImage(doc, 0, 0, width, height);
    bytes = small.toBuffer('image/jpeg', 70);
  }
  return {
    bytes,
    truth: {
      version: SYNTH_VERSION,
      name,
      variant,
      font: font.family.replace(/^Synth /, ''),
      seed,
      fields: cert.fields,
      mrz: cert.mrz,
    },
  };
}

export type GenerateOptions = { readonly seed: number; readonly count: number; readonly dir: string };

/** Writes `count` documents × 3 variants (`<name>.jpg` + `<name>.truth.json`) into `dir`. */
export function generateSyntheticSet(options: GenerateOptions): SyntheticTruth[] {
  mkdirSync(options.dir, { recursive: true });
  const truths: SyntheticTruth[] = [];
  for (let i = 0; i < options.count; i += 1) {
    for (const variant of VARIANTS) {
      const { bytes, truth } = renderSynthetic(options.seed, i, variant);
      writeFileSync(path.join(options.dir, `${truth.name}.jpg`), bytes);
      writeFileSync(path.join(options.dir, `${truth.name}.truth.json`), `${JSON.stringify(truth, null, 2)}\n`);
      truths.push(truth);
    }
  }
  return truths;
}

function readFlag(args: readonly string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(value) ? value : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const seed = readFlag(args, '--seed', 1);
  const count = readFlag(args, '--count', 20);
  const dir =
    args.find((a, i) => !a.startsWith('--') && !['--seed', '--count'].includes(args[i - 1] ?? '')) ?? DEFAULT_SYNTH_DIR;
  const started = Date.now();
  const truths = generateSyntheticSet({ seed, count, dir });
  console.log(
    `carte-grise-synth: ${truths.length} images in ${path.relative(process.cwd(), dir) || dir} (${Date.now() - started} ms)`,
  );
}
