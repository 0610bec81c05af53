import { describe, expect, it } from 'vitest';
import { computeMrzCheckDigit, computeVinCheckDigit } from './check-digits.ts';
import { buildMrz, expandMrzDate, findMrzLines, parseMrz } from './mrz.ts';
import {
  buildHolderName,
  joinAddress,
  parseApproval,
  parseCnit,
  parseDate,
  parseDigits,
  parseEnergy,
  parseFormula,
  parseGenre,
  parseInspectionDue,
  parsePlate,
  parseVin,
  repairEuroNorm,
} from './parse.ts';
import {
  applyHomography,
  computeHomography,
  detectDocument,
  findInkLine,
  repeatHorizontally,
  type GrayImage,
} from './raster.ts';
import { pickRepeatedRead } from './read-certificate.ts';
import { resolveReading } from './resolve.ts';

const SPECIMEN_MRZ = [
  'CRFRAAB123CD0VFSIV2009ASIV200929801059VP<<<<',
  'CI<<MARQUES<<<<<<<MODELE<<<<<<<2009AS0528402',
] as const;
const TODAY = new Date('2026-11-22T00:00:00Z');

describe('plates (A)', () => {
  it.each([
    ['AB-123-CD', 'AB-123-CD', 'valid'],
    ['ab 123 cd', 'AB-123-CD', 'valid'],
    ['AB—123—CD', 'AB-123-CD', 'valid'],
    ['A8-l23-CD', 'AB-123-CD', 'repaired'],
    ['AB-I23-CD', 'AB-123-CD', 'repaired'],
    ['AB-123-C0', 'AB-123-CD', 'repaired'],
    ['AB-12S-CD', 'AB-125-CD', 'repaired'],
    ['WW-123-AB', 'WW-123-AB', 'valid'],
    ['123 ABC 45', '123 ABC 45', 'valid'],
    ['4567 XY 2A', '4567 XY 2A', 'valid'],
    ['12 AB 977', '12AB977', 'invalid'],
  ])('%s → %s (%s)', (raw, value, status) => {
    expect(parsePlate(raw)).toMatchObject({ value, status });
  });

  it.each(['SS-123-AB', 'AB-123-SS', 'AB-000-CD', 'AB-1234-CD'])('rejects %s', (raw) => {
    expect(parsePlate(raw).status).toBe('invalid');
  });
});

