import { describe, expect, it } from 'vitest';
import { databaseKinds, stackFor } from './harness';

describe.each(databaseKinds())('catalogue and regions through the gateway (%s)', (db) => {
  const stack = stackFor({ db });

  const PRODUCT = 'id model kind tierCap supported serialPattern serialHint';

  it('holds at least 40 real products: bodies, lenses and Pro Video, some no longer supported', async () => {
    const { data } = await stack.query(`{ products { ${PRODUCT} } }`);
    const products = data.products as any[];
    expect(products.length).toBeGreaterThanOrEqual(40);
    const kinds = new Set(products.map((p) => p.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['BODY', 'LENS', 'PRO_VIDEO']));
    expect(products.filter((p) => !p.supported).length).toBeGreaterThanOrEqual(3);
    const proLenses = products.filter((p) => p.kind === 'LENS' && p.supported && p.tierCap === 'PLATINUM');
    expect(proLenses.length).toBeGreaterThanOrEqual(4);
    for (const product of products) {
      expect(() => new RegExp(product.serialPattern)).not.toThrow();
      expect(product.serialHint.length).toBeGreaterThan(10);
    }
    expect(new Set(products.map((p) => p.model)).size).toBe(products.length);
  });

  it('filters by kind and by support', async () => {
    const { data } = await stack.query('{ lenses: products(kind: LENS) { kind } current: products(supportedOnly: true) { supported } }');
    expect(data.lenses.length).toBeGreaterThan(10);
    expect(data.lenses.every((p: any) => p.kind === 'LENS')).toBe(true);
    expect(data.current.every((p: any) => p.supported)).toBe(true);
  });

  it('"EF 100mm f/2.8 Macro" and "EF 100mm f/2.8 Macro USM" are two distinct products', async () => {
    const { data } = await stack.query(`{
      old: productByModel(model: "EF 100mm f/2.8 Macro") { id model supported }
      usm: productByModel(model: "EF 100mm f/2.8 Macro USM") { id model supported }
      body: productByModel(model: "EOS 5D Mark IV") { kind tierCap }
      eighty: productByModel(model: "EOS 80D") { kind tierCap }
    }`);
    expect(data.old.model).toBe('EF 100mm f/2.8 Macro');
    expect(data.usm.model).toBe('EF 100mm f/2.8 Macro USM');
    expect(data.old.id).not.toBe(data.usm.id);
    expect(data.body).toEqual({ kind: 'BODY', tierCap: 'PLATINUM' });
    expect(data.eighty).toEqual({ kind: 'BODY', tierCap: 'SILVER' });
  });

  it('productByModel matches exactly, never fuzzily', async () => {
    const { data } = await stack.query(`{
      lower: productByModel(model: "eos 5d mark iv") { id }
      spaced: productByModel(model: "EOS 5D Mark IV ") { id }
      partial: productByModel(model: "EOS 5D") { id }
      prefix: productByModel(model: "EF 100mm f/2.8") { id }
    }`);
    expect(data).toEqual({ lower: null, spaced: null, partial: null, prefix: null });
  });

  it('product by id, and null for an unknown id', async () => {
    const { data } = await stack.query('{ a: product(id: "7") { model } b: product(id: "99999") { model } }');
    expect(data).toEqual({ a: { model: 'EOS 5D Mark IV' }, b: null });
  });

  it('regions hold the 31 programme countries, 10 of them Silver-only', async () => {
    const { data } = await stack.query('{ countries { code name maxTier } }');
    const countries = data.countries as any[];
    expect(countries).toHaveLength(31);
    const silverOnly = countries.filter((c) => c.maxTier === 'SILVER').map((c) => c.code).sort();
    expect(silverOnly).toEqual(['AE', 'EE', 'HR', 'KZ', 'LT', 'LV', 'RO', 'SI', 'TR', 'UA']);
    expect(countries.every((c) => /^[A-Z]{2}$/.test(c.code))).toBe(true);
    expect(countries.find((c) => c.code === 'GB')).toEqual({ code: 'GB', name: 'United Kingdom', maxTier: 'PLATINUM' });
  });

  it('country by ISO code; null outside the programme', async () => {
    const { data } = await stack.query('{ de: country(code: "DE") { name maxTier } us: country(code: "US") { name } }');
    expect(data).toEqual({ de: { name: 'Germany', maxTier: 'PLATINUM' }, us: null });
  });
});
