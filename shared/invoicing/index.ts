/**
 * The invoicing core of V3: pure, isomorphic functions over plain data (Node, Deno, browser).
 * PDF rendering (facturx/pdf.ts, pulls in pdf-lib) and validation (facturx/validate.ts, loads
 * xmllint-wasm and saxon-js lazily) are imported by path so screens that only total a quote do not
 * load them.
 */
export * from './model.ts';
export * from './money.ts';
export * from './totals.ts';
export * from './mentions.ts';
export * from './messages.ts';
export * from './numbering.ts';
export * from './hash-chain.ts';
export * from './fec.ts';
export * from './facturx/cii.ts';