describe('VIN (E)', () => {
  it('computes the North American check digit (ISO 3779 example)', () => {
    expect(computeVinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
    expect(computeVinCheckDigit('11111111111111111')).toBe('1');
    expect(computeVinCheckDigit('VFSIV2009ASIV2009')).toBeUndefined();
  });

  it.each([
    ['1M8GDM9AXKP042788', '1M8GDM9AXKP042788', 'valid', []],
    ['1M8GDM9A1KP042788', '1M8GDM9A1KP042788', 'invalid', ['vin-check-digit']],
    ['VF1RFB00X56789012', 'VF1RFB00X56789012', 'valid', ['vin-check-digit']],
    ['VF1RFB0OX5678901Z', 'VF1RFB00X5678901Z', 'repaired', ['vin-check-digit']],
    ['VF3 LCYHZ JFS 123456', 'VF3LCYHZJFS123456', 'valid', ['vin-check-digit']],
    ['VFSIV2009ASIV2009', 'VFS1V2009AS1V2009', 'repaired', ['vin-check-digit']],
    ['VF1ABC', 'VF1ABC', 'invalid', ['vin-length']],
  ])('%s → %s (%s, %j)', (raw, value, status, warnings) => {
    expect(parseVin(raw)).toEqual({ value, status, warnings });
  });

  it('keeps letters outside the VIN alphabet when told to (SPECIMEN confirmed by the MRZ)', () => {
    expect(parseVin('VFSIV2009ASIV2009', { keepLetters: true })).toMatchObject({
      value: 'VFSIV2009ASIV2009',
      status: 'invalid',
      warnings: ['vin-alphabet'],
    });
  });
});

describe('dates (B, I, X.1)', () => {
  it.each([
    ['05/01/1998', '1998-01-05', 'valid'],
    ['04/12/2009', '2009-12-04', 'valid'],
    ['O4/l2/2OO9', '2009-12-04', 'repaired'],
    ['04 / 12 / 2009', '2009-12-04', 'valid'],
    ['04122009', '2009-12-04', 'valid'],
    ['29/02/2024', '2024-02-29', 'valid'],
  ])('%s → %s', (raw, value, status) => {
    expect(parseDate(raw)).toMatchObject({ value, status });
  });

  it.each([
    ['69/04/2025', '2025-04-09'],
    ['16/05/2625', '2025-05-16'],
    ['05/18/2013', '2013-10-05'],
  ])('repairs the one look-alike digit that makes %s a real day', (raw, value) => {
    expect(parseDate(raw)).toMatchObject({ value, status: 'repaired' });
  });

  it.each(['31/02/2020', '42/13/2020', '01/01/1850', '1/1', ''])('rejects %j', (raw) => {
    expect(parseDate(raw).value).toBeUndefined();
  });

  it('reads X.1 after its text prefix', () => {
    expect(parseInspectionDue('VISITE AVANT LE 06/07/2011').value).toBe('2011-07-06');
    expect(parseInspectionDue('VISITE AVANT LE O6/O7/2011').value).toBe('2011-07-06');
  });
});

describe('enums, digits and codes', () => {
  it.each([
    ['GO', 'GO', 'valid'],
    ['G0', 'GO', 'repaired'],
    ['EL', 'EL', 'valid'],
    ['6O', 'GO', 'repaired'],
    ['H2', 'H2', 'valid'],
    ['XX', 'XX', 'invalid'],
  ])('energy %s → %s', (raw, value, status) => {
    expect(parseEnergy(raw)).toMatchObject({ value, status });
  });

  it.each([
    ['VP', 'VP', 'valid'],
    ['CTTE', 'CTTE', 'valid'],
    ['CTT3', 'CTTE', 'repaired'],
    ['MTL', 'MTL', 'valid'],
    ['DERIV-VP', 'DERIV-VP', 'valid'],
    ['XYZ', 'XYZ', 'invalid'],
  ])('genre %s → %s', (raw, value, status) => {
    expect(parseGenre(raw)).toMatchObject({ value, status });
  });

  it.each([
    ['6', '6', 'valid'],
    ['l2', '12', 'repaired'],
    ['S', '5', 'repaired'],
    ['B', '8', 'repaired'],
    ['1234', '1234', 'valid'],
  ])('digits %s → %s', (raw, value, status) => {
    expect(parseDigits(raw, 1, 3).value).toBe(value);
    expect(parseDigits(raw, 1, 4).status).toBe(status);
  });

  it('parses CNIT, formula, approval and the Euro norm', () => {
    expect(parseCnit('MCT5432PY315')).toMatchObject({ value: 'MCT5432PY315', status: 'valid' });
    expect(parseCnit('M 10ABCDE12345FG')).toMatchObject({ value: 'M10ABCDE12345FG', status: 'valid' });
    expect(parseCnit('MCT5432PY31')).toMatchObject({ status: 'invalid' });
    expect(parseFormula('2009AS05284')).toMatchObject({ value: '2009AS05284', status: 'valid' });
    expect(parseFormula('2OO9A5O5284')).toMatchObject({ value: '2009AS05284', status: 'repaired' });
    expect(parseApproval('e2*2001/116*0317*02')).toMatchObject({ value: 'e2*2001/116*0317*02', status: 'valid' });
    expect(parseApproval('E2*2001/116*0317*02').value).toBe('e2*2001/116*0317*02');
    expect(repairEuroNorm('715/2007*692/2008 EUR05')).toBe('715/2007*692/2008EURO5');
  });
});

describe('names and addresses', () => {
  it('puts the surname first and drops accents', () => {
    expect(buildHolderName('Dupont', 'Yves').value).toBe('DUPONT YVES');
    expect(buildHolderName('LE  GALL', 'Jean-Hélène').value).toBe('LE GALL JEAN-HELENE');
    expect(buildHolderName('SARL GARAGE DU CENTRE').value).toBe('SARL GARAGE DU CENTRE');
    expect(buildHolderName('DURAND', 'MARIE -CLAIRE').value).toBe('DURAND MARIE-CLAIRE');
    expect(buildHolderName("N' DIAYE", 'AWA').value).toBe("N'DIAYE AWA");
    expect(buildHolderName('', '').value).toBeUndefined();
  });

  it('joins address lines with ", " and wants a postcode', () => {
    expect(joinAddress(['27 RUE DES ROITELETS', '59169 FERIN LES BAINS', 'FRANCE'])).toEqual({
      value: '27 RUE DES ROITELETS, 59169 FERIN LES BAINS, FRANCE',
      status: 'valid',
      warnings: [],
    });
    expect(joinAddress(['', ' 3 place   Carnot ', '21000 Dijon'])).toMatchObject({
      value: '3 PLACE CARNOT, 21000 DIJON',
    });
    expect(joinAddress(['3 PLACE CARNOT', 'DIJON'])).toMatchObject({
      status: 'invalid',
      warnings: ['address-postcode'],
    });
  });
});

describe('MRZ', () => {
  it('computes ICAO 7-3-1 check digits (the SPECIMEN values)', () => {
    expect(computeMrzCheckDigit('AB123CD')).toBe(0);
    expect(computeMrzCheckDigit('VFSIV2009ASIV2009')).toBe(2);
    expect(computeMrzCheckDigit('980105')).toBe(9);
    expect(computeMrzCheckDigit('2009AS05284')).toBe(0);
    expect(computeMrzCheckDigit('AB<')).toBe(computeMrzCheckDigit('AB0'));
    expect(computeMrzCheckDigit('ab')).toBeUndefined();
  });

  it('parses the SPECIMEN MRZ with every check digit passing', () => {
    const mrz = parseMrz(SPECIMEN_MRZ[0], SPECIMEN_MRZ[1], TODAY);
    expect(mrz).toMatchObject({
      plate: 'AB-123-CD',
      vin: 'VFSIV2009ASIV2009',
      firstRegistration: '1998-01-05',
      genre: 'VP',
      bodywork: 'CI',
      make: 'MARQUES',
      model: 'MODELE',
      formula: '2009AS05284',
      checks: { plate: true, vin: true, firstRegistration: true, formula: true, composite: true },
    });
  });

  it('rebuilds the SPECIMEN MRZ from its fields', () => {
    expect(
      buildMrz({
        plate: 'AB-123-CD',
        vin: 'VFSIV2009ASIV2009',
        firstRegistration: '1998-01-05',
        genre: 'VP',
        bodywork: 'CI',
        make: 'MARQUES',
        model: 'MODELE',
        formula: '2009AS05284',
      }),
    ).toEqual(SPECIMEN_MRZ);
  });

  it.each([
    ['O for 0 in the plate check digit', 'CRFRAAB123CDOVFSIV2009ASIV200929801059VP<<<<', { plate: true }],
    ['a letter in the date', 'CRFRAAB123CD0VFSIV2009ASIV20092980lO59VP<<<<', { firstRegistration: true }],
    ['spaces and « for <', 'CRFRA AB123CD0 VFSIV2009ASIV2009 2 980105 9 VP««««', { plate: true, vin: true }],
  ])('repairs %s', (_, line1, checks) => {
    expect(parseMrz(line1, SPECIMEN_MRZ[1], TODAY)?.checks).toMatchObject(checks);
  });

  it('fails the check digit of a misread VIN it cannot repair uniquely', () => {
    const mrz = parseMrz(
      'CRFRAAB123CD0VFSIV2009ASIV2O0929801059VP<<<<'.replace('ASIV2O09', 'ASXV2009'),
      SPECIMEN_MRZ[1],
      TODAY,
    );
    expect(mrz?.checks.vin).toBe(false);
  });

  const BMW = buildMrz({
    plate: 'AP-451-MV',
    vin: 'WBAB75UL3K4N7A9GZ',
    firstRegistration: '2004-04-23',
    genre: 'VP',
    bodywork: 'COUPE',
    make: 'BMW',
    model: 'SERIE 1',
    formula: '2011HE22455',
  });

  it('realigns line 1 read with one glyph too many to the deletion that agrees with the face VIN', () => {
    // Two deletions pass every check here (one by chance): without the face VIN nothing is trusted.
    const misread = BMW[0].replace('K4N', 'K4AN');
    expect(parseMrz(misread, BMW[1], TODAY)?.checks.vin).toBe(false);
    const mrz = parseMrz(misread, BMW[1], TODAY, 'WBAB75UL3K4N7A9GZ');
    expect(mrz?.vin).toBe('WBAB75UL3K4N7A9GZ');
    expect(mrz?.checks).toMatchObject({ plate: true, vin: true, firstRegistration: true });
    // The face VIN may itself carry the extra glyph.
    expect(parseMrz(misread, BMW[1], TODAY, 'WBAB75UL3KA4N7A9GZ')?.vin).toBe('WBAB75UL3K4N7A9GZ');
    expect(mrz?.isAligned.line1).toBe(true);
  });

  it('trusts no line-1 check when the line cannot be realigned (a shifted digit passes by chance)', () => {
    const misread = BMW[0].replace('K4N', 'KXAN');
    const mrz = parseMrz(misread, BMW[1], TODAY, 'WBAB75UL3K4N7A9GZ');
    expect(mrz?.checks).toMatchObject({ plate: false, vin: false, firstRegistration: false, formula: true });
    expect(mrz?.isAligned.line1).toBe(false);
  });

  it('tolerates a different number of trailing fillers', () => {
    expect(parseMrz(`${SPECIMEN_MRZ[0]}<<`, SPECIMEN_MRZ[1], TODAY)?.checks.vin).toBe(true);
    expect(parseMrz(SPECIMEN_MRZ[0].slice(0, 42), SPECIMEN_MRZ[1], TODAY)?.checks.vin).toBe(true);
  });

  it('refuses lines that are not a certificate MRZ', () => {
    expect(parseMrz('HELLO', 'WORLD', TODAY)).toBeUndefined();
  });

  it('expands YYMMDD to the century that is not in the future', () => {
    expect(expandMrzDate('980105', TODAY)).toBe('1998-01-05');
    expect(expandMrzDate('250105', TODAY)).toBe('2025-01-05');
    expect(expandMrzDate('991332', TODAY)).toBeUndefined();
  });

  it('finds the two MRZ lines in a block of text', () => {
    expect(findMrzLines(`noise\n${SPECIMEN_MRZ[0]}\n${SPECIMEN_MRZ[1]}\n`)).toEqual([...SPECIMEN_MRZ]);
  });
});

describe('resolving a reading', () => {
  const read = (text: string, confidence = 90): { text: string; confidence: number } => ({ text, confidence });

  it('confirms face values with the MRZ and fixes the SPECIMEN VIN (I read as 1)', () => {
    const result = resolveReading(
      {
        A: [read('AB-123-CD')],
        B: [read('05/01/1998')],
        E: [read('VFS1V2009AS1V2009')],
        'D.1': [read('NARQUES')],
        'J.1': [read('VP')],
        formula: [read('2009AS05284')],
        mrz: [read(SPECIMEN_MRZ[0]), read(SPECIMEN_MRZ[1])],
      },
      TODAY,
    );
    expect(result.fields).toMatchObject({
      A: 'AB-123-CD',
      B: '1998-01-05',
      E: 'VFSIV2009ASIV2009',
      'D.1': 'MARQUES',
      'J.1': 'VP',
      formula: '2009AS05284',
    });
    expect(result.flags.A).toContain('mrz-confirmed');
    expect(result.confidence.A).toBeGreaterThanOrEqual(0.99);
    expect(result.flags['D.1']).toContain('mrz-disagrees');
  });

  it('prefers the VIN alphabet when two O/0 swaps cancel out in the MRZ check digit', () => {
    const [line1, line2] = buildMrz({
      plate: 'AB-123-CD',
      vin: 'W0LN1CXR5YKNULY05',
      firstRegistration: '2010-01-01',
      genre: 'VP',
      bodywork: 'CI',
      make: 'OPEL',
      model: 'CORSA',
      formula: '2010AB12345',
    });
    const misread = line1.replace('W0LN1CXR5YKNULY05', 'WOLN1CXR5YKNULYO5');
    const result = resolveReading({ E: [read('W0LN1CXR5YKNULY05')], mrz: [read(misread), read(line2)] }, TODAY);
    expect(result.mrz?.checks.vin).toBe(true);
    expect(result.fields.E).toBe('W0LN1CXR5YKNULY05');
  });

  it('ignores an MRZ genre outside the official list', () => {
    const line1 = SPECIMEN_MRZ[0].replace('VP<<<<', 'XQZ<<<');
    const result = resolveReading({ 'J.1': [read('VP')], mrz: [read(line1), read(SPECIMEN_MRZ[1])] }, TODAY);
    expect(result.fields['J.1']).toBe('VP');
  });

  it('takes the checked MRZ over a face value that disagrees, and flags it', () => {
    const result = resolveReading(
      { A: [read('AB-128-CD')], mrz: [read(SPECIMEN_MRZ[0]), read(SPECIMEN_MRZ[1])] },
      TODAY,
    );
    expect(result.fields.A).toBe('AB-123-CD');
    expect(result.flags.A).toContain('mrz-disagrees');
    expect(result.confidence.A).toBeLessThan(0.75);
  });

  it('keeps the face value with a low confidence when nothing confirms an invalid read', () => {
    const result = resolveReading(
      { 'P.3': [read('QQ', 40)], 'C.1': [read('DUPONT'), read('YVES')], 'C.3': [read(''), undefined] },
      TODAY,
    );
    expect(result.fields).toEqual({ 'P.3': 'QQ', 'C.1': 'DUPONT YVES' });
    expect(result.flags['P.3']).toEqual(['invalid-format', 'low-confidence']);
  });
});

describe('image operations', () => {
  const blank = (width: number, height: number, value: number): GrayImage => ({
    width,
    height,
    data: new Uint8ClampedArray(width * height).fill(value),
  });

  it('maps quad corners exactly with the homography', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 200 },
      { x: 0, y: 200 },
    ] as const;
    const to = [
      { x: 10, y: 20 },
      { x: 120, y: 15 },
      { x: 130, y: 230 },
      { x: 5, y: 210 },
    ] as const;
    const h = computeHomography(from, to);
    expect(h).toBeDefined();
    for (let i = 0; i < 4; i += 1) {
      const p = applyHomography(h ?? [], from[i] ?? { x: 0, y: 0 });
      expect(p.x).toBeCloseTo(to[i]?.x ?? 0, 6);
      expect(p.y).toBeCloseTo(to[i]?.y ?? 0, 6);
    }
  });

  it('finds a bright sheet on a dark desk, and nothing on a flat scan', () => {
    const image = blank(400, 600, 60);
    for (let y = 100; y < 500; y += 1) for (let x = 80; x < 320; x += 1) image.data[y * 400 + x] = 230;
    const quad = detectDocument(image);
    expect(quad).toBeDefined();
    expect(quad?.[0].x).toBeCloseTo(80, -1);
    expect(quad?.[0].y).toBeCloseTo(100, -1);
    expect(quad?.[2].x).toBeCloseTo(320, -1);
    expect(quad?.[2].y).toBeCloseTo(500, -1);
    expect(detectDocument(blank(400, 600, 240))).toBeUndefined();
  });

  it('snaps to the printed line nearest the expected row and ignores a blank region', () => {
    const image = blank(200, 100, 240);
    for (let y = 20; y < 30; y += 1) for (let x = 50; x < 90; x += 1) image.data[y * 200 + x] = 20;
    for (let y = 60; y < 70; y += 1) for (let x = 30; x < 150; x += 1) image.data[y * 200 + x] = 20;
    expect(findInkLine(image, { x: 0, y: 0, width: 200, height: 100 }, 64, 4)).toEqual({
      top: 60,
      bottom: 70,
      left: 30,
      right: 150,
    });
    expect(findInkLine(image, { x: 0, y: 0, width: 200, height: 100 }, 22, 4)).toMatchObject({ top: 20, bottom: 30 });
    expect(findInkLine(image, { x: 0, y: 35, width: 200, height: 20 }, 45, 4)).toBeUndefined();
  });

  it('drops the tail of a label cut by the left edge of a region', () => {
    const image = blank(200, 40, 240);
    for (let y = 10; y < 30; y += 1) {
      for (let x = 0; x < 4; x += 1) image.data[y * 200 + x] = 20;
      for (let x = 40; x < 120; x += 1) image.data[y * 200 + x] = 20;
    }
    expect(findInkLine(image, { x: 0, y: 0, width: 200, height: 40 }, 20, 4)).toMatchObject({ left: 40, right: 120 });
  });

  it('reads a short value from three copies only when the copies agree', () => {
    expect(repeatHorizontally(blank(3, 2, 0), 3, 2).width).toBe(13);
    expect(pickRepeatedRead({ text: '6 6 6', confidence: 90 })?.text).toBe('6');
    expect(pickRepeatedRead({ text: '555', confidence: 90 })?.text).toBe('5');
    expect(pickRepeatedRead({ text: 'M1M1N1', confidence: 90 })?.text).toBe('M1');
    expect(pickRepeatedRead({ text: '6 8 5', confidence: 90 })).toBeUndefined();
    expect(pickRepeatedRead({ text: '6161', confidence: 90 })).toBeUndefined();
  });
});
